"""`comms draft`: the planned messages as drafts, details filled or shown as placeholders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from drafts_support import BASIC, MAJOR_OPEN, MAJOR_RESOLVED

from incident_comms.record import build_record, to_json


def answers_file(tmp_path: Path, answers: dict, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


def test_every_planned_message_gets_its_draft_in_decision_order(run, tmp_path):
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_OPEN), "-d", "title=Flags are slow",
                 "-d", "impact=Flags take 30 s to load")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("draft status-page") < out.index("draft email-after-resolution") < out.index("draft brief")
    assert "Subject: Resolved: Flags are slow" in out
    assert "Flags take 30 s to load (after_resolution)." in out
    assert "handbook: Incident comms › Email (https://example.com/comms)" in out
    assert result.stderr == ""


def test_missing_details_show_as_placeholders_and_are_listed_on_stderr(run, tmp_path):
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_RESOLVED), "-d", "title=Flags are slow")
    assert result.exit_code == 0
    assert "[what customers see]." in result.stdout
    assert "impact [what customers see]" in result.stderr
    assert "title" not in result.stderr.split("placeholders:")[1].split("(")[0]


def test_details_come_from_a_file_and_the_command_line_wins(run, tmp_path):
    details = tmp_path / "details.yaml"
    details.write_text("title: From the file\nimpact: Dashboards do not load\n", encoding="utf-8")
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_RESOLVED), "--details", details,
                 "--detail", "title=From the option", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["details"] == {"title": "From the option", "impact": "Dashboards do not load"}
    assert data["missing_details"] == []


@pytest.mark.parametrize(("content", "expected"), [
    ("titel: x\n", "details.yaml:1:1: unknown detail 'titel' (details: title, impact)"),
    ("title: 14:00\n", "details.yaml:1:1: title: expected text, found int; quote it"),
    ("- a\n", "a details file must be a mapping"),
])
def test_bad_details_are_one_line_with_their_place(run, tmp_path, content, expected):
    details = tmp_path / "details.yaml"
    details.write_text(content, encoding="utf-8")
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_RESOLVED), "--details", details)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_detail_option_names_the_known_ones(run, tmp_path):
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_RESOLVED), "-d", "nope=1")
    assert result.exit_code == 2
    assert "unknown detail 'nope' (details: title, impact)" in result.stderr


def test_json_has_one_object_per_draft_with_its_ids(run, tmp_path):
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_OPEN), "-f", "json", "-d", "title=T")
    data = json.loads(result.stdout)
    assert data["answers"] == MAJOR_OPEN
    assert data["missing_details"] == ["impact"]
    email = data["drafts"][1]
    assert {k: email[k] for k in ("draft", "channel", "audience", "timing", "owner", "rule")} == {
        "draft": "email-after-resolution", "channel": "email", "audience": "owners",
        "timing": "after_resolution", "owner": "comms_lead", "rule": "email-later",
    }
    assert email["subject"] == "Resolved: T"
    assert email["placeholders"] == ["impact"]
    assert email["cite"]["url"] == "https://example.com/comms"
    brief = data["drafts"][2]
    assert brief["channel"] is None and brief["item"] == {"id": "brief", "text": "Brief Sales and Support."}


def test_customer_io_liquid_passes_through_untouched(run, tmp_path):
    result = run("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_OPEN))
    assert 'Hi {{ customer.org_name | default: "there" }},' in result.stdout


def test_from_a_saved_record(run, tmp_path):
    saved = run("assess", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_RESOLVED), "-o", tmp_path / "record.json")
    assert saved.exit_code == 0, saved.stderr
    result = run("draft", "-r", BASIC, "--from", tmp_path / "record.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [d["draft"] for d in json.loads(result.stdout)["drafts"]] == ["status-page", "email-now"]
    assert run("draft", "-r", BASIC, "--from", tmp_path / "record.json", "-s", "resolved=no").exit_code == 2


def test_answers_as_for_assess_and_missing_ones_listed(run):
    result = run("draft", "-r", BASIC, "-s", "severity=minor", "--no-input")
    assert result.exit_code == 2
    assert "missing answers: resolved" in result.stderr
    result = run("draft", "-r", BASIC, "-s", "severity=minor", "-s", "resolved=yes")
    assert result.exit_code == 0
    assert "draft status-page" in result.stdout and "email" not in result.stdout


def test_a_gap_at_run_time_is_an_error_not_a_silent_omission(run, tmp_path):
    root = tmp_path / "policy"
    root.mkdir()
    for path in BASIC.iterdir():
        (root / path.name).write_text(path.read_text(encoding="utf-8").replace("is: now}", "is: after_resolution}\n    # x"), encoding="utf-8")
    result = run("draft", "-r", root, "-s", "severity=major", "-s", "resolved=yes")
    assert result.exit_code == 2
    assert "no draft is for the planned email message with these answers" in result.stderr


def test_output_dir_writes_one_file_per_draft_and_refuses_to_overwrite(run, tmp_path):
    out = tmp_path / "drafts"
    args = ("draft", "-r", BASIC, "-a", answers_file(tmp_path, MAJOR_OPEN), "-f", "markdown", "--output-dir", out)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01-status-page.md", "02-email-after-resolution.md", "03-brief.md"]
    assert result.stdout.splitlines() == [str(out / n) for n in names]
    before = (out / "01-status-page.md").read_text(encoding="utf-8")
    (out / "02-email-after-resolution.md").write_text("mine", encoding="utf-8")
    again = run(*args, "-d", "title=Changed")
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    assert (out / "01-status-page.md").read_text(encoding="utf-8") == before  # nothing half-written
    forced = run(*args, "-d", "title=Changed", "--force")
    assert forced.exit_code == 0
    assert "Changed" in (out / "02-email-after-resolution.md").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_output_dir_must_be_a_folder(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = run("draft", "-r", BASIC, "-s", "severity=minor", "-s", "resolved=yes", "--output-dir", target)
    assert result.exit_code == 2 and "is not a folder" in result.stderr


def test_unknown_format_and_exclusive_options_exit_2(run):
    assert run("draft", "-r", BASIC, "-f", "html").exit_code == 2
    result = run("draft", "-r", BASIC, "--from", "r.json", "-a", "a.yaml")
    assert result.exit_code == 2 and "--from is exclusive" in result.stderr


def test_a_record_made_by_build_record_replays(run, tmp_path):
    from incident_comms.engine import decide
    from incident_comms.policy.load import load_policy

    policy = load_policy(BASIC)
    record = tmp_path / "r.json"
    record.write_text(to_json(build_record(policy, MAJOR_OPEN, decide(policy, MAJOR_OPEN), [])), encoding="utf-8")
    result = run("draft", "-r", BASIC, "--from", record)
    assert result.exit_code == 0 and "draft brief" in result.stdout


@pytest.mark.parametrize("kind", ["binary", "folder", "missing"])
def test_a_details_file_that_is_not_text_is_one_line_exit_2(run, tmp_path, kind):
    path = tmp_path / "details.yaml"
    if kind == "binary":
        path.write_bytes(b"\x00\x01\xffGIF89a")
    elif kind == "folder":
        path.mkdir()
    result = run("draft", "-r", BASIC, "-s", "severity=minor", "-s", "resolved=yes", "--details", path)
    assert result.exit_code == 2
    assert result.stderr.startswith("comms: error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "corpus"


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.yaml")), ids=lambda p: p.name)
def test_every_hostile_file_as_details_is_one_safe_line_or_no_details(run, path):
    result = run("draft", "-r", BASIC, "-s", "severity=minor", "-s", "resolved=yes", "--details", path, "-f", "json")
    if path.name in ("empty.yaml", "comments_only.yaml"):
        assert result.exit_code == 0 and json.loads(result.stdout)["details"] == {}
        return
    assert result.exit_code == 2, result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith(f"comms: error: {path}")
    assert "\x1b" not in line and "\x07" not in line
