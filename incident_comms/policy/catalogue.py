"""Reading the catalogue of a policy: its questions, derived facts and decision fields.

Everything else a policy holds refers to these, so they are read first (see
``decisions.py`` for the rules, tests and invariants that use them).
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..yamlsafe import loc_of
from .conditions import KEYWORDS, ConditionReader, facts_used
from .model import (
    BOOL,
    FIELD_TYPES,
    MULTIPLE,
    NONE,
    QUESTION_KINDS,
    RECORDS,
    YES_NO,
    Choice,
    Fact,
    FieldSpec,
    Question,
)
from .readchecks import CYCLES, REFERENCES, SCHEMA
from .schema import ID_PATTERN, Seen
from .sections.facts import FACT
from .sections.fields import FIELD, VALUE
from .sections.questions import CHOICE, QUESTION
from .versions import VersionReader


class CatalogueReader(VersionReader):
    """Reads questions (without their ask_when), facts and fields, reporting problems."""

    # ---- questions ----------------------------------------------------------------
    def question_shells(self, entries: list[tuple[int, Any, Location, str]]) -> list[tuple[Question, Any, str]]:
        """Questions without their ask_when (read once every question is known)."""
        shells: list[tuple[Question, Any, str]] = []
        seen = Seen(QUESTION)
        for _, raw, loc, path in entries:
            if not self.entry(raw, path, loc, QUESTION):
                continue
            qid = self.ident(raw, "id", path, loc)
            kind = raw["kind"]
            if kind not in QUESTION_KINDS:
                where = loc_of(raw, "kind", loc)
                self.report(SCHEMA, f"{path}.kind: {kind!r} is not one of {', '.join(QUESTION_KINDS)}", where)
                continue
            if qid is None or not self.unique(seen, qid, path, loc):
                continue
            if qid in KEYWORDS:
                self.report(SCHEMA, f"{path}.id: {qid!r} is a reserved word of the condition language", loc)
                continue
            choices = self._choices(raw, kind, path, loc)
            order = raw.get("order", 0)
            if not isinstance(order, int) or isinstance(order, bool):
                self.report(SCHEMA, f"{path}.order: expected a whole number", loc_of(raw, "order", loc))
                order = 0
            question = Question(
                id=qid,
                prompt=self.prose(raw, "prompt", path, loc),
                kind=kind,
                choices=choices,
                help=self.prose(raw, "help", path, loc),
                default=self._default(raw, kind, choices, path, loc),
                order=order,
                informational=self.flag(raw, "informational", path, loc),
                optional=self._optional(raw, path, loc),
                replaces=self.replaces(raw, qid, tuple(c.value for c in choices), path, loc),
                loc=loc,
            )
            shells.append((question, raw, path))
        return shells

    def _optional(self, raw: Any, path: str, loc: Location) -> bool:
        optional = self.flag(raw, "optional", path, loc)
        if optional and "default" not in raw:
            self.report(SCHEMA, f"{path}.optional: an optional question needs a default (its answer when left out)", loc_of(raw, "optional", loc))
            return False
        return optional

    def _choices(self, raw: Any, kind: str, path: str, loc: Location) -> tuple[Choice, ...]:
        if kind == YES_NO:
            if "choices" in raw:
                self.report(SCHEMA, f"{path}.choices: yes_no questions have no choices", loc_of(raw, "choices", loc))
            return (Choice(True, "Yes"), Choice(False, "No"))
        choices: list[Choice] = []
        seen = Seen(CHOICE)
        for i, item, where in self.items(raw.get("choices"), f"{path}.choices", loc_of(raw, "choices", loc)):
            item_path = f"{path}.choices[{i}]"
            if isinstance(item, str):
                item = {"value": item, "label": item}
            if not self.entry(item, item_path, where, CHOICE):
                continue
            value = self.ident(item, "value", item_path, where)
            if value is None or not self.unique(seen, value, item_path, where):
                continue
            label = self.prose(item, "label", item_path, where, default=value)
            choices.append(Choice(value, label, self.prose(item, "help", item_path, where)))
        if not choices:
            self.report(SCHEMA, f"{path}.choices: a {kind} question needs at least one choice", loc)
        return tuple(choices)

    def _default(self, raw: Any, kind: str, choices: tuple[Choice, ...], path: str, loc: Location) -> Any:
        if "default" not in raw:
            return None
        default, values = raw["default"], [c.value for c in choices]
        wanted = default if isinstance(default, list) and kind == MULTIPLE else [default]
        if kind == MULTIPLE and not isinstance(default, list):
            wanted = [None]
        if not all(isinstance(v, (str, bool)) and v in values and type(v) is type(values[0]) for v in wanted):
            self.report(REFERENCES, f"{path}.default: {default!r} is not an answer of this question", loc_of(raw, "default", loc))
            return None
        return default

    # ---- facts, fields ------------------------------------------------------------------
    def fact_ids(self, entries: list[tuple[int, Any, Location, str]]) -> dict[str, tuple[Any, Location, str]]:
        found: dict[str, tuple[Any, Location, str]] = {}
        seen = Seen(FACT)
        for _, raw, loc, path in entries:
            if not self.entry(raw, path, loc, FACT):
                continue
            fid = self.ident(raw, "id", path, loc)
            if fid is not None and self.unique(seen, fid, path, loc):
                found[fid] = (raw, loc, path)
        return found

    def facts(self, found: dict[str, tuple[Any, Location, str]], conditions: ConditionReader) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for fid, (raw, loc, path) in found.items():
            when = conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when", allow_fields=False)
            facts[fid] = Fact(fid, when, self.prose(raw, "description", path, loc), loc)
        self._fact_cycles(facts)
        return facts

    def _fact_cycles(self, facts: dict[str, Fact]) -> None:
        state: dict[str, int] = {}

        def visit(fid: str, trail: list[str]) -> None:
            if state.get(fid) == 2 or fid not in facts:
                return
            if state.get(fid) == 1:
                cycle = " -> ".join(trail[trail.index(fid):] + [fid])
                self.report(CYCLES, f"facts refer to each other in a cycle: {cycle}", facts[fid].loc)
                return
            state[fid] = 1
            for used in sorted(facts_used(facts[fid].when)):
                visit(used, trail + [fid])
            state[fid] = 2

        for fid in facts:
            visit(fid, [])

    def fields(self, entries: list[tuple[str, Any, Location, str]]) -> dict[str, FieldSpec]:
        fields: dict[str, FieldSpec] = {}
        seen = Seen(FIELD)
        for name, raw, loc, path in entries:
            if not ID_PATTERN.fullmatch(name) or not self.unique(seen, name, path, loc):
                if not ID_PATTERN.fullmatch(name):
                    self.report(SCHEMA, f"{path}: {name!r} is not a field name", loc)
                continue
            if not self.entry(raw, path, loc, FIELD):
                continue
            spec = self._field(name, raw, path, loc)
            if spec is not None:
                fields[name] = spec
        return fields

    def _field(self, name: str, raw: Any, path: str, loc: Location) -> FieldSpec | None:
        ftype = raw["type"]
        if ftype not in FIELD_TYPES:
            self.report(SCHEMA, f"{path}.type: {ftype!r} is not one of {', '.join(FIELD_TYPES)}", loc_of(raw, "type", loc))
            return None
        values, labels = self._field_values(raw, ftype, path, loc)
        attributes: dict[str, tuple[str, ...]] = {}
        attribute_labels: dict[str, dict[str, str]] = {}
        group_by = ""
        if ftype == RECORDS:
            attributes, attribute_labels = self._attributes(raw, path, loc)
            if not isinstance(raw.get("key"), str):
                self.report(SCHEMA, f"{path}.key: a records field names its key attribute (e.g. channel)", loc)
            group_by = self._group_by(raw, attributes, path, loc)
        elif "group_by" in raw:
            self.report(SCHEMA, f"{path}.group_by: only a records field groups by an attribute", loc_of(raw, "group_by", loc))
        return FieldSpec(
            name=name,
            type=ftype,
            description=self.prose(raw, "description", path, loc),
            required=self.flag(raw, "required", path, loc),
            headline=self.flag(raw, "headline", path, loc),
            values=values,
            labels=labels,
            key=raw.get("key", "") if isinstance(raw.get("key"), str) else "",
            attributes=attributes,
            attribute_labels=attribute_labels,
            group_by=group_by,
            loc=loc,
        )

    def _field_values(self, raw: Any, ftype: str, path: str, loc: Location) -> tuple[tuple[Any, ...], dict[Any, str]]:
        if ftype == BOOL:
            if "values" in raw:
                self.report(SCHEMA, f"{path}.values: a bool field has no values", loc_of(raw, "values", loc))
            return (True, False), {}
        values: list[str] = []
        labels: dict[Any, str] = {}
        seen = Seen(VALUE)
        for i, item, where in self.items(raw.get("values"), f"{path}.values", loc_of(raw, "values", loc)):
            item_path = f"{path}.values[{i}]"
            if isinstance(item, str):
                item = {"value": item}
            if not self.entry(item, item_path, where, VALUE):
                continue
            value = self.ident(item, "value", item_path, where)
            if value is None or not self.unique(seen, value, item_path, where):
                continue
            if value == NONE and ftype == RECORDS:
                self.report(SCHEMA, f"{item_path}: 'none' is reserved for records keys (it means no record)", where)
                continue
            values.append(value)
            labels[value] = self.prose(item, "label", item_path, where, default=value)
        if not values:
            self.report(SCHEMA, f"{path}.values: a {ftype} field needs at least one value", loc)
        return tuple(values), labels

    def _attributes(self, raw: Any, path: str, loc: Location) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
        """Each attribute's value ids in declared order, and their labels (a value may be ``{value, label}``)."""
        attrs = raw.get("attributes")
        where = loc_of(raw, "attributes", loc)
        if not isinstance(attrs, dict) or not attrs:
            self.report(SCHEMA, f"{path}.attributes: a records field lists its attributes and their values", where)
            return {}, {}
        result: dict[str, tuple[str, ...]] = {}
        labels: dict[str, dict[str, str]] = {}
        for name, values in attrs.items():
            attr_path, attr_loc = f"{path}.attributes.{name}", loc_of(attrs, name, where)
            if not isinstance(values, list) or not values:
                self.report(SCHEMA, f"{attr_path}: expected a list of value ids", attr_loc)
                continue
            read = self._attribute_values(values, attr_path, attr_loc)
            if read:
                result[name] = tuple(read)
                labels[name] = read
        return result, labels

    def _attribute_values(self, values: list[Any], path: str, loc: Location) -> dict[str, str]:
        """value id -> label, in declared order; a plain string is its own label."""
        read: dict[str, str] = {}
        seen = Seen(VALUE)
        for i, item, where in self.items(values, path, loc):
            item_path = f"{path}[{i}]"
            if isinstance(item, str):
                item = {"value": item}
            if not self.entry(item, item_path, where, VALUE):
                continue
            value = self.ident(item, "value", item_path, where)
            if value is None or not self.unique(seen, value, item_path, where):
                continue
            read[value] = self.prose(item, "label", item_path, where, default=value)
        return read

    def _group_by(self, raw: Any, attributes: dict[str, tuple[str, ...]], path: str, loc: Location) -> str:
        if "group_by" not in raw:
            return ""
        name, where = raw["group_by"], loc_of(raw, "group_by", loc)
        if not isinstance(name, str) or name not in attributes:
            known = ", ".join(attributes) or "none"
            self.report(REFERENCES, f"{path}.group_by: {name!r} is not an attribute of this field (attributes: {known})", where)
            return ""
        return name
