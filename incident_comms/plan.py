"""The decision as a plan for the Comms Lead, in the policy's own words. Pure: no I/O, no styling.

:func:`build_plan` turns an assessment record into what a tired person reads: the
headline (what to do now), each records field's records as sentences grouped by its
``group_by`` attribute (groups in the attribute's declared order), each set field as a
numbered list, the other decided values, the scoping answers as a block to paste into
the incident channel, and, for each of these, the rule that decided it. Everything is
worded from the field declarations and their labels, never from ids the policy labels.

A record's sentence is its key's label, then its attributes' labels in declared order
(the ``group_by`` attribute left out, since the group says it): the first joined with
a space, each further one after a dash: "Email the owners and admins of impacted orgs
— you". The formats (``render.py``) escape and lay this out; nothing here is escaped.
"""

from __future__ import annotations

import json
from typing import Any

from .frozen import Frozen
from .policy.model import BOOL, ENUM, RECORDS, SET, FieldSpec, Policy


class Why(Frozen):
    """The rule behind an item: its id, ``file:line`` in the policy folder, and its reason."""

    rule: str
    where: str
    reason: str


class Item(Frozen):
    text: str
    why: Why | None = None


class Group(Frozen):
    title: str
    items: tuple[Item, ...]


class RecordsView(Frozen):
    """One records field: its records in groups, and (for --explain) the keys decided as none."""

    title: str
    groups: tuple[Group, ...]
    not_planned: tuple[Item, ...] = ()


class Plan(Frozen):
    headline: Item | None
    headline_rank: int  # the headline value's position among the field's values (-1: none)
    records: tuple[RecordsView, ...]
    lists: tuple[Group, ...]  # set fields, numbered, in declared order
    values: tuple[Item, ...]  # "Title: label" for the other bool and enum fields
    answers: tuple[str, ...]  # "id: value" lines, YAML that `comms assess --answers` reads back
    policy: str  # which policy decided


def build_plan(record: dict[str, Any], policy: Policy) -> Plan:
    """The plan of one assessment record made with `policy`."""
    decision, whys = record["decision"], _whys(record)
    headline, rank = _headline(policy, decision, whys)
    return Plan(
        headline=headline,
        headline_rank=rank,
        records=tuple(_records(spec, decision[n], whys) for n, spec in policy.fields.items() if spec.type == RECORDS),
        lists=tuple(_list(spec, decision[n], whys) for n, spec in policy.fields.items() if spec.type == SET),
        values=tuple(
            _value(spec, decision[n], whys)
            for n, spec in policy.fields.items()
            if spec.type in (BOOL, ENUM) and not spec.headline
        ),
        answers=tuple(f"{qid}: {_yaml_value(value)}" for qid, value in record["answers"].items()),
        policy=policy_line(record),
    )


def title(spec: FieldSpec) -> str:
    """How a field is named to people: its description, else its name in words."""
    return spec.description or spec.name.replace("_", " ")


def policy_line(record: dict[str, Any]) -> str:
    """"Policy NAME version V (PATH, sha256 0123456789ab)", from what the record says."""
    meta = record["policy"]
    version = f"version {meta['version']}" if meta.get("version") not in (None, "") else ""
    named = " ".join(str(part) for part in (meta.get("name"), version) if part)
    where = f"{meta['path']}, sha256 {meta['sha256'][:12]}"
    return f"Policy {named} ({where})" if named else f"Policy {where}"


def _whys(record: dict[str, Any]) -> dict[str, Why]:
    """slot -> the rule that decided it."""
    whys: dict[str, Why] = {}
    for fired in record["fired"]:
        why = Why(fired["rule"], f"{fired['file']}:{fired['line']}", fired["reason"])
        for slot in fired["decided"]:
            whys[slot] = why
    return whys


def _headline(policy: Policy, decision: dict[str, Any], whys: dict[str, Why]) -> tuple[Item | None, int]:
    for name, spec in policy.fields.items():
        if spec.headline:
            value = decision[name]
            rank = spec.values.index(value) if value in spec.values else -1
            return Item(_shown(spec, value), whys.get(name)), rank
    return None, -1


def _records(spec: FieldSpec, records: list[dict[str, Any]], whys: dict[str, Why]) -> RecordsView:
    by_group: dict[str, list[Item]] = {}
    for entry in records:
        group = entry.get(spec.group_by, "") if spec.group_by else ""
        by_group.setdefault(group, []).append(Item(sentence(spec, entry), whys.get(f"{spec.name}.{entry[spec.key]}")))
    order = list(spec.attributes.get(spec.group_by, ())) if spec.group_by else [""]
    order += [g for g in by_group if g not in order]
    groups = tuple(
        Group(spec.attribute_label(spec.group_by, g) if spec.group_by else "", tuple(by_group[g]))
        for g in order
        if g in by_group
    )
    present = {entry[spec.key] for entry in records}
    not_planned = tuple(
        Item(f"{spec.label(key)} …", whys[f"{spec.name}.{key}"])  # the start of the sentence it would be
        for key in spec.values
        if key not in present and f"{spec.name}.{key}" in whys
    )
    return RecordsView(title(spec), groups, not_planned)


def sentence(spec: FieldSpec, entry: dict[str, Any], grouped: bool = True) -> str:
    """A record in the policy's words: the key's label, then its attributes' labels
    (without the ``group_by`` attribute when `grouped`, since its group says it)."""
    left_out = spec.group_by if grouped else None
    parts = [spec.attribute_label(a, entry[a]) for a in spec.attributes if a != left_out and a in entry]
    head = spec.label(entry[spec.key])
    if not parts:
        return head
    return " — ".join([f"{head} {parts[0]}", *parts[1:]])


def _list(spec: FieldSpec, items: list[dict[str, Any]], whys: dict[str, Why]) -> Group:
    return Group(title(spec), tuple(Item(item["text"], whys.get(f"{spec.name}.{item['id']}")) for item in items))


def _value(spec: FieldSpec, value: Any, whys: dict[str, Why]) -> Item:
    return Item(f"{title(spec)}: {_shown(spec, value)}", whys.get(spec.name))


def _shown(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return "undecided"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return spec.label(value)


_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}


def _yaml_value(value: Any) -> str:
    """An answer as YAML that reads back as the same value (lists in flow style)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    text = str(value)
    plain = text.lower() not in _YAML_WORDS and text.replace("_", "").replace("-", "").isalnum() and not text[0].isdigit()
    return text if plain else json.dumps(text, ensure_ascii=False)
