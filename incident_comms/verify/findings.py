"""The glue between the verifier and the lint checks: one shared analysis, and
``analysis-incomplete`` instead of a silent pass when it cannot finish."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..errors import Location
from ..lint.context import LintContext
from ..problems import ERROR, Problem
from .analysis import Analysis
from .diagram import BudgetExceeded
from .space import CyclicPolicy

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
        yield incomplete(ctx, f"{check_id} not proven: {stop}; the findings above may be incomplete")
    except CyclicPolicy as cycle:
        yield incomplete(ctx, f"{check_id} not analysed: {cycle} (fix the cycles problem first)")


def incomplete(ctx: LintContext, message: str) -> Problem:
    """An ``analysis-incomplete`` problem at the policy folder."""
    return Problem(Location(str(ctx.root)), INCOMPLETE, ERROR, message)
