"""conflicts: rules in different files must not disagree about the same answers.

Within one file, rule order is deliberate: the first matching rule decides a
field, so a later, broader rule is a fallback. Across files the only order is the
files' names, which nobody means as a priority. So this check reports two rules
that

- are in different files,
- set the same bool, enum or record slot (``send``, ``messages.email``) to
  different values, and
- can each be the first matching rule for that slot *within its own file* for the
  same valid answers.

Which one wins then depends on file names. Move the rules into one file (and
order them there), or make their conditions exclusive. Set fields collect items
from every rule and never conflict.

PASS (both rules for ``send`` are in one file; the order is the decision)::

    # send.yaml
    rules:
      - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}}
      - {id: otherwise-nothing, then: {send: false}}

FAIL (``security.yaml`` and ``send.yaml`` disagree for a security incident with impact)::

    # security.yaml
    rules:
      - {id: hold-security, when: {security: true}, then: {send: false}}
    # send.yaml
    rules:
      - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ...lint.context import LintContext
from ...problems import Problem
from ...verify import Analysis, Conflict
from ..verified import verified

ID = "conflicts"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """A problem per pair of rules in different files that decide a slot differently."""
    return verified(ctx, ID, _find)


def _find(analysis: Analysis) -> Iterator[Problem]:
    for conflict in analysis.conflicts():
        first, second = sorted((conflict.first, conflict.second), key=lambda r: r.index)
        yield Problem(
            second.loc,
            ID,
            LEVEL,
            _message(conflict, first.id, second.id, Path(first.loc.path).name),
            related=(first.loc,),
            counterexample=conflict.answers,
        )


def _message(conflict: Conflict, first: str, second: str, first_file: str) -> str:
    return (
        f"rule {second!r} and rule {first!r} ({first_file}) decide {conflict.slot!r} differently "
        f"for the same answers; only the file names make {first!r} win. "
        "Put them in one file in the order you mean, or make their conditions exclusive"
    )
