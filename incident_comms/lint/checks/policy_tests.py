"""policy-tests: the policy's own test cases pass.

A ``tests:`` section holds worked examples: answers, and what the policy must
decide for them. A case fails when its answers are not exactly the answers to the
questions that are asked (none missing, none extra), or when an expected field
differs from the decision. Each failing case is reported at the case, with one
line per failure, the expected keys that differ as related locations, and the
case's answers as a counterexample that ``comms assess --answers`` replays.
The summary counts passed and failed cases.

PASS::

    tests:
      - name: minor bug, no comms
        answers: {security: false, definite_impact: false}
        expect: {send: false}

FAIL (the policy decides ``send: false`` for these answers)::

    tests:
      - name: minor bug, no comms
        answers: {security: false, definite_impact: false}
        expect: {send: true}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...problems import ERROR, Problem
from ..context import LintContext

if TYPE_CHECKING:
    from ...policy.testing import TestResult

ID = "policy-tests"
LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """One problem per failing test case."""
    return [_problem(result) for result in results(ctx) if not result.passed]


def results(ctx: LintContext) -> list[TestResult]:
    """Every test case's result, run once per lint (empty without a usable policy)."""
    if ctx.policy is None:
        return []
    from ...policy.testing import run_policy_tests

    policy = ctx.policy
    return ctx.cached(ID, lambda: run_policy_tests(policy))


def _problem(result: TestResult) -> Problem:
    test = result.test
    related = tuple(
        test.expect_locs[key] for key in _failing_keys(result) if key in test.expect_locs
    )
    message = f"test {test.name!r} failed: " + "; ".join(result.failures)
    # Answers that are themselves wrong would not replay with `comms assess --answers`.
    replayable = not any(failure.startswith("answers:") for failure in result.failures)
    return Problem(test.loc, ID, LEVEL, message, related, dict(test.answers) if replayable else None)


def _failing_keys(result: TestResult) -> list[str]:
    """The expected keys named by the failures (``send: expected ...`` names ``send``)."""
    return [failure.split(":", 1)[0] for failure in result.failures]
