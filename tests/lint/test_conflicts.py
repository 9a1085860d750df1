"""conflicts: rules in different files that decide one slot differently for the same answers."""

from __future__ import annotations

from incident_comms.answers import check_answers
from incident_comms.engine import holds
from incident_comms.lint.checks import conflicts
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import Policy
from incident_comms.verify import Analysis

QUESTIONS = """
questions:
  - {id: security, kind: yes_no, prompt: Security incident?}
  - {id: definite_impact, kind: yes_no, prompt: Definite impact?}
fields:
  send: {type: bool}
  messages:
    type: records
    key: channel
    values: [email]
    attributes:
      timing: [now, hold]
"""


def lint(write_policy, files: dict[str, str]) -> tuple[Policy, list]:
    root = write_policy({"00-questions.yaml": QUESTIONS, **files})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    return policy, list(conflicts.check(LintContext(root, policy, problems)))


def rule(policy: Policy, rule_id: str):
    return next(r for r in policy.rules if r.id == rule_id)


SECURITY = "rules: [{id: hold-security, when: {security: true}, then: {send: false}, because: x}]"
IMPACT = "rules: [{id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}]"


def test_rules_in_two_files_that_disagree_for_some_answers_conflict(write_policy) -> None:
    policy, [problem] = lint(write_policy, {"security.yaml": SECURITY, "send.yaml": IMPACT})
    assert (problem.check, problem.level) == ("conflicts", "error")
    assert problem.loc == rule(policy, "send-if-impact").loc
    assert problem.related == (rule(policy, "hold-security").loc,)
    assert "'send'" in problem.message and "security.yaml" in problem.message
    answers = problem.counterexample
    checked = check_answers(policy, answers)
    assert (checked.missing, checked.ignored, checked.answers) == ((), (), answers)
    assert holds(policy, answers, rule(policy, "hold-security").when)
    assert holds(policy, answers, rule(policy, "send-if-impact").when)


def test_the_same_rules_in_one_file_are_ordered_on_purpose(write_policy) -> None:
    _, problems = lint(write_policy, {"send.yaml": """
        rules:
          - {id: hold-security, when: {security: true}, then: {send: false}, because: x}
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
    """})
    assert problems == []


def test_rules_in_two_files_with_exclusive_conditions_do_not_conflict(write_policy) -> None:
    _, problems = lint(write_policy, {
        "security.yaml": SECURITY,
        "send.yaml": "rules: [{id: send-otherwise, when: {security: false}, then: {send: true}, because: x}]",
    })
    assert problems == []


def test_a_rule_its_own_file_overrides_first_does_not_conflict(write_policy) -> None:
    # For security incidents, send.yaml's first match is `agree-on-security`, which agrees.
    _, problems = lint(write_policy, {"security.yaml": SECURITY, "send.yaml": """
        rules:
          - {id: agree-on-security, when: {security: true}, then: {send: false}, because: x}
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
    """})
    assert problems == []


def test_records_that_differ_conflict(write_policy) -> None:
    _, [problem] = lint(write_policy, {
        "a.yaml": "rules: [{id: email-hold, when: {security: true}, then: {messages: {email: {timing: hold}}}, because: x}]",
        "b.yaml": "rules: [{id: email-now, then: {messages: {email: {timing: now}}}, because: x}]",
    })
    assert "'messages.email'" in problem.message
    assert problem.counterexample["security"] is True


def test_the_default_policy_has_no_conflicts(default_policy: Policy) -> None:
    assert list(Analysis(default_policy).conflicts()) == []
