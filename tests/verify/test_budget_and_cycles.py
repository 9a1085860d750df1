"""The verifier never passes silently: past its budget, or on a cyclic policy, it says so."""

from __future__ import annotations

import pytest

from incident_comms.lint.checks import conflicts, dead_rules, gaps, invariants, unasked_questions
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.verify import Analysis, BudgetExceeded

SEMANTIC_CHECKS = (gaps, dead_rules, conflicts, invariants, unasked_questions)


def test_past_the_diagram_budget_the_sat_engine_finishes_the_proof(default_policy) -> None:
    ctx = LintContext(default_policy.root, default_policy, [])
    analysis = ctx.cached("verify", lambda: Analysis(default_policy, max_nodes=40))
    assert [p for check in SEMANTIC_CHECKS for p in check.check(ctx)] == []
    assert analysis.engines_used["dead-rules"] == analysis.engines_used["invariants"] == "sat"
    assert analysis.engines_used["gaps"] == "diagram"  # every chain ends in a catch-all: no nodes needed


def test_one_exhausted_check_does_not_fail_the_next(write_policy) -> None:
    policy, _ = read_policy(write_policy({"p.yaml": hard_then_easy_policy()}))
    assert policy is not None
    analysis = Analysis(policy, max_nodes=2_000, engine="diagram")
    with pytest.raises(BudgetExceeded, match="the decision diagram reached its budget of 2,000 nodes"):
        list(analysis.dead_rules())
    assert list(analysis.broken_invariants()) == [] and analysis.engines_used["invariants"] == "diagram"


def hard_then_easy_policy() -> str:
    """Many rules of unrelated tests (a large diagram), and an invariant that needs none of them."""
    lines = ["questions:"] + [f"  - {{id: q{i}, prompt: 'Q?', kind: yes_no}}" for i in range(24)]
    lines += ["fields:", "  send: {type: bool}", "rules:"]
    for r in range(60):
        tests = ", ".join(f"q{(r * 7 + k * 5) % 24}: {str((r >> k) & 1 == 0).lower()}" for k in range(4))
        lines.append(f"  - {{id: r{r}, when: {{{tests}}}, then: {{send: true}}, because: x}}")
    lines += ["invariants:", "  - {id: i, when: {q0: true}, require: {q0: true}, because: x}"]
    return "\n".join(lines) + "\n"


def test_past_both_budgets_a_check_says_analysis_incomplete_and_why(default_policy) -> None:
    ctx = LintContext(default_policy.root, default_policy, [])
    ctx.cached("verify", lambda: Analysis(default_policy, max_nodes=40, seconds=0))
    for check in (dead_rules, invariants, unasked_questions):
        problems = list(check.check(ctx))
        assert [(p.check, p.level) for p in problems] == [("analysis-incomplete", "error")], check.ID
        assert problems[0].message.startswith(f"{check.ID} not proven: ")
        assert "the decision diagram reached its budget of 40 nodes" in problems[0].message
        assert "the SAT solver ran past its time budget of 0 s" in problems[0].message


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
