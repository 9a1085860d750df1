"""gaps: every required field is decided, whatever the answers.

A required field (``required: true``, bool or enum) must be decided by some rule
for every answer set the questions allow, honouring which questions are asked. On
a required records field each key is such a slot (``messages.in_app``): a rule must
decide it, to a record or to ``none``; a key nobody decides is not ``none``.
The check proves it over all answer combinations at once; when it fails it
reports the field, a description of the answers nobody decides for, and a real
answers file (``counterexample``) that ``comms assess --answers`` replays.

PASS (the last rule is a catch-all)::

    fields:
      send: {type: bool, required: true}
    rules:
      - id: send-if-impact
        when: {definite_impact: true}
        then: {send: true}
      - id: otherwise-nothing
        then: {send: false}

FAIL (nothing decides ``send`` when there is no definite impact)::

    fields:
      send: {type: bool, required: true}
    rules:
      - id: send-if-impact
        when: {definite_impact: true}
        then: {send: true}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...lint.context import LintContext
from ...problems import Problem
from ...verify import Analysis
from ..verified import verified

ID = "gaps"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """A problem per required slot that some valid answers leave undecided."""
    return verified(ctx, ID, _find)


def _find(analysis: Analysis) -> Iterator[Problem]:
    for gap in analysis.gaps():
        yield Problem(
            gap.field.loc,
            ID,
            LEVEL,
            f"required field {gap.slot!r} is decided by no rule when {gap.region}; "
            "add a rule for these answers or end its rules with a catch-all",
            counterexample=gap.answers,
        )
