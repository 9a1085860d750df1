"""policy-tests: each failing test case is one problem at the case, with its answers."""

from __future__ import annotations

from incident_comms.lint.runner import lint_paths

POLICY = """\
questions:
  - {id: security, prompt: Security incident?, kind: yes_no}
fields:
  send: {type: bool, required: true}
rules:
  - {id: send-if-security, when: {security: true}, then: {send: true}, because: Told.}
  - {id: otherwise, then: {send: false}, because: Nothing to tell.}
tests:
  - name: security is told
    answers: {security: true}
    expect: {send: true}
"""
FAILING = """\
  - name: everything is told
    answers: {security: false}
    expect:
      send: true
"""


def test_passing_cases_give_no_problem_and_are_counted(write_policy):
    report = lint_paths([write_policy({"p.yaml": POLICY})])
    assert [p for p in report.problems if p.check == "policy-tests"] == []
    assert [(t.name, t.passed) for t in report.tests] == [("security is told", True)]


def test_a_failing_case_is_reported_at_the_case(findings):
    assert findings({"p.yaml": POLICY + FAILING}, "policy-tests") == [(12, 5)]


def test_the_problem_says_what_differs_and_points_at_the_expectation(write_policy):
    report = lint_paths([write_policy({"p.yaml": POLICY + FAILING})])
    [problem] = [p for p in report.problems if p.check == "policy-tests"]
    assert "'everything is told'" in problem.message
    assert "send: expected true, got false" in problem.message
    assert [(loc.line, loc.column) for loc in problem.related] == [(15, 13)]


def test_the_counterexample_is_the_case_answers(write_policy):
    report = lint_paths([write_policy({"p.yaml": POLICY + FAILING})])
    [problem] = [p for p in report.problems if p.check == "policy-tests"]
    assert problem.counterexample == {"security": False}


def test_a_case_with_answers_to_unasked_questions_fails(findings):
    extra = "  - name: extra answer\n    answers: {security: true, region: us}\n    expect: {send: true}\n"
    assert findings({"p.yaml": POLICY + extra}, "policy-tests") == [(12, 5)]


def test_results_are_reported_per_case_in_order(write_policy):
    report = lint_paths([write_policy({"p.yaml": POLICY + FAILING})])
    assert [(t.name, t.passed) for t in report.tests] == [("security is told", True), ("everything is told", False)]


def test_a_case_whose_answers_are_wrong_gets_no_counterexample(write_policy):
    from incident_comms.lint.runner import lint_paths

    root = write_policy({"p.yaml": """
        questions:
          - {id: security, prompt: Security?, kind: yes_no}
        fields:
          send: {type: bool, required: true}
        rules:
          - {id: quiet, then: {send: false}, because: x}
        tests:
          - {name: typo, answers: {securty: true}, expect: {send: false}}
          - {name: wrong, answers: {security: true}, expect: {send: true}}
    """})
    problems = [p for p in lint_paths([root]).problems if p.check == "policy-tests"]
    found = {p.message.split("'")[1]: p.counterexample for p in problems}
    assert found == {"typo": None, "wrong": {"security": True}}
