"""`comms assess` from the outside: formats, the JSON contract, --output, --set, errors, safety."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app

TINY_POLICY = r"""
questions:
  - id: severity
    prompt: How severe is it?
    help: Minor or major.
    kind: single
    choices:
      - {value: minor, label: Minor}
      - {value: major, label: Major}
    default: major
  - id: security
    prompt: Is it a security incident?
    kind: yes_no
  - id: exposed
    ask_when: {security: true}
    prompt: Is data exposed?
    kind: yes_no
fields:
  send:
    type: bool
    required: true
    description: Send comms
rules:
  - id: send-major
    when: {severity: major}
    then: {send: true}
    because: "Major \e]0;pwned\a [bold red]x[/] incidents get comms."
  - id: send-otherwise
    then: {send: false}
    because: Otherwise stay quiet.
"""
ANSWERS = ["--set", "severity=major", "--set", "security=no"]


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "policy.yaml").write_text(TINY_POLICY, encoding="utf-8")
    return folder


def assess(*args: str, env: dict[str, Any] | None = None) -> Any:
    """Run `comms assess` in-process; stdin is not a terminal, so it never prompts."""
    full_env = {"COMMS_RULES": None, "NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "200", **(env or {})}
    result = CliRunner().invoke(app, ["assess", *args], env=full_env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def error_line(result: Any) -> str:
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("comms: error: "), result.stderr
    return lines[0]


# ---- formats and the JSON contract ------------------------------------------------------
def test_json_record_has_the_documented_keys(rules: Path) -> None:
    result = assess("--rules", str(rules), "--format", "json", *ANSWERS)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert list(record) == ["version", "policy", "answers", "decision", "labels", "fired", "warnings"]
    assert record["policy"]["name"] is None and record["policy"]["version"] is None  # this policy declares neither
    assert set(record["policy"]) == {"path", "sha256", "name", "version"}
    assert re.fullmatch(r"[0-9a-f]{64}", record["policy"]["sha256"])
    assert record["answers"] == {"severity": "major", "security": False}
    assert record["decision"] == {"send": True}
    assert record["fired"] == [
        {
            "rule": "send-major",
            "file": "policy.yaml",  # relative to the policy folder
            "line": record["fired"][0]["line"],
            "reason": "Major \x1b]0;pwned\x07 [bold red]x[/] incidents get comms.",
            "decided": ["send"],
        }
    ]
    assert record["warnings"] == []
    assert result.stderr == ""


def test_text_format_shows_the_decision_and_why_only_with_explain(rules: Path) -> None:
    plain = assess("--rules", str(rules), *ANSWERS)
    assert plain.exit_code == 0
    assert "Send comms: yes" in plain.stdout
    assert "send-major" not in plain.stdout
    explained = assess("--rules", str(rules), "--explain", *ANSWERS)
    assert "Send comms: yes" in explained.stdout
    assert "[send-major, policy.yaml:24]" in explained.stdout


def test_markdown_format(rules: Path) -> None:
    result = assess("--rules", str(rules), "--format", "markdown", *ANSWERS)
    assert result.exit_code == 0
    assert "- Send comms: yes\n" in result.stdout
    assert "send-major" not in result.stdout
    explained = assess("--rules", str(rules), "--format", "markdown", "--explain", *ANSWERS)
    assert "- Send comms: yes\n  - why: Major" in explained.stdout
    assert "(`send-major`, `policy.yaml:24`)" in explained.stdout


def test_explain_changes_nothing_in_the_json_record(rules: Path) -> None:
    plain = json.loads(assess("--rules", str(rules), "-f", "json", *ANSWERS).stdout)
    explained = json.loads(assess("--rules", str(rules), "-f", "json", "--explain", *ANSWERS).stdout)
    assert plain == explained
    assert plain["fired"][0]["rule"] == "send-major"


def test_an_unknown_format_is_a_usage_error(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), "--format", "yaml", *ANSWERS))
    assert "--format 'yaml'" in line and "text, markdown, json" in line


def test_the_same_decision_in_every_format(rules: Path) -> None:
    low = ["--set", "severity=minor", "--set", "security=no"]
    assert json.loads(assess("--rules", str(rules), "-f", "json", *low).stdout)["decision"] == {"send": False}
    assert "Send comms: no" in assess("--rules", str(rules), *low).stdout
    assert "- Send comms: no" in assess("--rules", str(rules), "-f", "markdown", *low).stdout


# ---- answers: --set, files, missing, ignored ---------------------------------------------
def test_set_is_repeatable_and_the_last_one_wins(rules: Path) -> None:
    result = assess("--rules", str(rules), "-f", "json", "-s", "severity=minor", "-s", "security=no",
                    "-s", "severity=major")
    assert json.loads(result.stdout)["answers"]["severity"] == "major"


def test_set_overrides_the_answers_file(rules: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("severity: minor\nsecurity: false\n", encoding="utf-8")
    result = assess("--rules", str(rules), "-f", "json", "--answers", str(answers), "-s", "severity=major")
    assert json.loads(result.stdout)["answers"] == {"severity": "major", "security": False}


def test_a_saved_record_can_be_replayed_as_answers(rules: Path, tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    assert assess("--rules", str(rules), "--output", str(record), *ANSWERS).exit_code == 0
    replay = assess("--rules", str(rules), "-f", "json", "--answers", str(record))
    assert json.loads(replay.stdout)["answers"] == {"severity": "major", "security": False}


def test_missing_answers_without_a_terminal_exit_2_and_list_the_ids(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), "--set", "severity=major"))
    assert "missing answers: security" in line
    assert "--answers FILE or --set ID=VALUE" in line


def test_missing_answers_list_only_questions_that_are_asked(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), "--set", "security=yes"))
    assert "missing answers: severity, exposed " in line


def test_an_answer_to_a_question_not_asked_is_a_warning(rules: Path) -> None:
    result = assess("--rules", str(rules), "-f", "json", *ANSWERS, "--set", "exposed=yes")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "comms: warning: ignored the answer to 'exposed': that question is not asked for these answers"
    ]
    record = json.loads(result.stdout)
    assert "exposed" not in record["answers"]
    assert record["warnings"] == [
        "ignored the answer to 'exposed': that question is not asked for these answers"
    ]


def test_an_unknown_question_is_an_error(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), *ANSWERS, "--set", "colour=red"))
    assert "unknown question 'colour'" in line


def test_a_bad_value_names_the_choices(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), "--set", "severity=huge", "--set", "security=no"))
    assert "'huge' is not an answer (minor, major)" in line


# ---- --output -------------------------------------------------------------------------------
def test_output_saves_the_json_record(rules: Path, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    result = assess("--rules", str(rules), "-f", "json", "--output", str(target), *ANSWERS)
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(result.stdout)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy", "record.json"]  # no temp file left


def test_output_refuses_to_overwrite_without_force(rules: Path, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    target.write_text("keep me", encoding="utf-8")
    line = error_line(assess("--rules", str(rules), "--output", str(target), *ANSWERS))
    assert line == f"comms: error: {target}: already exists; use --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_output_is_checked_before_anything_is_asked(rules: Path, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    target.write_text("keep me", encoding="utf-8")
    line = error_line(assess("--rules", str(rules), "--output", str(target)))  # every answer missing
    assert "already exists" in line


def test_force_overwrites(rules: Path, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    target.write_text("old", encoding="utf-8")
    assert assess("--rules", str(rules), "--output", str(target), "--force", *ANSWERS).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["decision"] == {"send": True}


def test_nothing_is_written_when_the_assessment_fails(rules: Path, tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    error_line(assess("--rules", str(rules), "--output", str(target), "--set", "severity=huge", "-s", "security=no"))
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy"]


def test_output_into_a_missing_folder_is_refused_up_front(rules: Path, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "record.json"
    line = error_line(assess("--rules", str(rules), "--output", str(target), *ANSWERS))
    assert "its folder does not exist" in line


# ---- which rules ------------------------------------------------------------------------------
def test_comms_rules_environment_variable_picks_the_policy(rules: Path) -> None:
    result = assess("-f", "json", *ANSWERS, env={"COMMS_RULES": str(rules)})
    assert json.loads(result.stdout)["fired"][0]["rule"] == "send-major"


def test_rules_option_beats_the_environment(rules: Path, tmp_path: Path) -> None:
    result = assess("--rules", str(rules), "-f", "json", *ANSWERS, env={"COMMS_RULES": str(tmp_path / "nope")})
    assert result.exit_code == 0


def test_the_bundled_policy_is_the_default() -> None:
    line = error_line(assess())
    assert "missing answers: products, region, severity" in line


# ---- colour and escapes --------------------------------------------------------------------------
def test_text_is_styled_in_a_forced_terminal(rules: Path) -> None:
    result = assess("--rules", str(rules), *ANSWERS, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in result.stdout


def test_no_color_removes_every_colour(rules: Path) -> None:
    result = assess("--rules", str(rules), *ANSWERS, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_escape_sequences_and_markup_in_rules_are_printed_literally(rules: Path, fmt: str) -> None:
    result = assess("--rules", str(rules), "--format", fmt, "--explain", *ANSWERS, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b]0;pwned" not in result.stdout and "\x07" not in result.stdout
    shown = {
        "text": r"Major \x1b]0;pwned\x07 [bold red]x[/] incidents get comms.",
        "markdown": r"Major \\x1b\]0;pwned\\x07 \[bold red\]x\[/\] incidents get comms.",  # renders as the text does
    }
    assert shown[fmt] in result.stdout


def test_escape_sequences_in_json_are_json_escapes(rules: Path) -> None:
    result = assess("--rules", str(rules), "--format", "json", *ANSWERS)
    assert "\x1b" not in result.stdout
    assert r"Major \u001b]0;pwned\u0007 [bold red]x[/] incidents" in result.stdout


def test_escape_sequences_in_an_answer_are_escaped_in_the_error(rules: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text('severity: "bad \\e[2J [red]x[/]"\nsecurity: false\n', encoding="utf-8")
    line = error_line(assess("--rules", str(rules), "--answers", str(answers)))
    assert "\x1b" not in line
    assert r"'bad \x1b[2J [red]x[/]' is not an answer" in line


def test_escape_sequences_in_a_set_option_are_escaped_in_the_error(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), "--set", "sev\x1b[31m=major"))
    assert "\x1b" not in line
    assert r"unknown question 'sev\x1b[31m'" in line


def test_the_formats_assess_keeps_for_a_fast_startup_match_the_renderer() -> None:
    from incident_comms.commands import assess as command
    from incident_comms.render import FORMATS

    assert tuple(FORMATS) == command.FORMATS


# ---- found in review ---------------------------------------------------------------------------


def test_a_bad_set_value_is_blamed_on_the_option_not_on_the_file(rules: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("severity: major\nsecurity: false\n")
    line = error_line(assess("--rules", str(rules), "--answers", str(answers), "--set", "severity=bogus"))
    assert line.startswith("comms: error: --set: severity: 'bogus' is not an answer")


def test_an_output_folder_that_cannot_take_a_file_is_one_line(rules: Path) -> None:
    line = error_line(assess("--rules", str(rules), *ANSWERS, "--output", "/proc/comms-record.json"))
    assert "/proc/comms-record.json" in line and "cannot write" in line


def test_the_record_is_saved_even_when_the_reader_of_stdout_goes_away(rules: Path, tmp_path: Path, monkeypatch) -> None:
    def gone(*args: Any) -> None:
        raise BrokenPipeError

    monkeypatch.setattr("incident_comms.commands.assess._show", gone)
    record = tmp_path / "record.json"
    result = assess("--rules", str(rules), *ANSWERS, "--output", str(record), "--format", "json")
    assert result.exit_code == 0 and json.loads(record.read_text())["decision"]["send"] is True


def test_a_closed_stdin_is_not_a_terminal(monkeypatch) -> None:
    from incident_comms.commands import assess as command

    monkeypatch.setattr("sys.stdin", None)
    assert command._in_a_terminal() is False


def test_prompting_keeps_a_given_answer_to_a_question_asked_later(rules: Path, monkeypatch) -> None:
    asked: list[str] = []
    typed = {"severity": "major", "security": True}

    def answer(question: Any) -> Any:
        asked.append(question.id)
        return typed[question.id]

    monkeypatch.setattr("incident_comms.commands.assess._in_a_terminal", lambda: True)
    monkeypatch.setattr("incident_comms.prompting.ask_question", answer)
    result = assess("--rules", str(rules), "--set", "exposed=yes", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert asked == ["severity", "security"]  # `exposed` was given, so it is not asked again
    assert json.loads(result.stdout)["answers"]["exposed"] is True
