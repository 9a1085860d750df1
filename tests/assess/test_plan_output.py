"""`comms assess` shows the decision as a plan: what to do now first, messages by when they go out.

On a small policy shaped like the default one (``fixtures/plan``), so these promises
hold for any policy: everything is worded from the policy's labels.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app

POLICY = Path(__file__).resolve().parent / "fixtures" / "plan"
WAITING = {"severity": "major", "security": False, "resolved": False, "users_must_act": False}
ON_HOLD = {"severity": "minor", "security": True, "hold": True, "resolved": False, "users_must_act": True}
ENV = {"COMMS_RULES": None, "NO_COLOR": None, "FORCE_COLOR": None, "TERM": None, "COLUMNS": None}


def assess(answers: dict[str, Any], *args: str, **env: str) -> str:
    options = [f"--set={qid}={'yes' if v is True else 'no' if v is False else v}" for qid, v in answers.items()]
    result = CliRunner().invoke(app, ["assess", "--rules", str(POLICY), *options, *args], env={**ENV, **env})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_waiting_incident_starts_with_what_to_do_now() -> None:
    lines = assess(WAITING).splitlines()
    assert lines[0] == "WAIT: nothing of yours goes out now; your messages are planned for later."


def test_messages_are_grouped_by_timing_in_declared_order_as_sentences_in_labels() -> None:
    out = assess(ON_HOLD)
    block = out[out.index("Messages"):out.index("To do")]
    assert block.splitlines() == [
        "Messages",
        "  Now",
        "    - Email the owners and admins of impacted orgs — you",
        "  On hold until the incident lead agrees",
        "    - Update the status page for everyone — the incident lead",
        "",
    ]


def test_no_raw_ids_outside_the_answers_block() -> None:
    out = assess(WAITING)
    shown = out[: out.index("Scoping answers")]
    for raw in ("status_page", "impacted_owners_admins", "after_resolution", "comms_lead", "every_hour", "brief"):
        assert raw not in shown


def test_actions_are_a_numbered_list_in_declared_order() -> None:
    out = assess(ON_HOLD, "--format", "markdown")
    numbered = [line for line in out.splitlines() if re.match(r"\d+\. ", line)]
    assert [line.split(". ", 1)[0] for line in numbered] == ["1", "2", "3", "1"]
    assert numbered[0].startswith("1. Align with the incident lead")
    assert numbered[2] == "3. Brief Sales and Support on the impact."


def test_the_answers_block_reads_back_as_the_same_answers(tmp_path: Path) -> None:
    out = assess(ON_HOLD, "--format", "markdown")
    block = out.split("```\n")[1]
    (tmp_path / "answers.yaml").write_text(block, encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", "--rules", str(POLICY), "--answers", str(tmp_path / "answers.yaml"),
                                      "--format", "json"], env=ENV)
    assert json.loads(result.stdout)["answers"] == ON_HOLD


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_why_shows_rule_file_and_line_only_with_explain(fmt: str) -> None:
    assert "rules.yaml:" not in assess(WAITING, "--format", fmt)
    explained = assess(WAITING, "--format", fmt, "--explain")
    line = next(n for n, text in enumerate((POLICY / "rules.yaml").read_text().splitlines(), 1)
                if "id: email-after-resolution" in text)
    assert "email-after-resolution" in explained and f"rules.yaml:{line}" in explained
    assert "Downtime is explained once it is over." in explained


def test_explain_names_what_is_not_planned_and_why() -> None:
    out = assess({**WAITING, "severity": "minor"}, "--explain")
    assert "Not planned" in out
    assert "why: The status page is enough. [no-email, rules.yaml:" in out


def test_markdown_uses_only_what_github_and_slack_both_render() -> None:
    out = assess(ON_HOLD, "--format", "markdown", "--explain")
    assert not re.search(r"^#", out, re.MULTILINE)  # Slack shows # headings literally
    assert "**" not in out  # Slack shows double asterisks literally
    assert "|" not in out  # no tables
    assert out.splitlines()[0] == "*SEND NOW: a message of yours goes out now.*"
    assert all(len(line) < 400 for line in out.splitlines())


# ---- width and colour ---------------------------------------------------------------
def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("columns", ["40", "20", "1"])
def test_narrow_output_wraps_at_word_boundaries_and_loses_nothing(columns: str) -> None:
    wide = assess(ON_HOLD, "--explain", COLUMNS="500")
    narrow = assess(ON_HOLD, "--explain", COLUMNS=columns)
    limit = max(int(columns), 20)
    assert words(narrow) == words(wide)  # every word, in order: nothing cut, nothing lost
    for line in narrow.splitlines():
        assert len(line) <= limit or " " not in line.strip(), line  # only a single long word may overflow


@pytest.mark.parametrize("columns", ["0", "", "wide", "-5"])
def test_an_unusable_columns_means_80_when_piped(columns: str) -> None:
    out = assess(ON_HOLD, "--explain", COLUMNS=columns)
    assert out == assess(ON_HOLD, "--explain", COLUMNS="80")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_piped_output_has_no_escape_sequences() -> None:
    assert "\x1b" not in assess(ON_HOLD)


@pytest.mark.parametrize(
    ("env", "styled"),
    [
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ({"FORCE_COLOR": "0"}, False),
        ({"TERM": "dumb"}, False),
    ],
)
def test_colour_follows_no_color_force_color_and_term(env: dict[str, str], styled: bool) -> None:
    out = assess(ON_HOLD, **env)
    assert ("\x1b[" in out) is styled
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == assess(ON_HOLD)  # colour adds styling, never text


HOSTILE = r"""
questions:
  - {id: severity, prompt: How bad?, kind: single, choices: [minor, major]}
