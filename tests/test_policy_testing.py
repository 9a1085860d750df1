"""run_policy_tests: a policy's own test cases, with one-line failures that name field, expected and actual."""

from __future__ import annotations

import pytest

from incident_comms.policy.load import load_policy
from incident_comms.policy.testing import TestResult, run_policy_tests

POLICY = """
questions:
  - {id: severity, prompt: How bad?, kind: single, choices: [minor, major]}
  - {id: security, prompt: Security?, kind: yes_no}
  - {id: attacker, prompt: Could it alert the attacker?, kind: yes_no, ask_when: {security: true}}
  - {id: products, prompt: Which products?, kind: multiple, choices: [flags, replay]}
fields:
  send: {type: bool}
  tone: {type: enum, values: [calm, urgent]}
  actions: {type: set, values: [align, brief, page]}
  messages:
    type: records
    key: channel
    values: [status_page, email]
    attributes:
      timing: [now, hold]
      owner: [lead, comms]
rules:
  - id: email-major
    when: {severity: major}
    then:
      send: true
      tone: urgent
      messages: {email: {timing: now, owner: comms}}
      actions: [page, brief]
    because: Major incidents get an email.
  - id: quiet
    then: {send: false, tone: calm, messages: {email: none}}
    because: Otherwise nothing.
  - id: status-page
    then: {messages: {status_page: {timing: now, owner: lead}}}
    because: Always the status page.
  - id: align
    when: {security: true}
    then: {actions: [align]}
    because: Security aligns.
"""

MAJOR = "{severity: major, security: false, products: []}"
STATUS_PAGE = "{channel: status_page, timing: now, owner: lead}"
EMAIL_NOW = "{channel: email, timing: now, owner: comms}"


def run(write_policy, tests_yaml: str) -> list[TestResult]:
    root = write_policy({"policy.yaml": POLICY, "tests.yaml": "tests:\n" + tests_yaml})
    return run_policy_tests(load_policy(root))


def only_failures(write_policy, tests_yaml: str) -> tuple[str, ...]:
    [result] = run(write_policy, tests_yaml)
    return result.failures


def test_a_matching_case_passes_with_every_kind_of_expectation(write_policy) -> None:
    [result] = run(
        write_policy,
        f"""
  - name: major sends an email
    answers: {MAJOR}
    expect:
      send: true
      tone: urgent
      actions: [brief, page]
      messages: [{EMAIL_NOW}, {STATUS_PAGE}]
      messages.email: {{timing: now, owner: comms}}
""",
    )
    assert result.passed
    assert result.failures == ()
    assert result.test.name == "major sends an email"


def test_a_wrong_bool_names_the_field_expected_and_actual(write_policy) -> None:
    failures = only_failures(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{send: false}}}}\n")
    assert failures == ("send: expected false, got true",)


def test_a_wrong_enum_value_fails(write_policy) -> None:
    failures = only_failures(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{tone: calm}}}}\n")
    assert failures == ("tone: expected calm, got urgent",)


def test_a_records_slot_expected_but_absent_reads_got_none(write_policy) -> None:
    answers = "{severity: minor, security: false, products: []}"
    failures = only_failures(
        write_policy,
        f"  - {{name: t, answers: {answers}, expect: {{messages.email: {{timing: now, owner: comms}}}}}}\n",
    )
    assert failures == ("messages.email: expected {timing: now, owner: comms}, got none",)


def test_a_records_slot_expected_none_but_present_shows_the_record(write_policy) -> None:
    failures = only_failures(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{messages.email: none}}}}\n")
    assert failures == ("messages.email: expected none, got {timing: now, owner: comms}",)


def test_a_records_slot_with_a_different_attribute_fails(write_policy) -> None:
    failures = only_failures(
        write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{messages.email: {{timing: hold, owner: comms}}}}}}\n"
    )
    assert failures == ("messages.email: expected {timing: hold, owner: comms}, got {timing: now, owner: comms}",)


def test_sets_compare_as_sets_of_ids(write_policy) -> None:
    passing = only_failures(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{actions: [page, brief]}}}}\n")
    failing = only_failures(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{actions: [align, page]}}}}\n")
    assert passing == ()
    [line] = failing
    assert line.startswith("actions: expected [align, page], got [brief, page]")
    assert "missing align" in line and "unexpected brief" in line


