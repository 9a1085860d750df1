"""Reading what a policy decides with: its rules, its tests and its invariants.

They refer to the catalogue (``catalogue.py``): questions, facts and fields.
:class:`PolicyReader` reads a whole policy; the loader uses it.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..yamlsafe import YMap, loc_of
from .catalogue import CatalogueReader
from .conditions import ConditionReader, fields_used
from .model import (
    ALWAYS,
    BOOL,
    ENUM,
    NONE,
    RECORDS,
    SET,
    Assignment,
    Condition,
    FieldSpec,
    Invariant,
    PolicyTest,
    Rule,
)
from .readchecks import CYCLES, REFERENCES, SCHEMA
from .schema import Seen, kind_of, known_ids
from .sections.invariants import INVARIANT
from .sections.rules import RULE
from .sections.tests import TEST


class PolicyReader(CatalogueReader):
    """Reads every section of a policy, reporting problems."""

    def __init__(self) -> None:
        super().__init__()
        self._set_items: dict[str, frozenset[Any]] = {}

    # ---- rules --------------------------------------------------------------------------
    def rules(self, entries: list[tuple[int, Any, Location, str]], fields: dict[str, FieldSpec],
              conditions: ConditionReader) -> list[Rule]:
        rules: list[Rule] = []
        seen = Seen(RULE)
        for _, raw, loc, path in entries:
            if not self.entry(raw, path, loc, RULE):
                continue
            rid = self.ident(raw, "id", path, loc)
            if rid is None or not self.unique(seen, rid, path, loc):
                continue
            when: Condition = ALWAYS
            if "when" in raw:
                when = conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when")
            sets = self.assignments(raw["then"], fields, f"{path}.then", loc_of(raw, "then", loc))
            because = self.prose(raw, "because", path, loc)
            if not because.strip():
                self.report(SCHEMA, f"{path}.because: every rule says why (cite the handbook)", loc)
            rules.append(Rule(rid, when, tuple(sets), because, loc, index=len(rules)))
        self._field_cycles(rules)
        return rules

    def assignments(self, raw: Any, fields: dict[str, FieldSpec], path: str, loc: Location) -> list[Assignment]:
        """Read a rule's `then`: what it decides, slot by slot."""
        if not isinstance(raw, dict) or not raw:
            self.report(SCHEMA, f"{path}: expected a mapping of fields to decide", loc)
            return []
        result: list[Assignment] = []
        for name, value in raw.items():
            where = loc_of(raw, name, loc)
            spec = fields.get(name)
            if spec is None:
                key_loc = raw.key_loc(name) if isinstance(raw, YMap) else loc
                self.report(REFERENCES, f"{path}: unknown field {name!r}{known_ids(fields)}", key_loc)
                continue
            result.extend(self._assign(spec, value, f"{path}.{name}", where))
        return result

    def _assign(self, spec: FieldSpec, value: Any, path: str, loc: Location) -> list[Assignment]:
        if spec.type == BOOL:
            if isinstance(value, bool):
                return [Assignment(spec.name, value, loc)]
            self.report(SCHEMA, f"{path}: expected true or false, found {kind_of(value)}", loc)
        elif spec.type == ENUM:
            if isinstance(value, str) and value in spec.values:
                return [Assignment(spec.name, value, loc)]
            self.report(REFERENCES, f"{path}: {value!r} is not one of {', '.join(spec.values)}", loc)
        elif spec.type == SET:
            items = value if isinstance(value, list) else [value]
            known = self._items_of(spec)
            bad = [v for v in items if not isinstance(v, str) or v not in known]
            if not bad and items:
                return [Assignment(spec.name, tuple(items), loc)]
            self.report(REFERENCES, f"{path}: unknown item {bad[0] if bad else None!r}{known_ids(spec.values)}", loc)
        else:
            return self._assign_records(spec, value, path, loc)
        return []

    def _items_of(self, spec: FieldSpec) -> frozenset[Any]:
        """The items of a set field (ids), as a set: a policy's set field may have hundreds, looked up in every rule."""
        found = self._set_items.get(spec.name)
        if found is None:
            found = self._set_items[spec.name] = frozenset(spec.values)
        return found

    def _assign_records(self, spec: FieldSpec, value: Any, path: str, loc: Location) -> list[Assignment]:
        if not isinstance(value, dict) or not value:
            self.report(SCHEMA, f"{path}: expected a mapping of {spec.key or 'key'} to a record or none", loc)
            return []
        result: list[Assignment] = []
        for key, record in value.items():
            where, item_path = loc_of(value, key, loc), f"{path}.{key}"
            if key not in spec.values:
                key_loc = value.key_loc(key) if isinstance(value, YMap) else loc
                self.report(REFERENCES, f"{item_path}: unknown {spec.key or 'key'} {key!r}{known_ids(spec.values)}", key_loc)
                continue
            parsed = self.record(spec, record, item_path, where)
            if parsed is not None:
                result.append(Assignment(f"{spec.name}.{key}", parsed, where))
        return result

    def record(self, spec: FieldSpec, raw: Any, path: str, loc: Location) -> Any:
        """A record value: NONE, or a dict with one value per attribute (None if bad)."""
        if raw == NONE:
            return NONE
        attrs = tuple(spec.attributes)
        if not self.mapping(raw, path, loc, attrs, attrs):
            return None
        for attr in attrs:
            if raw[attr] not in spec.attributes[attr]:
                shown = ", ".join(spec.attributes[attr])
                self.report(REFERENCES, f"{path}.{attr}: {raw[attr]!r} is not one of {shown}", loc_of(raw, attr, loc))
                return None
        return {attr: raw[attr] for attr in attrs}

    def _field_cycles(self, rules: list[Rule]) -> None:
        """A field may depend on other fields, never (through them) on itself."""
        depends: dict[str, set[str]] = {}
        where: dict[tuple[str, str], Rule] = {}
        for rule in rules:
            used = fields_used(rule.when)
            if not used:  # most rules: nothing to add (a field with no dependencies is in no cycle)
                continue
            for assignment in rule.sets:
                name = assignment.slot.split(".")[0]
                depends.setdefault(name, set()).update(used)
                for dep in used:
                    where.setdefault((name, dep), rule)
        for name in sorted(depends):
            trail = _cycle_from(name, depends)
            if trail:
                rule = where[(trail[0], trail[1])]
                self.report(CYCLES, f"fields depend on each other in a cycle: {' -> '.join(trail)}", rule.loc)
                return

    # ---- tests, invariants ----------------------------------------------------------------
    def tests(self, entries: list[tuple[int, Any, Location, str]], fields: dict[str, FieldSpec]) -> list[PolicyTest]:
        tests: list[PolicyTest] = []
        seen = Seen(TEST)
        for _, raw, loc, path in entries:
            if not self.entry(raw, path, loc, TEST):
                continue
            name = self.text(raw, TEST.id_key, path, loc)
            if not self.unique(seen, name, path, loc):
                continue
            answers, expect = raw["answers"], raw["expect"]
            if not isinstance(answers, dict):
                self.report(SCHEMA, f"{path}.answers: expected a mapping of question ids to answers", loc_of(raw, "answers", loc))
                continue
            expectations = self._expectations(expect, fields, f"{path}.expect", loc_of(raw, "expect", loc))
            if expectations is not None:
                locs = {k: loc_of(expect, k, loc) for k in expectations}
                tests.append(PolicyTest(name, dict(answers), expectations, loc, locs))
        return tests

    def _expectations(self, raw: Any, fields: dict[str, FieldSpec], path: str, loc: Location) -> dict[str, Any] | None:
        if not isinstance(raw, dict) or not raw:
            self.report(SCHEMA, f"{path}: expected a mapping of fields to their expected values", loc)
            return None
        result: dict[str, Any] = {}
        for key, value in raw.items():
            spec = fields.get(key.split(".")[0])
            is_slot = spec is not None and spec.type == RECORDS and key.count(".") == 1 and key.split(".")[1] in spec.values
            if spec is None or ("." in key and not is_slot):
                self.report(REFERENCES, f"{path}: {key!r} is not a field or a records slot (like messages.email)", raw.key_loc(key) if isinstance(raw, YMap) else loc)
                return None
            if is_slot:
                parsed = self.record(spec, value, f"{path}.{key}", loc_of(raw, key, loc))
                if parsed is None:
                    return None
                value = parsed
            result[key] = value
        return result

    def invariants(self, entries: list[tuple[int, Any, Location, str]], conditions: ConditionReader) -> list[Invariant]:
        invariants: list[Invariant] = []
        seen = Seen(INVARIANT)
        for _, raw, loc, path in entries:
            if not self.entry(raw, path, loc, INVARIANT):
                continue
            iid = self.ident(raw, "id", path, loc)
            if iid is None or not self.unique(seen, iid, path, loc):
                continue
            when = conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when") if "when" in raw else ALWAYS
            require = conditions.read(raw["require"], loc_of(raw, "require", loc), f"{path}.require")
            invariants.append(Invariant(iid, when, require, self.prose(raw, "because", path, loc), loc))
        return invariants


def _cycle_from(start: str, depends: dict[str, set[str]]) -> list[str]:
    """A dependency cycle through `start`, as a trail ending where it began; else []."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for dep in sorted(depends.get(node, ())):
            if dep == start:
                return trail + [dep]
            if dep not in visited:
                visited.add(dep)
                stack.append((dep, trail + [dep]))
    return []
