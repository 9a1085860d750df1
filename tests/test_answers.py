"""Answers: read from files and --set options, checked against the questions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incident_comms.answers import check_answers, coerce, parse_set_options, read_answers_file
from incident_comms.errors import CommsError, ExitCode
from incident_comms.policy.load import load_policy
from incident_comms.policy.model import Policy

QUESTIONS = """
questions:
  - {id: severity, prompt: How bad?, kind: single, choices: [minor, major, critical]}
  - {id: products, prompt: Which products?, kind: multiple, choices: [flags, replay, logs]}
  - {id: security, prompt: Security?, kind: yes_no}
  - {id: attacker, prompt: Could it alert the attacker?, kind: yes_no, ask_when: {security: true}}
  - {id: resolved, prompt: Resolved?, kind: yes_no}
  - {id: postmortem, prompt: Post-mortem?, kind: single, choices: [none, published], ask_when: {resolved: true}}
  - {id: asked_first, prompt: First?, kind: yes_no, order: -1}
fields:
  send: {type: bool}
"""

COMPLETE = {
    "asked_first": False,
    "severity": "major",
    "products": ["flags"],
    "security": True,
    "attacker": False,
    "resolved": True,
    "postmortem": "published",
}


@pytest.fixture
def policy(write_policy) -> Policy:
    return load_policy(write_policy({"questions.yaml": QUESTIONS}))


def error_of(policy: Policy, raw: dict[str, Any]) -> CommsError:
    with pytest.raises(CommsError) as raised:
        check_answers(policy, raw)
    return raised.value


# ---- check_answers ----------------------------------------------------------------------


def test_complete_answers_are_kept_in_asking_order(policy: Policy) -> None:
    checked = check_answers(policy, COMPLETE)
    assert checked.answers == COMPLETE
    assert list(checked.answers) == [
        "asked_first",
        "severity",
        "products",
        "security",
        "attacker",
        "resolved",
        "postmortem",
    ]
    assert (checked.missing, checked.ignored) == ((), ())


def test_an_unknown_question_is_an_error_that_lists_the_known_ids(policy: Policy) -> None:
    error = error_of(policy, {**COMPLETE, "sevrity": "major"})
    assert error.message == (
        "answers: unknown question 'sevrity' "
        "(questions: asked_first, severity, products, security, attacker, resolved, postmortem)"
    )
    assert error.exit_code == ExitCode.BAD_INPUT


def test_an_unknown_question_points_at_its_line_when_known(policy: Policy) -> None:
    from incident_comms.errors import Location

    where = Location("incident.yaml", 4, 1)
    with pytest.raises(CommsError) as raised:
        check_answers(policy, {"sevrity": "major"}, locs={"sevrity": where})
    assert raised.value.location == where
    assert str(raised.value).startswith("incident.yaml:4:1: unknown question 'sevrity'")


def test_a_value_outside_the_choices_lists_the_allowed_values(policy: Policy) -> None:
    error = error_of(policy, {**COMPLETE, "severity": "huge"})
    assert error.message == "answers: severity: 'huge' is not an answer (minor, major, critical)"


def test_an_unknown_item_of_several_choices_lists_the_allowed_values(policy: Policy) -> None:
    error = error_of(policy, {**COMPLETE, "products": ["flags", "billing"]})
    assert error.message == "answers: products: 'billing' is not a choice (flags, replay, logs)"


def test_a_yes_no_answer_that_is_not_yes_or_no_is_an_error(policy: Policy) -> None:
    error = error_of(policy, {**COMPLETE, "security": "perhaps"})
    assert error.message == "answers: security: 'perhaps' is not an answer (yes or no)"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("no", False), ("true", True), ("false", False), ("Yes", True), (" NO ", False), (True, True)],
)
def test_yes_no_answers_read_from_text(policy: Policy, raw: Any, expected: bool) -> None:
    checked = check_answers(policy, {**COMPLETE, "resolved": raw})
    assert checked.answers["resolved"] is expected


def test_a_number_is_not_a_yes_no_answer(policy: Policy) -> None:
    assert error_of(policy, {**COMPLETE, "security": 1}).message == "answers: security: 1 is not an answer (yes or no)"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("logs,flags", ["flags", "logs"]),
        ("replay, logs", ["replay", "logs"]),
        (["logs", "replay"], ["replay", "logs"]),
        ("", []),
        ([], []),
    ],
)
def test_several_choices_read_from_text_or_lists_in_choice_order(policy: Policy, raw: Any, expected: list[str]) -> None:
    assert check_answers(policy, {**COMPLETE, "products": raw}).answers["products"] == expected


def test_several_choices_must_be_text_or_a_list_of_text(policy: Policy) -> None:
    error = error_of(policy, {**COMPLETE, "products": {"flags": True}})
    assert error.message == "answers: products: {'flags': True} is not a choice (flags, replay, logs)"


def test_answers_to_unasked_questions_are_dropped_and_listed(policy: Policy) -> None:
    raw = {**COMPLETE, "security": False, "resolved": False}
    checked = check_answers(policy, raw)
    assert checked.ignored == ("attacker", "postmortem")
    assert "attacker" not in checked.answers and "postmortem" not in checked.answers
    assert checked.missing == ()


def test_an_unasked_answer_is_ignored_without_being_checked(policy: Policy) -> None:
    checked = check_answers(policy, {**COMPLETE, "security": False, "attacker": "perhaps"})
    assert checked.ignored == ("attacker",) and "attacker" not in checked.answers


def test_an_asked_answer_is_checked(policy: Policy) -> None:
    error = error_of(policy, {**COMPLETE, "security": True, "attacker": "perhaps"})
    assert error.message == "answers: attacker: 'perhaps' is not an answer (yes or no)"


def test_missing_answers_are_listed_in_asking_order(policy: Policy) -> None:
    checked = check_answers(policy, {"security": True, "resolved": True})
    assert checked.missing == ("asked_first", "severity", "products", "attacker", "postmortem")


def test_questions_that_are_not_asked_are_not_missing(policy: Policy) -> None:
    checked = check_answers(policy, {"security": "no", "resolved": "no"})
    assert checked.missing == ("asked_first", "severity", "products")


def test_a_follow_up_is_asked_by_the_checked_answer_not_the_raw_text(policy: Policy) -> None:
    checked = check_answers(policy, {**COMPLETE, "security": "yes"})
    assert checked.answers["attacker"] is False
    assert checked.ignored == ()


def test_the_default_policy_ignores_the_status_page_question_without_impact(default_policy: Policy) -> None:
    raw = {
        "products": ["logs"],
        "severity": "minor",
        "region": "eu",
        "data_impact": "none",
        "definite_impact": False,
        "customer_sites_disrupted": False,
        "extended_unavailability": False,
        "single_customer_cause": False,
        "users_can_act": False,
        "security": False,
        "availability_attack": False,
        "resolved": True,
        "status_page": "stale",
        "postmortem": "none",
        "clear_story": True,
    }
    checked = check_answers(default_policy, raw)
    assert checked.ignored == ("status_page",)
    assert checked.missing == ()
    assert checked.answers["kind"] == "incident"  # the one question an answers file may leave out


# ---- coerce -------------------------------------------------------------------------------


def test_a_command_line_error_names_where_the_answer_came_from(policy: Policy) -> None:
    with pytest.raises(CommsError) as raised:
        coerce(policy.question("severity"), "huge", "--set")
    assert str(raised.value) == "--set: severity: 'huge' is not an answer (minor, major, critical)"


# ---- files ---------------------------------------------------------------------------------


def test_an_answers_file_in_yaml_is_read_with_where_each_answer_is(tmp_path: Path) -> None:
    path = tmp_path / "incident.yaml"
    path.write_text("severity: major\nsecurity: yes\nproducts: [flags, logs]\n")
    answers, locs = read_answers_file(path)
    assert answers == {"severity": "major", "security": True, "products": ["flags", "logs"]}
    assert (locs["security"].path, locs["security"].line) == (str(path), 2)


def test_yes_in_a_yaml_answers_file_checks_as_yes(tmp_path: Path, policy: Policy) -> None:
    path = tmp_path / "incident.yaml"
    path.write_text("resolved: yes\n")
    answers, locs = read_answers_file(path)
    assert check_answers(policy, answers, locs).answers["resolved"] is True


def test_an_answers_file_in_json_is_read(tmp_path: Path, policy: Policy) -> None:
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(COMPLETE))
    answers, _ = read_answers_file(path)
    assert check_answers(policy, answers).answers == COMPLETE


def test_a_saved_record_is_read_for_its_answers(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    record = {"version": "0", "answers": {"severity": "minor"}, "decision": {"send": False}, "fired": []}
    path.write_text(json.dumps(record, indent=2))
    answers, locs = read_answers_file(path)
    assert answers == {"severity": "minor"}
    assert locs["severity"].line == 4  # where "minor" is written


def test_a_mapping_with_an_answers_key_but_no_decision_is_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "incident.yaml"
    path.write_text("answers: {severity: minor}\n")
    answers, _ = read_answers_file(path)
    assert answers == {"answers": {"severity": "minor"}}


def test_an_empty_answers_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "incident.yaml"
    path.write_text("# nothing yet\n")
    with pytest.raises(CommsError) as raised:
        read_answers_file(path)
    assert str(raised.value) == f"{path}:1:1: empty answers file: expected a mapping of question ids to answers"


def test_an_answers_file_that_is_a_list_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "incident.yaml"
    path.write_text("- severity: major\n")
    with pytest.raises(CommsError, match="an answers file must be a mapping of question ids to answers"):
        read_answers_file(path)


def test_a_missing_answers_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommsError):
        read_answers_file(tmp_path / "nowhere.yaml")


# ---- --set options -------------------------------------------------------------------------


def test_set_options_become_a_mapping_and_the_last_one_wins() -> None:
    assert parse_set_options(["severity=minor", " products = logs,flags ", "severity=major"]) == {
        "severity": "major",
        "products": "logs,flags",
    }


def test_a_set_value_may_contain_an_equals_sign() -> None:
    assert parse_set_options(["note=a=b"]) == {"note": "a=b"}


def test_a_set_value_may_be_empty() -> None:
    assert parse_set_options(["products="]) == {"products": ""}


@pytest.mark.parametrize("option", ["severity", "=major", " =major", ""])
def test_a_set_option_without_a_question_is_an_error(option: str) -> None:
    with pytest.raises(CommsError) as raised:
        parse_set_options([option])
    assert raised.value.message == f"--set {option!r}: expected QUESTION=VALUE, e.g. --set severity=major"
    assert raised.value.exit_code == ExitCode.BAD_INPUT
