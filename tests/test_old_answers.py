"""Answers files and saved records written for version 1 of the default policy exit 2 with
one line that names the replacement (from the questions' `replaces`, as data), and a
choice answered with a bare YAML boolean is told how YAML read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incident_comms.answers import check_answers
from incident_comms.cli import app
from incident_comms.errors import CommsError
from incident_comms.policy.model import Policy

# A version-1 answers file: a security incident, the status page out of date.
VERSION_1 = """\
products: [sdk]
severity: major
region: us
data_impact: none
definite_impact: true
customer_sites_disrupted: false
extended_unavailability: false
single_customer_cause: false
security: true
users_can_act: false
disclosure_could_alert_attacker: false
data_exposed: true
resolved: false
status_page_current: false
clear_story: true
"""


def run(*args: str) -> Any:
    env = {"COMMS_RULES": None, "NO_COLOR": "1", "COLUMNS": "200"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_error_line(result: Any) -> str:
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("comms: error: "), result.stderr
    assert result.stdout == ""
    return lines[0]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_old_answer_names_its_replacement_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "v1.yaml", VERSION_1)
    line = one_error_line(run("assess", "--answers", str(path)))
    assert line == (f"comms: error: {path}:12:15: data_exposed: true is an answer of an earlier version of the policy;"
                    " it is now data_exposed: confirmed (the answers are none, possible, confirmed)")


@pytest.mark.parametrize(("old", "new"), [("true", "confirmed"), ("false", "none"), ("yes", "confirmed"), ("no", "none")])
def test_each_old_exposure_answer_maps(tmp_path: Path, old: str, new: str) -> None:
    path = write(tmp_path, "v1.yaml", VERSION_1.replace("data_exposed: true", f"data_exposed: {old}"))
    assert f"it is now data_exposed: {new} " in one_error_line(run("assess", "--answers", str(path)))


@pytest.mark.parametrize(("old", "new"), [("true", "current"), ("false", "stale")])
def test_an_old_question_id_names_the_new_one_and_its_answers(tmp_path: Path, old: str, new: str) -> None:
    text = VERSION_1.replace("data_exposed: true", "data_exposed: none").replace(
        "status_page_current: false", f"status_page_current: {old}")
    path = write(tmp_path, "v1.yaml", text)
    line = one_error_line(run("assess", "--answers", str(path)))
    assert line == (f"comms: error: {path}:14:22: 'status_page_current' is a question of an earlier version of the"
                    f" policy: it is now 'status_page' (current, stale, down); status_page_current: {old} is now"
                    f" status_page: {new}")


def test_a_saved_version_1_record_gets_the_same_line(tmp_path: Path) -> None:
    answers = {"products": [], "severity": "major", "region": "us", "data_impact": "none", "definite_impact": True,
               "customer_sites_disrupted": False, "extended_unavailability": False, "single_customer_cause": False,
               "security": False, "resolved": False, "status_page_current": True, "clear_story": True}
    record = {"version": "0.1.0", "policy": {"path": "rules", "sha256": "0" * 64}, "answers": answers,
              "decision": {"headline": "send", "send": True}, "fired": [], "warnings": []}
    path = write(tmp_path, "record.json", json.dumps(record, indent=2))
    for command in (("assess", "--answers", str(path)), ("checklist", "--from", str(path))):
        line = one_error_line(run(*command))
        assert "'status_page_current' is a question of an earlier version of the policy: it is now 'status_page'" in line
        assert "status_page_current: true is now status_page: current" in line


def test_an_old_id_on_the_command_line_is_refused_too() -> None:
    line = one_error_line(run("assess", "--set", "status_page_current=no"))
    assert line.endswith("it is now 'status_page' (current, stale, down); status_page_current: no is now status_page: stale")


def test_an_old_answer_is_refused_even_where_its_question_is_not_asked(default_policy: Policy) -> None:
    raw = {"security": False, "data_exposed": False}
    with pytest.raises(CommsError, match="data_exposed: false is an answer of an earlier version"):
        check_answers(default_policy, raw)


def test_a_current_answer_to_a_replaced_question_is_accepted(default_policy: Policy) -> None:
    checked = check_answers(default_policy, {"security": True, "data_exposed": "none"})
    assert checked.answers["data_exposed"] == "none"


# ---- YAML booleans given to choices --------------------------------------------------------


@pytest.mark.parametrize("word", ["no", "off", "No", "OFF", "yes", "on"])
def test_a_yaml_boolean_for_a_choice_says_how_yaml_read_it(tmp_path: Path, word: str) -> None:
    path = write(tmp_path, "a.yaml", f"kind: incident\ndata_impact: {word}\n")
    line = one_error_line(run("assess", "--answers", str(path)))
    read_as = "false" if word.lower() in ("no", "off") else "true"
    assert line == (f"comms: error: {path}:2:14: data_impact: YAML reads `{word}` as {read_as};"
                    " the choices are none, delayed, lost")


def test_a_json_boolean_for_a_choice_says_it_is_a_yes_no_answer(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"kind": false}')
    line = one_error_line(run("assess", "--answers", str(path)))
    assert line.endswith("kind: `false` is a yes-no answer; the choices are incident, planned_maintenance")


def test_a_yaml_boolean_inside_a_list_of_choices_is_told_too(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "products: [logs, off]\n")
    line = one_error_line(run("assess", "--answers", str(path)))
    assert "products: YAML reads `off` as false; the choices are feature_flags, experiments" in line