def test_an_empty_set_expectation_fails_when_anything_is_decided(write_policy) -> None:
    [line] = only_failures(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{actions: []}}}}\n")
    assert line.startswith("actions: expected [], got [brief, page]")


def test_records_compare_regardless_of_order_but_every_record_counts(write_policy) -> None:
    in_any_order = only_failures(
        write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{messages: [{STATUS_PAGE}, {EMAIL_NOW}]}}}}\n"
    )
    one_missing = only_failures(
        write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{messages: [{EMAIL_NOW}]}}}}\n"
    )
    assert in_any_order == ()
    assert one_missing == (
        (
            "messages: expected [{channel: email, timing: now, owner: comms}], got "
            "[{channel: status_page, timing: now, owner: lead}, {channel: email, timing: now, owner: comms}]"
        ),
    )


def test_every_wrong_field_is_its_own_line(write_policy) -> None:
    failures = only_failures(
        write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{send: false, tone: calm, messages.email: none}}}}\n"
    )
    assert [line.split(":")[0] for line in failures] == ["send", "tone", "messages.email"]
    assert all("\n" not in line for line in failures)


def test_an_unknown_question_is_a_failure_not_an_exception(write_policy) -> None:
    failures = only_failures(
        write_policy,
        "  - {name: t, answers: {severity: major, security: false, products: [], sevrity: x}, expect: {send: true}}\n",
    )
    assert len(failures) == 1
    assert failures[0].startswith("answers: unknown question 'sevrity'")
    assert "severity" in failures[0]


def test_an_unknown_value_is_a_failure_that_names_the_allowed_values(write_policy) -> None:
    failures = only_failures(
        write_policy, "  - {name: t, answers: {severity: huge, security: false, products: []}, expect: {send: true}}\n"
    )
    assert failures == ("answers: severity: 'huge' is not an answer (minor, major)",)


def test_missing_answers_to_asked_questions_are_a_failure_listing_them(write_policy) -> None:
    failures = only_failures(write_policy, "  - {name: t, answers: {security: true}, expect: {send: false}}\n")
    assert failures == ("answers: missing answers to asked questions: severity, attacker, products",)


def test_answers_to_unasked_questions_are_a_failure_since_a_test_is_exact(write_policy) -> None:
    failures = only_failures(
        write_policy,
        "  - {name: t, answers: {severity: major, security: false, attacker: true, products: []}, expect: {send: true}}\n",
    )
    assert failures == ("answers: answers to questions that are not asked: attacker",)


def test_results_come_in_the_order_the_cases_are_written(write_policy) -> None:
    results = run(
        write_policy,
        f"""
  - {{name: first, answers: {MAJOR}, expect: {{send: true}}}}
  - {{name: second, answers: {MAJOR}, expect: {{send: false}}}}
  - {{name: third, answers: {MAJOR}, expect: {{tone: urgent}}}}
""",
    )
    assert [(r.test.name, r.passed) for r in results] == [("first", True), ("second", False), ("third", True)]


def test_a_policy_without_tests_has_no_results(write_policy) -> None:
    root = write_policy({"policy.yaml": POLICY})
    assert run_policy_tests(load_policy(root)) == []


def test_results_are_frozen(write_policy) -> None:
    [result] = run(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{send: true}}}}\n")
    with pytest.raises(AttributeError):
        result.failures = ("changed",)  # type: ignore[misc]


def test_running_tests_prints_nothing(write_policy, capsys: pytest.CaptureFixture[str]) -> None:
    run(write_policy, f"  - {{name: t, answers: {MAJOR}, expect: {{send: false}}}}\n")
    assert capsys.readouterr() == ("", "")


def test_a_test_file_can_sit_beside_the_rules(write_policy) -> None:
    """A tests-only file joins the policy like any other rule file."""
    root = write_policy(
        {"a.yaml": POLICY, "z_tests.yaml": f"tests:\n  - {{name: t, answers: {MAJOR}, expect: {{send: true}}}}\n"}
    )
    assert [r.passed for r in run_policy_tests(load_policy(root))] == [True]
