"""untested-rules: every rule is made to fire by at least one ``tests:`` case.

Rule coverage, as OPA measures it for its policies: a rule *fires* in a test case
when, for that case's answers, it decides something (it appears in the decision's
``fired`` list: it set a slot first, or added a set item no earlier rule added). A
rule that no case makes fire is a rule whose effect nothing checks: a typo in its
``then`` would ship unnoticed. Cases whose answers are not exactly the questions
asked (which ``policy-tests`` reports) do not count. A policy with no ``tests:`` case
at all is not checked: there is nothing to measure yet. ``comms lint --coverage``
lists each rule with the cases that fire it.

PASS (each rule fires in one of the cases)::

    rules:
      - id: send-if-security
        when: {security: true}
        then: {send: true}
      - id: no-send
        then: {send: false}
    tests:
      - name: security sends
        answers: {security: true}
        expect: {send: true}
      - name: otherwise nothing
        answers: {security: false}
        expect: {send: false}

FAIL (no case answers ``security: false``, so ``no-send`` never fires)::

    rules:
      - id: send-if-security
        when: {security: true}
        then: {send: true}
      - id: no-send
        then: {send: false}
    tests:
      - name: security sends
        answers: {security: true}
        expect: {send: true}
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.model import PolicyTest, Rule
from ...problems import WARNING, Problem
from ..context import LintContext
from . import policy_tests

ID = "untested-rules"
LEVEL = WARNING


def check(ctx: LintContext) -> Iterable[Problem]:
    """One warning per rule that no test case makes fire (from the runs ``policy-tests`` made)."""
    if ctx.policy is None or not ctx.policy.tests:
        return []
    fired = fired_by_tests(ctx)
    return [_problem(rule, len(ctx.policy.tests)) for rule in ctx.policy.rules if not fired[rule.id]]


def fired_by_tests(ctx: LintContext) -> dict[str, list[PolicyTest]]:
    """Each rule's id, in rule order, with the test cases that make it fire (``--coverage`` lists them)."""
    from ...policy.testing import rule_coverage

    policy = ctx.policy
    assert policy is not None
    return ctx.cached(ID, lambda: rule_coverage(policy, policy_tests.results(ctx)))


def _problem(rule: Rule, cases: int) -> Problem:
    message = f"rule {rule.id!r} fires in none of the {cases} tests: cases; add a case whose answers make it decide something"
    return Problem(rule.loc, ID, LEVEL, message)
