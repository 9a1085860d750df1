"""Rendering the chosen drafts: each template with the incident's details, answers and decision.

A detail that is not given renders as a visible ``[label]`` placeholder (never a
silent blank) and is listed with the draft, so the command can say which are
missing. Rendering gives plain text; escaping for a format is ``formats.py``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..engine import Decision
from ..frozen import Frozen
from ..policy.model import RECORDS, SET, Policy
from . import templates
from .model import Draft, Drafts, Settings, Template
from .plan import Planned


class Rendered(Frozen):
    """A draft with its text: subject (may be empty) and body."""

    planned: Planned
    subject: str
    body: str
    missing: tuple[str, ...] = ()  # the details shown as placeholders, in declaration order


def placeholder(settings: Settings, name: str) -> str:
    """How a detail that is not given shows in a draft: its label in square brackets."""
    detail = settings.details.get(name)
    return f"[{detail.label if detail else name}]"


def details_used(drafts: Iterable[Draft]) -> list[str]:
    """The detail names that these drafts' templates mention, first use first."""
    found: dict[str, None] = {}
    for draft in drafts:
        for template in _templates(draft):
            for segments, _ in templates.used_variables(template, templates.analysis(template)):
                if segments[0] == "detail" and len(segments) > 1 and isinstance(segments[1], str):
                    found.setdefault(segments[1], None)
    return list(found)


def render_drafts(
    policy: Policy, drafts: Drafts, planned: list[Planned], answers: Mapping[str, Any],
    decision: Decision, details: Mapping[str, str],
) -> list[Rendered]:
    """Every planned draft, rendered."""
    shared = {
        "answer": {qid: answers.get(qid) for qid in policy.question_ids},
        "decision": _decision(policy, decision),
        "value": dict(drafts.settings.values),
    }
    return [_render(drafts.settings, one, shared, details) for one in planned]


def _render(settings: Settings, planned: Planned, shared: dict[str, Any], details: Mapping[str, str]) -> Rendered:
    detail = _Details(settings, details)
    context = {**shared, "detail": detail}
    if planned.record:
        context["message"] = dict(planned.record)
    else:
        context["item"] = {"id": planned.target.key, "text": planned.item_text}
    draft = planned.draft
    subject = _text(draft.subject, context) if draft.subject is not None else ""
    body = _text(draft.body, context)
    missing = tuple(name for name in settings.details if name in detail.missing)
    return Rendered(planned, subject.strip(), body.strip("\n") + "\n", missing)


def _text(template: Template, context: dict[str, Any]) -> str:
    return templates.render(templates.parse(template), template, context)


def _decision(policy: Policy, decision: Decision) -> dict[str, Any]:
    """The decision as templates see it: records by key (nil when not planned), set items as ids."""
    result: dict[str, Any] = {}
    for name, spec in policy.fields.items():
        value = decision.values.get(name)
        if spec.type == RECORDS:
            by_key = {record[spec.key]: dict(record) for record in value or ()}
            result[name] = {key: by_key.get(key) for key in spec.values}
        elif spec.type == SET:
            result[name] = list(value or ())
        else:
            result[name] = value
    return result


class _Details(dict):
    """The declared details: given ones as given, the rest as placeholders (remembered as missing)."""

    def __init__(self, settings: Settings, given: Mapping[str, str]) -> None:
        super().__init__({name: given.get(name) or placeholder(settings, name) for name in settings.details})
        self.given = given
        self.missing: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if not self.given.get(name):
            self.missing.add(name)
        return value


def _templates(draft: Draft) -> Iterator[Template]:
    if draft.subject is not None:
        yield draft.subject
    yield draft.body
