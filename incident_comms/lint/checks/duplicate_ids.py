"""duplicate-id: ids are unique across the whole policy folder.

Question, fact, field, rule, invariant and test ids (test names), and the values
of one question or field, must each be unique, across all the files of the
folder: the engine, the record and answers files refer to them by id. The second
occurrence is reported, with where the first one is.

PASS::

    rules:
      - id: email-security-exposure
        ...
      - id: email-security-exposure-on-hold
        ...

FAIL (the second rule reuses the id)::

    rules:
      - id: email-security-exposure
        ...
      - id: email-security-exposure
        ...
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.readchecks import DUPLICATE_ID as ID
from ...problems import ERROR, Problem
from ..context import LintContext

LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The duplicate-id problems that reading the policy found (filed under this id, see ``policy/readchecks.py``)."""
    return ctx.found_reading(ID)
