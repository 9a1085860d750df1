"""The verifier never passes silently: past its budget, or on a cyclic policy, it says so."""

from __future__ import annotations

from incident_comms.lint.checks import conflicts, dead_rules, gaps, invariants, unasked_questions
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.verify import Analysis

SEMANTIC_CHECKS = (gaps, dead_rules, conflicts, invariants, unasked_questions)


def test_a_check_past_the_node_budget_reports_analysis_incomplete(write_policy, default_policy) -> None:
    ctx = LintContext(default_policy.root, default_policy, [])
    ctx.cached("verify", lambda: Analysis(default_policy, max_nodes=40))
    # (conflicts needs no diagram here: every slot's rules are in one file)
    for check in (gaps, dead_rules, invariants, unasked_questions):
        problems = list(check.check(ctx))
        assert [(p.check, p.level) for p in problems] == [("analysis-incomplete", "error")], check.ID
        assert problems[0].message.startswith(f"{check.ID} not proven: ")
        assert "budget of 40 nodes" in problems[0].message


def test_a_generous_budget_proves_the_default_policy(default_policy) -> None:
    ctx = LintContext(default_policy.root, default_policy, [])
    assert [p for check in SEMANTIC_CHECKS for p in check.check(ctx)] == []


def test_fields_that_depend_on_each_other_are_not_analysed(write_policy) -> None:
    root = write_policy({"policy.yaml": """
        questions:
          - {id: security, kind: yes_no, prompt: Security?}
        fields:
          send: {type: bool, required: true}
          hold: {type: bool}
        rules:
          - {id: a, when: {field: hold, is: true}, then: {send: true}, because: x}
          - {id: b, when: {field: send, is: true}, then: {hold: true}, because: x}
    """})
    policy, load_problems = read_policy(root)
    assert policy is not None and [p.check for p in load_problems] == ["cycles"]
    problems = list(gaps.check(LintContext(root, policy, load_problems)))
    assert [p.check for p in problems] == ["analysis-incomplete"]
    assert "depends on itself" in problems[0].message


def test_checks_report_nothing_without_a_policy(tmp_path) -> None:
    ctx = LintContext(tmp_path, None, [])
    assert [p for check in SEMANTIC_CHECKS for p in check.check(ctx)] == []
