"""Every format escapes user text for where it goes; the slack output passes Slack's own models."""

from __future__ import annotations

import json

import pytest
from drafts_support import BASIC
from slack_sdk.models.blocks import Block

from incident_comms.cli import app  # noqa: F401 (the command is registered)
from incident_comms.commands.draft import FORMAT_NAMES
from incident_comms.drafts.formats import FORMATS, _chunks, mrkdwn

HOSTILE = "<!channel> & <https://evil.example|click> *now*\x1b[31mred\u202e"
ANSWERS = ("-s", "severity=major", "-s", "resolved=no")


def drafted(run, fmt: str, *details: str):
    result = run("draft", "-r", BASIC, *ANSWERS, "-f", fmt, *details)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_command_offers_exactly_the_registered_formats():
    assert tuple(FORMATS) == FORMAT_NAMES


def test_slack_payloads_pass_slacks_block_models(run):
    payloads = json.loads(drafted(run, "slack", "-d", f"title={HOSTILE}", "-d", "impact=" + "long line\n" * 700))
    assert len(payloads) == 3
    for payload in payloads:
        assert len(payload["blocks"]) <= 50
        for raw in payload["blocks"]:
            block = Block.parse(raw)
            block.validate_json()  # raises SlackObjectFormationError on a bad block
            assert block.to_dict() == raw


def test_slack_escapes_exactly_amp_lt_gt_so_no_mention_or_link_comes_from_user_text(run):
    payloads = json.loads(drafted(run, "slack", "-d", f"title={HOSTILE}"))
    texts = [p["text"] for p in payloads] + [
        t for payload in payloads for b in payload["blocks"]
        for t in ([b["text"]["text"]] if "text" in b else [e["text"] for e in b.get("elements", [])])
    ]
    joined = "\n".join(texts)
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; *now*" in joined
    assert "<!" not in joined and "\x1b" not in joined and "\u202e" not in joined
    assert mrkdwn("a & b < c > d") == "a &amp; b &lt; c &gt; d"


def test_text_cannot_carry_terminal_escapes_or_ci_workflow_commands(run):
    out = drafted(run, "text", "-d", "title=\x1b]0;pwned\x07", "-d", "impact=ok\n::error file=x::boom\n  ::set-env name=A::1")
    assert "\x1b" not in out and "\x07" not in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]
    assert "\\x3a:error file=x::boom" in out


def test_markdown_keeps_the_body_in_a_fence_it_cannot_close(run):
    out = drafted(run, "markdown", "-d", "impact=```\n# not a heading", "-d", "title=*bold* [x](y)")
    assert "````text\n" in out  # longer than the run of backticks inside
    assert "**Subject:** Resolved: \\*bold\\* \\[x\\](y)" in out


def test_json_carries_no_control_characters_and_the_same_data(run):
    out = drafted(run, "json", "-d", f"title={HOSTILE}é")
    assert "\x1b" not in out and "\u202e" not in out and "é" in out
    data = json.loads(out)
    assert data["drafts"][0]["subject"] == HOSTILE + "é"


@pytest.mark.parametrize("limit", [10, 40])
def test_long_bodies_are_cut_at_line_ends_within_the_limit(limit):
    text = "\n".join(f"line {i}" for i in range(30))
    pieces = _chunks(text, limit)
    assert all(len(p) <= limit for p in pieces)
    assert "\n".join(pieces).split() == text.split()
