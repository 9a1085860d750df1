"""What the checklist shows: the whole role, or only what applies to one incident.

A tailored list leaves out `full_only` sections, sections and items whose `when`
does not hold, and action items whose action the decision does not include. Every
decided action is shown: the ones without an item of their own are listed at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..engine import Decision, condition_test
from ..frozen import Frozen
from ..policy.model import Condition, Policy
from .model import Checklist, Cite, Item, Page, Section

if TYPE_CHECKING:
    from .timing import StatusCheck

DECIDED_SECTION = "Also decided for this incident"


class Entry(Frozen):
    """An item as shown: its text, citation, and the rule that decided it (if any)."""

    id: str
    text: str
    cite: Cite | None
    decided_by: str | None = None


class ShownSection(Frozen):
    id: str
    title: str
    cite: Cite | None
    entries: tuple[Entry, ...]


class View(Frozen):
    """Everything a renderer needs, and nothing it has to work out."""

    title: str
    pages: dict[str, Page]
    sections: tuple[ShownSection, ...]
    tailored: bool = False
    source: str | None = None  # the record or answers file a tailored list comes from
    headline: tuple[str, str] | None = None  # the decision's headline: value and label
    status_check: StatusCheck | None = None
    status_checks_stopped: bool = False


def full_view(checklist: Checklist, status_check: StatusCheck | None = None) -> View:
    """Every section and item: the whole role."""
    sections = tuple(
        ShownSection(s.id, s.title, s.cite, tuple(_entry(item) for item in s.items)) for s in checklist.sections
    )
    return View(checklist.settings.title, checklist.settings.pages, sections, status_check=status_check)


def tailored_view(
    checklist: Checklist,
    policy: Policy,
    answers: Mapping[str, Any],
    decision: Decision,
    source: str,
    status_check: StatusCheck | None = None,
) -> View:
    """Only what applies to this incident, with the decided actions in it."""
    settings = checklist.settings
    applies = condition_test(policy, answers)
    decided = _decided_actions(policy, decision, settings.actions_field)
    sections = [_tailored_section(s, applies, decided) for s in checklist.sections if not s.full_only]
    linked = checklist.linked_actions()
    leftover = [a for a in decided if a not in linked]
    if leftover:
        labels = policy.fields[settings.actions_field].labels
        entries = tuple(Entry(a, labels.get(a, a), None, decided[a]) for a in leftover)
        sections.append(ShownSection("decided", DECIDED_SECTION, None, entries))
    stop = settings.status_checks_stop_when
    stopped = stop is not None and applies(stop)
    return View(
        title=settings.title,
        pages=settings.pages,
        sections=tuple(s for s in sections if s is not None and s.entries),
        tailored=True,
        source=source,
        headline=_headline(policy, decision),
        status_check=None if stopped else status_check,
        status_checks_stopped=stopped and status_check is not None,
    )


def _tailored_section(
    section: Section, applies: Callable[[Condition], bool], decided: dict[str, str]
) -> ShownSection | None:
    if section.when is not None and not applies(section.when):
        return None
    entries = []
    for item in section.items:
        if item.action is not None and item.action not in decided:
            continue
        if item.when is not None and not applies(item.when):
            continue
        entries.append(_entry(item, decided.get(item.action or "")))
    return ShownSection(section.id, section.title, section.cite, tuple(entries))


def _entry(item: Item, decided_by: str | None = None) -> Entry:
    return Entry(item.id, item.text, item.cite, decided_by)


def _decided_actions(policy: Policy, decision: Decision, field: str) -> dict[str, str]:
    """The decided actions, in the field's order, each with the id of the rule that added it."""
    items = decision.values.get(field) or []
    return {item: _rule_id(decision, f"{field}.{item}") for item in items}


def _rule_id(decision: Decision, slot: str) -> str:
    rule = decision.decided_by.get(slot)
    return rule.id if rule is not None else ""


def _headline(policy: Policy, decision: Decision) -> tuple[str, str] | None:
    for name, spec in policy.fields.items():
        if spec.headline:
            value = decision.values.get(name)
            return str(value), str(spec.labels.get(value, value))
    return None
