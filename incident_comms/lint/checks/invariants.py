"""invariants: every promise in ``invariants:`` holds for every possible incident.

An invariant says ``when`` (optional; conditions over answers and decided fields)
implies ``require``. The check proves it over all valid answer sets; when it
fails, it reports the invariant with a real answers file that breaks it.

PASS (``send`` is false whenever there is no definite impact)::

    rules:
      - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}}
      - {id: otherwise-nothing, then: {send: false}}
    invariants:
      - id: no-comms-without-impact
        when: {definite_impact: false}
        require: {field: send, is: false}

FAIL (a security incident sends without a definite impact)::

    rules:
      - {id: send-if-security, when: {security: true}, then: {send: true}}
      - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}}
      - {id: otherwise-nothing, then: {send: false}}
    invariants:
      - id: no-comms-without-impact
        when: {definite_impact: false}
        require: {field: send, is: false}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...lint.context import LintContext
from ...problems import Problem
from ...verify import Analysis
from ..verified import verified

ID = "invariants"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """A problem per invariant that some valid answers break."""
    return verified(ctx, ID, _find)


def _find(analysis: Analysis) -> Iterator[Problem]:
    for broken in analysis.broken_invariants():
        yield Problem(
            broken.invariant.loc,
            ID,
            LEVEL,
            f"invariant {broken.invariant.id!r} does not hold for some answers (see the counterexample)",
            counterexample=broken.answers,
        )
