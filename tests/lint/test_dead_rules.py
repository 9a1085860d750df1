"""dead-rules: rules that never decide anything, and the rules that shadow them."""

from __future__ import annotations

from incident_comms.lint.checks import dead_rules
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import Policy
from incident_comms.verify import Analysis

QUESTIONS = """
questions:
  - {id: security, kind: yes_no, prompt: Security incident?}
  - {id: users_can_act, kind: yes_no, prompt: Can users act?, ask_when: {security: true}}
  - id: severity
    kind: single
    prompt: Severity?
    choices: [{value: minor, label: Minor}, {value: major, label: Major}, {value: critical, label: Critical}]
  - {id: definite_impact, kind: yes_no, prompt: Definite impact?}
fields:
  send: {type: bool}
  actions:
    type: set
    values: [{value: align, label: Align}, {value: brief, label: Brief}]
"""


def lint(write_policy, rules: str) -> tuple[Policy, list]:
    root = write_policy({"questions.yaml": QUESTIONS, "rules.yaml": rules})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    return policy, list(dead_rules.check(LintContext(root, policy, problems)))


def rule(policy: Policy, rule_id: str):
    return next(r for r in policy.rules if r.id == rule_id)


def test_a_rule_covered_by_two_earlier_rules_together_is_dead(write_policy) -> None:
    policy, problems = lint(write_policy, """
        rules:
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
          - {id: no-send-without-impact, when: {definite_impact: false}, then: {send: false}, because: x}
          - {id: minor-impact, when: {severity: minor}, then: {send: false}, because: x}
    """)
    [problem] = problems
    assert (problem.check, problem.level) == ("dead-rules", "error")
    assert problem.loc == rule(policy, "minor-impact").loc
    assert "'send-if-impact'" in problem.message and "'no-send-without-impact'" in problem.message
    assert set(problem.related) == {rule(policy, "send-if-impact").loc, rule(policy, "no-send-without-impact").loc}


def test_only_the_rules_needed_to_shadow_are_named(write_policy) -> None:
    policy, [problem] = lint(write_policy, """
        rules:
          - {id: security, when: {security: true}, then: {send: true}, because: x}
          - {id: everything, then: {send: false}, because: x}
          - {id: critical, when: {severity: critical}, then: {send: true}, because: x}
    """)
    assert problem.loc == rule(policy, "critical").loc
    assert problem.related == (rule(policy, "everything").loc,)


def test_a_rule_that_still_decides_somewhere_is_alive(write_policy) -> None:
    _, problems = lint(write_policy, """
        rules:
          - {id: send-if-security, when: {security: true}, then: {send: true}, because: x}
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
    """)
    assert problems == []


def test_a_rule_that_contradicts_when_a_question_is_asked_never_matches(write_policy) -> None:
    policy, [problem] = lint(write_policy, """
        rules:
          - {id: impossible, when: {security: false, users_can_act: true}, then: {send: true}, because: x}
    """)
    assert problem.loc == rule(policy, "impossible").loc
    assert "matches no possible answers" in problem.message
    assert problem.related == ()


def test_a_set_item_already_added_everywhere_is_dead(write_policy) -> None:
    policy, problems = lint(write_policy, """
        rules:
          - {id: align-on-security, when: {security: true}, then: {actions: [align]}, because: x}
          - {id: align-if-users-act, when: {users_can_act: true}, then: {actions: [align]}, because: x}
    """)
    [problem] = problems
    assert problem.loc == rule(policy, "align-if-users-act").loc
    assert problem.related == (rule(policy, "align-on-security").loc,)


def test_a_rule_adding_one_new_item_is_alive(write_policy) -> None:
    _, problems = lint(write_policy, """
        rules:
          - {id: align-on-security, when: {security: true}, then: {actions: [align]}, because: x}
          - {id: align-and-brief, when: {users_can_act: true}, then: {actions: [align, brief]}, because: x}
    """)
    assert problems == []


def test_a_rule_whose_field_test_can_never_hold_is_dead(write_policy) -> None:
    policy, [problem] = lint(write_policy, """
        rules:
          - {id: never-send, then: {send: false}, because: x}
          - {id: brief-when-sending, when: {field: send, is: true}, then: {actions: [brief]}, because: x}
    """)
    assert problem.loc == rule(policy, "brief-when-sending").loc


def test_the_default_policy_has_no_dead_rules(default_policy: Policy) -> None:
    assert list(Analysis(default_policy).dead_rules()) == []