fields:
  headline:
    type: enum
    headline: true
    required: true
    values:
      - {value: go, label: "GO \e[2J\e]0;title\a now <script>x</script> **bold** [link](http://x) | pipe"}
  messages:
    type: records
    key: channel
    group_by: timing
    values: [{value: email, label: "Email\u202e reversed"}]
    attributes:
      timing: [{value: now, label: "Now\nsecond line"}]
      owner: [{value: you, label: "`you`"}]
rules:
  - id: go
    then:
      headline: go
      messages:
        email: {timing: now, owner: you}
    because: "Because \e[31mred\e[0m."
"""


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_labels_cannot_reach_the_terminal_as_control_sequences_or_markup(fmt: str, write_policy) -> None:
    folder = write_policy({"policy.yaml": HOSTILE})
    result = CliRunner().invoke(app, ["assess", "--rules", str(folder), "--set", "severity=minor", "--format", fmt,
                                      "--explain"], env=ENV)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert (r"\\x1b\[2J" if fmt == "markdown" else r"\x1b[2J") in out  # shown as an escape, never sent
    if fmt == "markdown":
        assert "<script>" not in out and "&lt;script&gt;" in out
        assert "**bold**" not in out and "[link](" not in out and "\\|" in out
        assert "Now second line" in out  # a newline in a label cannot start a line of markup
    else:
        assert "Now second line" in out


def test_the_json_record_carries_the_texts_and_why_without_explain() -> None:
    record = json.loads(assess(WAITING, "--format", "json"))
    assert record["decision"]["headline"] == "wait"
    assert record["labels"] == {
        "headline": "WAIT: nothing of yours goes out now; your messages are planned for later.",
        "update_cadence": "Every hour",
    }
    assert record["decision"]["contacts"] == [{"id": "support_watcher", "text": "The support watcher in #team-support"}]
    assert {entry["file"] for entry in record["fired"]} == {"rules.yaml"}
    assert [e["rule"] for e in record["fired"] if "headline" in e["decided"]] == ["headline-wait"]
