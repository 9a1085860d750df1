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

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...checklist.read import read_checklist

if TYPE_CHECKING:
    from ...checklist.model import Checklist
    from ...policy.model import Condition
    from ...problems import Problem
    from ..context import LintContext

ID = "checklist"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """The problems of the policy's checklist (none when the policy could not be read)."""
    if ctx.policy is None:
        return []
    _, problems = _read(ctx)
    return problems


def checklist_conditions(ctx: LintContext) -> Iterator[Condition]:
    """Every condition of the checklist (for checks about what conditions test)."""
    checklist = _read(ctx)[0] if ctx.policy is not None else None
    if checklist is None:
        return
    if checklist.settings.status_checks_stop_when is not None:
        yield checklist.settings.status_checks_stop_when
    for section in checklist.sections:
        for condition in (section.when, *(item.when for item in section.items)):
            if condition is not None:
                yield condition


def _read(ctx: LintContext) -> tuple[Checklist | None, list[Problem]]:
    """The policy's checklist, read once per lint run."""
    policy = ctx.policy
    assert policy is not None
    return ctx.cached("checklist", lambda: read_checklist(policy))
