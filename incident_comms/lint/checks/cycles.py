"""cycles: facts and decided fields never depend on themselves.

A fact may use other facts and a rule may test fields that other rules decide,
but never in a loop: ``a`` uses ``b`` uses ``a`` has no answer. The cycle is
printed as a trail (``send -> headline -> send``) at the rule or fact that
closes it.

PASS::

    facts:
      - id: critical
        when: {severity: critical}
      - id: data_lost
        when: {all: [{fact: critical}, {data_loss: true}]}

FAIL (each fact needs the other)::

    facts:
      - id: critical
        when: {fact: data_lost}
      - id: data_lost
        when: {fact: critical}
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.readchecks import CYCLES as ID
from ...problems import ERROR, Problem
from ..context import LintContext

LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The cycle problems that reading the policy found (filed under this id, see ``policy/readchecks.py``)."""
    return ctx.found_reading(ID)
