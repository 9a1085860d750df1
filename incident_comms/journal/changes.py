"""What changed between two assessments: read from the records, generic over the policy.

Every decision field is compared by the shape the record gives it: a single value
(headline, cadence, any bool or enum), a records field (messages: one record per
key, each attribute compared), or a set field (actions: items added or gone). The
policy is used only for titles and labels; a field it no longer has is still
compared. A changed policy (its sha256 or version) is a change of its own.
"""

from __future__ import annotations

from typing import Any

from ..frozen import Frozen
from ..policy.model import RECORDS, SET, FieldSpec, Policy

POLICY = "policy"  # the `field` of a change of policy


class Change(Frozen):
    """One difference. `item` is a record key or set item; `before`/`after` are shown values."""

    field: str
    title: str
    kind: str  # "changed", "added" or "removed"
    item: str = ""
    before: str = ""
    after: str = ""
    headline: bool = False


def changes(policy: Policy, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """The differences from record `before` to record `after`: policy first, then each field."""
    found = _policy_change(before.get("policy"), after.get("policy"))
    old, new = _decision(before), _decision(after)
    names = [*new, *(name for name in old if name not in new)]
    headlines = [name for name in names if name in policy.fields and policy.fields[name].headline]
    for name in [*headlines, *(n for n in names if n not in headlines)]:
        found += _field_changes(name, _spec(policy, name), old.get(name), new.get(name))
    return found


def _decision(record: dict[str, Any]) -> dict[str, Any]:
    decision = record.get("decision")
    return decision if isinstance(decision, dict) else {}


def _spec(policy: Policy, name: str) -> FieldSpec | None:
    return policy.fields.get(name)


def _policy_change(before: Any, after: Any) -> list[Change]:
    before, after = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
    shown = []
    for key in ("version", "sha256"):
        if before.get(key) != after.get(key) and (key in before or key in after):
            shown.append((key, _short(before.get(key)), _short(after.get(key))))
    if not shown:
        return []
    key, old, new = shown[0]
    return [Change(POLICY, "Policy", "changed", key, old, new)]


def _short(value: Any) -> str:
    text = "none" if value is None else str(value)
    return text[:12] if len(text) == 64 else text  # a sha256: its first 12 digits


def _field_changes(name: str, spec: FieldSpec | None, old: Any, new: Any) -> list[Change]:
    if old == new:
        return []
    title = spec.description or name.replace("_", " ") if spec else name.replace("_", " ")
    headline = bool(spec and spec.headline)
    if _is_records(spec, old, new):
        return _record_changes(name, title, spec, old or [], new or [])
    if _is_set(spec, old, new):
        return _set_changes(name, title, old or [], new or [])
    return [Change(name, title, "changed", "", _value(spec, old), _value(spec, new), headline)]


def _is_records(spec: FieldSpec | None, *values: Any) -> bool:
    if spec is not None:
        return spec.type == RECORDS
    return any(isinstance(v, list) and v and isinstance(v[0], dict) and set(v[0]) != {"id", "text"} for v in values)


def _is_set(spec: FieldSpec | None, *values: Any) -> bool:
    if spec is not None:
        return spec.type == SET
    return any(isinstance(v, list) for v in values)


def _value(spec: FieldSpec | None, value: Any) -> str:
    if value is None:
        return "undecided"
    if isinstance(value, bool):
        return "yes" if value else "no"
    label = spec.labels.get(value) if spec is not None else None
    return str(label or value)


def _record_changes(name: str, title: str, spec: FieldSpec | None, old: list[Any], new: list[Any]) -> list[Change]:
    key = spec.key if spec is not None and spec.key else _first_key(old or new)
    before, after = _keyed(old, key), _keyed(new, key)
    found: list[Change] = []
    for item, record in after.items():
        if item not in before:
            found.append(Change(name, title, "added", item, "", _attributes(spec, record, key)))
            continue
        for attribute, value in record.items():
            if attribute != key and before[item].get(attribute) != value:
                old_value = _attribute(spec, attribute, before[item].get(attribute, "none"))
                found.append(Change(name, title, "changed", f"{item} {attribute}", old_value,
                                    _attribute(spec, attribute, value)))
    found += [Change(name, title, "removed", item, _attributes(spec, before[item], key)) for item in before
              if item not in after]
    return found


def _first_key(records: list[Any]) -> str:
    first = records[0] if records and isinstance(records[0], dict) else {}
    return next(iter(first), "")


def _keyed(records: list[Any], key: str) -> dict[str, dict[str, Any]]:
    return {str(r.get(key)): r for r in records if isinstance(r, dict)}


def _attributes(spec: FieldSpec | None, record: dict[str, Any], key: str) -> str:
    return ", ".join(f"{attribute} {_attribute(spec, attribute, value)}" for attribute, value in record.items()
                     if attribute != key)


def _attribute(spec: FieldSpec | None, attribute: str, value: Any) -> str:
    return spec.attribute_label(attribute, value) if spec is not None else str(value)


def _set_changes(name: str, title: str, old: list[Any], new: list[Any]) -> list[Change]:
    before, after = _items(old), _items(new)
    added = [Change(name, title, "added", item, "", text) for item, text in after.items() if item not in before]
    gone = [Change(name, title, "removed", item, text) for item, text in before.items() if item not in after]
    return added + gone


def _items(values: list[Any]) -> dict[str, str]:
    items: dict[str, str] = {}
    for value in values:
        if isinstance(value, dict):
            items[str(value.get("id"))] = str(value.get("text", value.get("id")))
        else:
            items[str(value)] = str(value)
    return items
