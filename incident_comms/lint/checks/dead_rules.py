"""dead-rules: every rule decides something for some answers.

A rule is dead when it matches no valid answers at all (its condition contradicts
itself or the questions' ``ask_when``), or when wherever it matches, everything
it sets is already decided: each bool, enum or record slot by earlier rules for
that slot (the first match decides), and each set item by earlier rules that add
it. Earlier rules count together: a rule covered by two earlier rules, neither
of which covers it alone, is dead too. The message names the rules that shadow it.

PASS (the second rule decides ``send`` when the first does not match)::

    rules:
      - id: send-if-security
        when: {security: true}
        then: {send: true}
      - id: send-if-impact
        when: {definite_impact: true}
        then: {send: true}

FAIL (``minor-impact`` only matches where the two rules before it already decided)::

    rules:
      - id: send-if-impact
        when: {definite_impact: true}
        then: {send: true}
      - id: no-send-without-impact
        when: {definite_impact: false}
        then: {send: false}
      - id: minor-impact
        when: {severity: minor}
        then: {send: false}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...lint.context import LintContext
from ...problems import Problem
from ...verify import Analysis, DeadRule
from ..verified import verified

ID = "dead-rules"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """A problem per rule that never decides anything."""
    return verified(ctx, ID, _find)


def _find(analysis: Analysis) -> Iterator[Problem]:
    for dead in analysis.dead_rules():
        yield Problem(dead.rule.loc, ID, LEVEL, _message(dead), related=tuple(r.loc for r in dead.shadowing))


def _message(dead: DeadRule) -> str:
    if dead.never_matches:
        return f"rule {dead.rule.id!r} matches no possible answers; its condition can never hold"
    names = ", ".join(repr(r.id) for r in dead.shadowing)
    slots = ", ".join(dict.fromkeys(a.slot for a in dead.rule.sets))
    return (
        f"rule {dead.rule.id!r} never decides anything: wherever it matches, earlier rules "
        f"({names}) already decide {slots}"
    )
