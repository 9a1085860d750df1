"""`comms replay RECORD...`: saved records decided again under another policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app

HERE = Path(__file__).parent
OLD, NEW = HERE / "fixtures" / "old", HERE / "fixtures" / "new"
INCIDENTS = {
    "exposed.json": "{security: true, exposed: true, resolved: false, severity: minor}",
    "major.json": "{security: false, severity: major, resolved: true}",
    "minor.json": "{security: false, severity: minor, resolved: true}",
}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three records saved by `comms assess --output` under the old policy, in one folder."""
    tmp_path = tmp_path_factory.mktemp("replay")
    folder = tmp_path / "records"
    folder.mkdir()
    for name, answers in INCIDENTS.items():
        source = tmp_path / f"{name}.yaml"
        source.write_text(answers)
        saved = invoke("assess", "--no-input", "--rules", str(OLD), "--answers", str(source), "--output", str(folder / name))
        assert saved.exit_code == 0, saved.stderr
    return folder


def test_records_decided_differently_are_listed_with_the_change(records: Path) -> None:
    result = invoke("replay", str(records), "--rules", str(NEW), "--set", "users_can_act=no")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    exposed = next(i for i, line in enumerate(lines) if "exposed.json" in line)
    assert lines[exposed].split()[0] == "changed" and lines[exposed + 1].strip() == "messages.email: timing hold → now"
    assert "minor.json" not in result.stdout  # decided the same: not listed
    assert lines[-1] == "3 records: 2 decided differently, 0 not replayed, 1 the same."


def test_under_the_policy_that_saved_them_nothing_changes_and_exit_0(records: Path) -> None:
    result = invoke("replay", str(records / "major.json"), str(records / "minor.json"), "--rules", str(OLD))
    assert result.exit_code == 0
    assert "every decision is the same" in result.stdout


def test_a_question_the_records_never_answered_is_said_not_guessed(records: Path) -> None:
    result = invoke("replay", str(records), "--rules", str(NEW), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"changed": 0, "not_replayed": 3, "same": 0, "records": 3}
    assert {r["problem"] for r in data["records"]} == {"the policy asks users_can_act, which the record does not answer"}


def test_json_lists_every_record_with_its_status(records: Path) -> None:
    data = json.loads(invoke("replay", str(records), "--rules", str(NEW), "--set", "users_can_act=yes", "-f", "json").stdout)
    by_name = {Path(r["path"]).name: r for r in data["records"]}
    assert by_name["minor.json"]["status"] == "changed"  # users who can act are emailed now
    assert {"field": "messages.email", "before": "none", "after": {"timing": "now"}} in by_name["minor.json"]["changes"]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "YAML syntax error"),  # records are read by the one record reader (record_file)
    ('{"security": true}', "not a saved record: it has no \"answers\""),
    ("[1, 2]", "not a saved record"),
])
def test_a_file_that_is_not_a_record_is_one_error_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = invoke("replay", str(bad), "--rules", str(OLD))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(bad) in result.stderr and message in result.stderr


def test_missing_paths_and_empty_folders_exit_2(tmp_path: Path) -> None:
    missing = invoke("replay", str(tmp_path / "nope"), "--rules", str(OLD))
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    empty = invoke("replay", str(tmp_path), "--rules", str(OLD))
    assert empty.exit_code == 2 and "no records (*.json)" in empty.stderr


# ---- the incident journal -------------------------------------------------------------------
@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal with two incidents assessed under the old policy (the first one twice)."""
    tmp = tmp_path_factory.mktemp("journal")
    path = tmp / "journal.db"
    for incident, name in (("inc-1", "minor.json"), ("inc-1", "exposed.json"), ("inc-2", "major.json")):
        source = tmp / f"{name}.yaml"
        source.write_text(INCIDENTS[name])
        saved = invoke("assess", "--no-input", "--rules", str(OLD), "--answers", str(source), "--incident", incident,
                       "--journal", str(path))
        assert saved.exit_code == 0, saved.stderr
    return path


def test_every_assessment_of_an_incident_in_the_journal_is_replayed(journal: Path) -> None:
    result = invoke("replay", "--incident", "inc-1", "--journal", str(journal), "--rules", str(NEW),
                    "--set", "users_can_act=no", "-f", "json")
    assert result.exit_code == 1, result.stderr
    records = json.loads(result.stdout)["records"]
    assert [r["status"] for r in records] == ["same", "changed"]
    assert records[1]["path"].startswith("incident inc-1, assessed ")
    assert records[1]["changes"] == [{"field": "messages.email", "before": {"timing": "hold"}, "after": {"timing": "now"}}]


def test_incidents_replays_the_whole_journal_beside_record_files(journal: Path, records: Path) -> None:
    result = invoke("replay", str(records / "minor.json"), "--incidents", "--journal", str(journal), "--rules", str(OLD))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "4 records: 0 decided differently, 0 not replayed, 4 the same."


def test_an_unknown_incident_or_journal_is_exit_2(journal: Path, tmp_path: Path) -> None:
    unknown = invoke("replay", "--incident", "inc-9", "--journal", str(journal), "--rules", str(OLD))
    assert unknown.exit_code == 2 and "--incident 'inc-9': no such incident in the journal" in unknown.stderr
    missing = invoke("replay", "--incidents", "--journal", str(tmp_path / "none.db"), "--rules", str(OLD))
    assert missing.exit_code == 2 and "no journal at" in missing.stderr
    nothing = invoke("replay", "--rules", str(OLD))
    assert nothing.exit_code == 2 and "nothing to replay" in nothing.stderr
