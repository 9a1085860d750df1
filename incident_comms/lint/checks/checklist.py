"""checklist: the Comms Lead checklist (the ``checklist:`` section) reads cleanly.

It reports what would stop ``comms checklist``: an entry of the wrong shape or with
unknown keys; a condition (``when``, ``status_checks_stop_when``) that names an
unknown question, fact, field or value; an ``action`` that the policy's actions
field does not have, or that two items claim; a citation to a page not declared
in ``settings.pages``; an item without a handbook citation (its own or its
section's); an unknown ``{placeholder}`` in a text; and duplicate section or item
ids. A policy without a checklist is fine.

PASS::

    checklist:
      - settings:
          pages: {incident-comms: {title: Incident comms}}
      - id: status-page
        title: Status page
        cite: {page: incident-comms, section: What does the Comms Lead do?}
        items:
          - id: status-page-accurate
            when: {resolved: false}
            text: Check that the status page describes the current impact.

FAIL (an unknown question, and an item with no citation)::

    checklist:
      - id: status-page
        title: Status page
        items:
          - id: status-page-accurate
            when: {resolvd: false}
            text: Check that the status page describes the current impact.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...checklist.read import read_checklist

if TYPE_CHECKING:
    from ...problems import Problem
    from ..context import LintContext

ID = "checklist"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """The problems of the policy's checklist (none when the policy could not be read)."""
    if ctx.policy is None:
        return []
    _, problems = read_checklist(ctx.policy)
    return problems
