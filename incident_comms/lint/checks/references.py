"""references: every name a rule file uses is defined, and every value is allowed.

Conditions may only name questions, facts and fields that the policy defines, and
only answer values those questions accept; a rule's ``then`` may only set defined
fields to their declared values; a test may only expect defined fields; a
question's ``ask_when`` may only depend on questions asked before it. Each
problem lists the known names.

PASS::

    rules:
      - id: email-on-exposure
        when: {severity: critical}
        then: {send: true}

FAIL (``severity`` has no answer ``huge``; ``sned`` is not a field)::

    rules:
      - id: email-on-exposure
        when: {severity: huge}
        then: {sned: true}
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.readchecks import REFERENCES as ID
from ...problems import ERROR, Problem
from ..context import LintContext

LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The reference problems that reading the policy found (filed under this id, see ``policy/readchecks.py``)."""
    return ctx.found_reading(ID)
