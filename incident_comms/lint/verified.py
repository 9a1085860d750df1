"""The glue between the verifier and the lint checks: one shared analysis per run.

``analysis-incomplete`` (error): a semantic check (gaps, dead-rules, conflicts,
invariants, unasked-questions) could not finish, so what it would prove is not
proven. It is never a silent pass. Each check has its own budget: first the
decision diagram's (nodes and time), then, past it, the SAT solver's (time, and
conflicts per question); the message says what stopped each. Causes: conditions
that combine very many questions in unrelated ways, past both budgets, or facts or
fields that depend on themselves (the ``cycles`` check reports those). Findings
made before the budget ran out are still reported. Split very large rule lists by
the questions they test, or write broad conditions with facts, to keep the
analysis small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..errors import Location
from ..problems import ERROR, Problem
from ..verify import Analysis, BudgetExceeded, CyclicPolicy
from .context import LintContext

INCOMPLETE = "analysis-incomplete"


def shared_analysis(ctx: LintContext) -> Analysis:
    """The run's one analysis of ``ctx.policy`` (which must not be None)."""
    policy = ctx.policy
    assert policy is not None
    return ctx.cached("verify", lambda: Analysis(policy))


def verified(ctx: LintContext, check_id: str, find: Callable[[Analysis], Iterable[Problem]]) -> Iterator[Problem]:
    """The problems `find` reports, then an ``analysis-incomplete`` problem if it could not finish."""
    if ctx.policy is None:
        return
    try:
        yield from find(shared_analysis(ctx))
    except BudgetExceeded as stop:
        yield incomplete(ctx, f"{check_id} not proven: {stop}; some {check_id} findings may be missing")
    except RecursionError:
        yield incomplete(ctx, f"{check_id} not proven: the policy's conditions nest too deeply to analyse")
    except CyclicPolicy as cycle:
        yield incomplete(ctx, f"{check_id} not analysed: {cycle} (fix the cycles problem first)")


def incomplete(ctx: LintContext, message: str) -> Problem:
    """An ``analysis-incomplete`` problem at the policy folder."""
    return Problem(Location(str(ctx.root)), INCOMPLETE, ERROR, message)
