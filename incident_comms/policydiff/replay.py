"""``comms replay``: decide saved records again under a policy, and say which decisions change.

Pure apart from reading the record files. A record is what ``comms assess --output``
saved: its ``answers`` are checked against the policy's questions and decided again;
the new decision is compared with the saved ``decision``, field by field (set fields
by their item ids: a changed item text is not a changed decision).

Answers written for an older policy are carried over through the new questions'
``replaces`` (an old id renamed, old values mapped). A record that still cannot be
decided (an answer the policy does not accept, or a question it asks that the record
never answered) is listed as not replayed, with the reason: never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import CommsError, Location
from ..frozen import Frozen
from ..policy.model import NONE, RECORDS, SET, Policy
from .joint import replacement_of

MAX_RECORDS = 100_000


class Replayed(Frozen):
    """One record decided again: what changed (field, before, after), or why it could not be."""

    path: str
    changes: tuple[tuple[str, Any, Any], ...] = ()
    carried: tuple[str, ...] = ()  # old answers carried over by `replaces` (old id → new id)
    problem: str = ""  # why it was not replayed


def record_files(paths: Iterable[Path]) -> list[Path]:
    """The record files named, folders expanded to their ``*.json`` files (recursively, in name order)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.json") if p.is_file() and not _hidden(p, path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise CommsError("no such file or folder", Location(str(path)))
        if len(found) > MAX_RECORDS:
            raise CommsError(f"more than {MAX_RECORDS:,} records; replay them in parts", Location(str(path)))
    return found


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_record(path: Path) -> dict[str, Any]:
    """A saved record's answers and decision (the one record reader); anything else is a CommsError."""
    from ..record_file import read_record_tree

    return read_record_tree(path)


def replay(policy: Policy, paths: Iterable[Path], extra: dict[str, Any] | None = None) -> Iterator[Replayed]:
    """Each record decided again under `policy`, in the order given; `extra` answers what records leave out."""
    for path in paths:
        yield replay_one(policy, str(path), read_record(path), extra or {})


def replay_journal(policy: Policy, journal: Any, incident_ids: Iterable[str] | None,
                   extra: dict[str, Any] | None = None) -> Iterator[Replayed]:
    """Every assessment the journal keeps for these incidents (None: every incident, closed ones too)."""
    if incident_ids is None:
        incident_ids = [incident.id for incident in reversed(journal.incidents(include_closed=True))]
    for incident_id in incident_ids:
        if journal.incident(incident_id) is None:
            raise CommsError(f"--incident {incident_id!r}: no such incident in the journal", Location(str(journal.path)))
        for entry in journal.entries(incident_id):
            if entry.kind != "assessment":
                continue
            name = f"incident {incident_id}, assessed {entry.at}"
            record = entry.body.get("record")
            if not isinstance(record, dict) or not isinstance(record.get("answers"), dict) or not isinstance(
                record.get("decision"), dict
            ):
                yield Replayed(name, problem="the journal entry holds no record with answers and a decision")
                continue
            yield replay_one(policy, name, record, extra or {})


def replay_one(policy: Policy, name: str, record: dict[str, Any], extra: dict[str, Any] | None = None) -> Replayed:
    from ..answers import check_answers
    from ..engine import decide
    from ..record import decision_json

    answers, carried, problem = carry_over(policy, record["answers"])
    answers = {**(extra or {}), **answers}
    if problem:
        return Replayed(name, carried=carried, problem=problem)
    try:
        checked = check_answers(policy, answers, source="answers")
    except CommsError as exc:
        return Replayed(name, carried=carried, problem=exc.message)
    if checked.missing:
        return Replayed(name, carried=carried, problem=f"the policy asks {', '.join(checked.missing)}, which the record does not answer")
    now = decision_json(policy, decide(policy, checked.answers))
    return Replayed(name, tuple(_changes(policy, record["decision"], now)), carried)


def carry_over(policy: Policy, answers: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...], str]:
    """Old answers renamed and mapped by the questions' ``replaces``; an old value with no mapping is a problem."""
    result = dict(answers)
    carried: list[str] = []
    for question in policy.questions:
        found = replacement_of(question)
        if found is None:
            continue
        old_id, mapping = found
        if old_id not in result or (old_id != question.id and question.id in result):
            continue
        value = result.pop(old_id)
        mapped = _mapped(value, mapping, question.values)
        if mapped is _MISSING:
            result[old_id] = value
            return result, tuple(carried), f"{old_id}: {json.dumps(value)} has no answer in {question.id} (replaces)"
        result[question.id] = mapped
        if old_id != question.id or mapped != value:
            carried.append(f"{old_id}: {json.dumps(value)} → {question.id}: {json.dumps(mapped)}")
    return result, tuple(carried), ""


def _mapped(value: Any, mapping: dict[Any, Any], current: tuple[Any, ...]) -> Any:
    """The current answer for an old one: mapped, or kept when it is still a choice (else _MISSING)."""
    if isinstance(value, list):
        return value
    if isinstance(value, (bool, str, int)) and value in mapping:
        return mapping[value]
    return value if value in current or not mapping else _MISSING


def _changes(policy: Policy, before: dict[str, Any], after: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    """(field or slot, saved value, new value) for each difference; records fields per key."""
    for name, spec in policy.fields.items():
        was, now = before.get(name, _MISSING), after[name]
        if spec.type == RECORDS and isinstance(was, list):
            yield from _record_changes(name, spec.key, was, now)
            continue
        if spec.type == SET:
            now = [item["id"] for item in now]
            was = [item.get("id") if isinstance(item, dict) else item for item in was] if isinstance(was, list) else was
        if was != now:
            yield name, None if was is _MISSING else was, now
    for name, value in before.items():
        if name not in policy.fields and value not in (None, [], False):
            yield name, value, None  # a decided field the policy no longer has


def _record_changes(name: str, key: str, before: list[Any], after: list[dict[str, Any]]) -> Iterator[tuple[str, Any, Any]]:
    def by_key(records: list[Any]) -> dict[Any, dict[str, Any]]:
        return {r.get(key): {k: v for k, v in r.items() if k != key} for r in records if isinstance(r, dict)}

    was, now = by_key(before), by_key(after)
    for slot in dict.fromkeys([*now, *was]):
        if was.get(slot) != now.get(slot):
            yield f"{name}.{slot}", was.get(slot, NONE), now.get(slot, NONE)


_MISSING: Any = object()
