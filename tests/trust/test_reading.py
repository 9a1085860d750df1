"""Lint never passes what it did not read; every read is bounded; errors echo only an excerpt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.errors import CommsError
from incident_comms.textfiles import MAX_BYTES
from incident_comms.yamlsafe import loads

from .support import ANSWERS, REPO, comms, one_error_line, shell


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COMMS_RULES": None, "NO_COLOR": "1"})


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    return folder


def make(folder: Path, kind: str) -> Path:
    entry = folder / f"zz-{kind}.yaml"
    if kind == "dangling":
        entry.symlink_to(folder / "nowhere.yaml")
    elif kind == "loop":
        entry.symlink_to(entry)
    elif kind == "fifo":
        os.mkfifo(entry)
    elif kind == "device":
        entry.symlink_to("/dev/zero")
    elif kind == "directory":
        entry.mkdir()
    return entry


@pytest.mark.parametrize(
    ("kind", "says"),
    [("dangling", "a dangling symlink"), ("loop", "a symlink loop"), ("fifo", "not a regular file (a FIFO)"),
     ("device", "not a regular file (a device)"), ("directory", "is a directory")],
)
def test_a_rule_file_that_cannot_be_read_fails_lint_naming_it(policy: Path, kind: str, says: str) -> None:
    entry = make(policy, kind)
    result = invoke("lint", str(policy))
    assert result.exit_code == 2, result.stdout
    line = one_error_line(result.stderr)
    assert str(entry) in line and says in line
    assert "No problems" not in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_rule_file_fails_lint(policy: Path) -> None:
    (policy / "summary.yaml").chmod(0)
    result = invoke("lint", str(policy))
    assert result.exit_code == 2 and "permission denied" in one_error_line(result.stderr)


def test_hidden_entries_such_as_editor_locks_are_not_rule_files(policy: Path) -> None:
    (policy / ".#summary.yaml").symlink_to("user@host.1234")  # what Emacs leaves while editing
    assert invoke("lint", str(policy)).exit_code == 0


def test_a_rules_folder_that_is_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for args in (("lint", str(loop)), ("checklist", "--rules", str(loop))):
        result = invoke(*args)
        assert result.exit_code == 2 and "a symlink loop" in one_error_line(result.stderr)


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom", "link-to-zero"])
def test_answers_from_an_endless_device_stop_at_the_size_limit(tmp_path: Path, source: str) -> None:
    if source == "link-to-zero":
        (tmp_path / "answers.yaml").symlink_to("/dev/zero")
        source = str(tmp_path / "answers.yaml")
    for args in (("assess", "--answers", source), ("checklist", "--from", source)):
        done = comms(*args)
        assert done.returncode == 2
        assert f"over {MAX_BYTES} bytes" in one_error_line(done.stderr)


def test_answers_from_a_pipe_are_read(tmp_path: Path) -> None:
    done = shell(f"comms assess --answers <(cat {ANSWERS}) --format json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["decision"]["headline"] == "status_page_only"


def test_a_long_comment_line_is_read_in_linear_time(policy: Path) -> None:
    """The old surrogate-pair pre-pass was quadratic here (20 s and more); the timeout only guards a hang."""
    line = "# " + ('"\\u' * 35_000) + "\n"
    summary = policy / "summary.yaml"
    summary.write_text(line + summary.read_text(encoding="utf-8"), encoding="utf-8")
    done = comms("lint", "--format", "concise", str(policy))
    assert done.returncode == 0, done.stderr


def test_surrogate_pairs_are_joined_in_double_quotes_only_and_columns_stay() -> None:
    assert loads('a: "x\\ud83d\\ude00y"\n', "a.yaml") == {"a": "x\U0001f600y"}
    assert loads("a: 'x\\ud83d\\ude00y'\n# \"\\ud83d\\ude00\"\n", "a.yaml") == {"a": "x\\ud83d\\ude00y"}
    with pytest.raises(CommsError) as error:
        loads('a: "\\ud83d\\ude00", b: [\n', "a.yaml")
    assert error.value.location is not None and error.value.location.column == 18  # the comma, as written
    with pytest.raises(CommsError, match="half of a surrogate pair"):
        loads('a: "\\ud83d"\n', "a.yaml")


def test_a_json_answers_file_with_astral_characters_replays(tmp_path: Path) -> None:
    """`json.dumps` (ensure_ascii) writes U+1F600 as a surrogate pair; it reads back as the character."""
    done = comms("assess", "--answers", str(ANSWERS), "--format", "json")
    record = json.loads(done.stdout)
    record["note"] = "😀"
    saved = tmp_path / "record.json"
    saved.write_text(json.dumps(record), encoding="utf-8")
    assert "\\ud83d" in saved.read_text(encoding="utf-8")
    again = comms("assess", "--answers", str(saved), "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["decision"] == record["decision"]


@pytest.mark.parametrize("command", ["assess", "checklist"])
def test_a_record_with_duplicate_keys_is_refused(tmp_path: Path, command: str) -> None:
    done = comms("assess", "--answers", str(ANSWERS), "--format", "json")
    text = done.stdout.replace('"severity": "minor"', '"severity": "minor",\n    "severity": "critical"', 1)
    assert text != done.stdout
    record = tmp_path / "record.json"
    record.write_text(text, encoding="utf-8")
    option = "--answers" if command == "assess" else "--from"
    result = comms(command, option, str(record))
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert "duplicate key 'severity'" in line and f"{record}:" in line


def test_one_reader_for_records() -> None:
    """Whoever reads a record reads it through record_file (so duplicate keys are refused everywhere)."""
    for path in (REPO / "incident_comms").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "record_file.py" and "def read_record" in text:
            body = text.split("def read_record", 1)[1].split("\ndef ", 1)[0]
            assert "record_file" in body and "json.load" not in body, path


def test_replay_refuses_a_record_with_duplicate_keys(tmp_path: Path) -> None:
    done = comms("assess", "--answers", str(ANSWERS), "--format", "json")
    record = tmp_path / "record.json"
    record.write_text(done.stdout.replace('"severity": "minor"', '"severity": "minor", "severity": "major"', 1))
    result = comms("replay", str(record))
    assert result.returncode == 2 and "duplicate key 'severity'" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    "args",
    [("--set", "severity=" + "x" * 810_000), ("--set", "q" * 810_000 + "=1")],
)
def test_an_error_echoes_only_an_excerpt_of_a_huge_value(args: tuple[str, str]) -> None:
    result = invoke("assess", "--answers", str(ANSWERS), *args)
    assert result.exit_code == 2
    assert len(one_error_line(result.stderr)) < 600


def test_a_huge_value_in_an_answers_file_is_echoed_as_an_excerpt(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.read_text(encoding="utf-8").replace("severity: minor", "severity: " + "y" * 800_000))
    result = invoke("assess", "--answers", str(answers))
    line = one_error_line(result.stderr)
    assert result.exit_code == 2 and len(line) < 600 and "800000 characters" in line


def test_a_huge_value_in_a_rule_file_is_an_excerpt_in_lint(policy: Path) -> None:
    questions = policy / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("id: severity", "id: " + "Z" * 500_000, 1))
    result = invoke("lint", "--format", "concise", str(policy))
    assert result.exit_code == 1
    assert max(len(line) for line in result.stdout.splitlines()) < 1000
