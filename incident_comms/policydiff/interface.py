"""What changed in a policy's public interface: its questions and choices (answers files
use them) and its decision fields and values (the JSON record uses them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..frozen import Frozen
from ..policy.model import MULTIPLE, RECORDS, FieldSpec, Policy, Question
from .joint import JointPolicy, Link, replacement_of

BREAKS_ANSWERS = "answers"  # answers files written for the old policy may no longer read
BREAKS_RECORDS = "records"  # readers of the JSON record see other keys or values


class InterfaceChange(Frozen):
    """One change of the interface: `kind` (question-added, ...), what it is about, and a line of text."""

    kind: str
    subject: str
    text: str
    breaks: str


def interface_changes(old: Policy, new: Policy, joint: JointPolicy) -> Iterator[InterfaceChange]:
    """Question changes first (they break answers files), then field changes."""
    for link in joint.links:
        yield from _question_changes(link)
    yield from _field_changes(old, new)


def _question_changes(link: Link) -> Iterator[InterfaceChange]:
    old, new = link.old, link.new
    if old is None:
        assert new is not None
        yield _q("question-added", new.id, f"question {new.id} added ({_kind(new)})")
        return
    if new is None:
        yield _q("question-removed", old.id, f"question {old.id} removed")
        return
    if old.id != new.id:
        yield _q("question-renamed", new.id, f"question {old.id} renamed {new.id}")
    if old.kind != new.kind:
        yield _q("kind-changed", new.id, f"question {new.id}: {_kind(old)} → {_kind(new)}")
    mapping = (replacement_of(new) or ("", {}))[1]
    pairs = link.values
    for before, after in pairs:
        if before is not None and after is not None and before != after:
            yield _q("choice-renamed", new.id, f"question {new.id}: {_shown(before)} → {_shown(after)}")
        elif after is None:
            what = "no longer a choice" if before not in mapping else f"mapped to {_shown(mapping[before])}, not a choice"
            yield _q("choice-removed", new.id, f"question {new.id}: {_shown(before)} {what}")
        elif before is None:
            yield _q("choice-added", new.id, f"question {new.id}: choice {_shown(after)} added")


def _field_changes(old: Policy, new: Policy) -> Iterator[InterfaceChange]:
    for name, spec in new.fields.items():
        before = old.fields.get(name)
        if before is None:
            yield _f("field-added", name, f"field {name} added ({spec.type}); not compared: the old policy has no such field")
        elif before.type != spec.type:
            yield _f("field-type-changed", name, f"field {name}: {before.type} → {spec.type}")
        else:
            yield from _value_changes(before, spec)
    for name in old.fields:
        if name not in new.fields:
            yield _f("field-removed", name, f"field {name} removed; not compared: the new policy has no such field")


def _value_changes(before: FieldSpec, after: FieldSpec) -> Iterator[InterfaceChange]:
    word = "key" if after.type == RECORDS else "value"
    for value in after.values:
        if value not in before.values:
            yield _f(f"{word}-added", after.name, f"field {after.name}: {word} {_shown(value)} added")
    for value in before.values:
        if value not in after.values:
            yield _f(f"{word}-removed", after.name, f"field {after.name}: {word} {_shown(value)} removed")
    for attribute, values in after.attributes.items():
        old_values = before.attributes.get(attribute)
        if old_values is None:
            yield _f("attribute-added", after.name, f"field {after.name}: attribute {attribute} added")
            continue
        for value in values:
            if value not in old_values:
                yield _f("value-added", after.name, f"field {after.name}.{attribute}: value {_shown(value)} added")
        for value in old_values:
            if value not in values:
                yield _f("value-removed", after.name, f"field {after.name}.{attribute}: value {_shown(value)} removed")
    for attribute in before.attributes:
        if attribute not in after.attributes:
            yield _f("attribute-removed", after.name, f"field {after.name}: attribute {attribute} removed")


def _q(kind: str, subject: str, text: str) -> InterfaceChange:
    return InterfaceChange(kind, subject, text, BREAKS_ANSWERS)


def _f(kind: str, subject: str, text: str) -> InterfaceChange:
    return InterfaceChange(kind, subject, text, BREAKS_RECORDS)


def _kind(question: Question) -> str:
    return {MULTIPLE: "several choices", "single": "one choice", "yes_no": "yes-no"}.get(question.kind, question.kind)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
