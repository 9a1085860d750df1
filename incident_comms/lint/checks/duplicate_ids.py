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

from ...problems import ERROR, Problem
from ..context import LintContext

ID = "duplicate-id"
LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The loader's duplicate-id problems."""
    return [p for p in ctx.load_problems if p.check == ID]
