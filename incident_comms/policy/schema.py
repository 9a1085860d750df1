"""Reads the YAML trees of a policy folder into the model, reporting every problem.

Problems carry a check id (``schema``, ``unknown-key``, ``references``,
``duplicate-id``, ``cycles``), the key path and the file:line:column. Reading never
stops at the first problem, so that ``comms lint`` can report them all; the loader
raises the first error for the commands that need a usable policy.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Location
from ..problems import ERROR, WARNING, Problem
from ..yamlsafe import YMap, loc_of
from .conditions import ConditionReader, facts_used, fields_used
from .model import (
    ALWAYS,
    BOOL,
    ENUM,
    FIELD_TYPES,
    MULTIPLE,
    NONE,
    QUESTION_KINDS,
    RECORDS,
    SET,
    YES_NO,
    Assignment,
    Choice,
    Fact,
    FieldSpec,
    Invariant,
    PolicyTest,
    Question,
    Rule,
)

SECTIONS = ("questions", "facts", "fields", "rules", "tests", "invariants", "checklist")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
RESERVED_IDS = ("all", "any", "not", "fact", "field")

QUESTION_KEYS = ("id", "prompt", "kind", "help", "choices", "default", "ask_when", "order", "informational")
FIELD_KEYS = ("type", "description", "required", "headline", "values", "key", "attributes")
RULE_KEYS = ("id", "when", "then", "because")


class SchemaReader:
    """Collects problems while turning YAML sections into model objects."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def report(self, check: str, message: str, loc: Location, level: str = ERROR) -> None:
        self.problems.append(Problem(loc, check, level, message))

    # ---- generic shape checks -------------------------------------------------
    def mapping(self, raw: Any, path: str, loc: Location, allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
        """Check that `raw` is a mapping with the required keys and no unknown ones."""
        if not isinstance(raw, dict):
            self.report("schema", f"{path}: expected a mapping, found {_kind(raw)}", loc)
            return False
        for key in raw:
            if key not in allowed:
                hint = _close_matches(key, allowed)
                suffix = f"; did you mean {hint[0]!r}?" if hint else f" (allowed: {', '.join(allowed)})"
                where = raw.key_loc(key) if isinstance(raw, YMap) else loc
                self.report("unknown-key", f"{path}: unknown key {key!r}{suffix}", where)
        missing = [k for k in required if k not in raw]
        for key in missing:
            self.report("schema", f"{path}: missing required key {key!r}", loc)
        return not missing

    def text(self, raw: Any, key: str, path: str, loc: Location, default: str = "") -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            self.report("schema", f"{path}.{key}: expected text, found {_kind(value)}", loc_of(raw, key, loc))
            return default
        return value

    def flag(self, raw: Any, key: str, path: str, loc: Location) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.report("schema", f"{path}.{key}: expected true or false, found {_kind(value)}", loc_of(raw, key, loc))
            return False
        return value

    def ident(self, raw: Any, key: str, path: str, loc: Location) -> str | None:
        value = raw.get(key)
        where = loc_of(raw, key, loc)
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.report("schema", f"{path}.{key}: {value!r} is not an id (lowercase letters, digits, _ and -)", where)
            return None
        return value

    def items(self, raw: Any, path: str, loc: Location) -> list[tuple[int, Any, Location]]:
        """The entries of a list section, with their locations."""
        if not isinstance(raw, list):
            self.report("schema", f"{path}: expected a list, found {_kind(raw)}", loc)
            return []
        return [(i, item, loc_of(raw, i, loc)) for i, item in enumerate(raw)]

    # ---- questions ----------------------------------------------------------------
    def question_shells(self, entries: list[tuple[int, Any, Location, str]]) -> list[tuple[Question, Any, str]]:
        """Questions without their ask_when (read once every question is known)."""
        shells: list[tuple[Question, Any, str]] = []
        seen: dict[str, Location] = {}
        for _, raw, loc, path in entries:
            if not self.mapping(raw, path, loc, QUESTION_KEYS, ("id", "prompt", "kind")):
                continue
            qid = self.ident(raw, "id", path, loc)
            kind = raw["kind"]
            if kind not in QUESTION_KINDS:
                where = loc_of(raw, "kind", loc)
                self.report("schema", f"{path}.kind: {kind!r} is not one of {', '.join(QUESTION_KINDS)}", where)
                continue
            if qid is None or not self._unique(qid, seen, loc, "question"):
                continue
            if qid in RESERVED_IDS:
                self.report("schema", f"{path}.id: {qid!r} is a reserved word of the condition language", loc)
                continue
            choices = self._choices(raw, kind, path, loc)
            order = raw.get("order", 0)
            if not isinstance(order, int) or isinstance(order, bool):
                self.report("schema", f"{path}.order: expected a whole number", loc_of(raw, "order", loc))
                order = 0
            question = Question(
                id=qid,
                prompt=self.text(raw, "prompt", path, loc),
                kind=kind,
                choices=choices,
                help=self.text(raw, "help", path, loc),
                default=self._default(raw, kind, choices, path, loc),
                order=order,
                informational=self.flag(raw, "informational", path, loc),
                loc=loc,
            )
            shells.append((question, raw, path))
        return shells

    def _choices(self, raw: Any, kind: str, path: str, loc: Location) -> tuple[Choice, ...]:
        if kind == YES_NO:
            if "choices" in raw:
                self.report("schema", f"{path}.choices: yes_no questions have no choices", loc_of(raw, "choices", loc))
            return (Choice(True, "Yes"), Choice(False, "No"))
        choices: list[Choice] = []
        seen: dict[str, Location] = {}
        for i, item, where in self.items(raw.get("choices"), f"{path}.choices", loc_of(raw, "choices", loc)):
            item_path = f"{path}.choices[{i}]"
            if isinstance(item, str):
                item = {"value": item, "label": item}
            if not self.mapping(item, item_path, where, ("value", "label", "help"), ("value",)):
                continue
            value = self.ident(item, "value", item_path, where)
            if value is None or not self._unique(value, seen, where, "choice"):
                continue
            label = self.text(item, "label", item_path, where, default=value)
            choices.append(Choice(value, label, self.text(item, "help", item_path, where)))
        if not choices:
            self.report("schema", f"{path}.choices: a {kind} question needs at least one choice", loc)
        return tuple(choices)

    def _default(self, raw: Any, kind: str, choices: tuple[Choice, ...], path: str, loc: Location) -> Any:
        if "default" not in raw:
            return None
        default, values = raw["default"], [c.value for c in choices]
        wanted = default if isinstance(default, list) and kind == MULTIPLE else [default]
        if kind == MULTIPLE and not isinstance(default, list):
            wanted = [None]
        if not all(isinstance(v, (str, bool)) and v in values and type(v) is type(values[0]) for v in wanted):
            self.report("references", f"{path}.default: {default!r} is not an answer of this question", loc_of(raw, "default", loc))
            return None
        return default

    # ---- facts, fields ------------------------------------------------------------------
    def fact_ids(self, entries: list[tuple[int, Any, Location, str]]) -> dict[str, tuple[Any, Location, str]]:
        found: dict[str, tuple[Any, Location, str]] = {}
        seen: dict[str, Location] = {}
        for _, raw, loc, path in entries:
            if not self.mapping(raw, path, loc, ("id", "when", "description"), ("id", "when")):
                continue
            fid = self.ident(raw, "id", path, loc)
            if fid is not None and self._unique(fid, seen, loc, "fact"):
                found[fid] = (raw, loc, path)
        return found

    def facts(self, found: dict[str, tuple[Any, Location, str]], conditions: ConditionReader) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for fid, (raw, loc, path) in found.items():
            when = conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when", allow_fields=False)
            facts[fid] = Fact(fid, when, self.text(raw, "description", path, loc), loc)
        self._fact_cycles(facts)
        return facts

    def _fact_cycles(self, facts: dict[str, Fact]) -> None:
        state: dict[str, int] = {}

        def visit(fid: str, trail: list[str]) -> None:
            if state.get(fid) == 2 or fid not in facts:
                return
            if state.get(fid) == 1:
                cycle = " -> ".join(trail[trail.index(fid):] + [fid])
                self.report("cycles", f"facts refer to each other in a cycle: {cycle}", facts[fid].loc)
                return
            state[fid] = 1
            for used in sorted(facts_used(facts[fid].when)):
                visit(used, trail + [fid])
            state[fid] = 2

        for fid in facts:
            visit(fid, [])

    def fields(self, entries: list[tuple[str, Any, Location, str]]) -> dict[str, FieldSpec]:
        fields: dict[str, FieldSpec] = {}
        seen: dict[str, Location] = {}
        for name, raw, loc, path in entries:
            if not ID_PATTERN.match(name) or not self._unique(name, seen, loc, "field"):
                if not ID_PATTERN.match(name):
                    self.report("schema", f"{path}: {name!r} is not a field name", loc)
                continue
            if not self.mapping(raw, path, loc, FIELD_KEYS, ("type",)):
                continue
            spec = self._field(name, raw, path, loc)
            if spec is not None:
                fields[name] = spec
        return fields

    def _field(self, name: str, raw: Any, path: str, loc: Location) -> FieldSpec | None:
        ftype = raw["type"]
        if ftype not in FIELD_TYPES:
            self.report("schema", f"{path}.type: {ftype!r} is not one of {', '.join(FIELD_TYPES)}", loc_of(raw, "type", loc))
            return None
        values, labels = self._field_values(raw, ftype, path, loc)
        attributes: dict[str, tuple[str, ...]] = {}
        if ftype == RECORDS:
            attributes = self._attributes(raw, path, loc)
            if not isinstance(raw.get("key"), str):
                self.report("schema", f"{path}.key: a records field names its key attribute (e.g. channel)", loc)
        return FieldSpec(
            name=name,
            type=ftype,
            description=self.text(raw, "description", path, loc),
            required=self.flag(raw, "required", path, loc),
            headline=self.flag(raw, "headline", path, loc),
            values=values,
            labels=labels,
            key=raw.get("key", "") if isinstance(raw.get("key"), str) else "",
            attributes=attributes,
            loc=loc,
        )

    def _field_values(self, raw: Any, ftype: str, path: str, loc: Location) -> tuple[tuple[Any, ...], dict[Any, str]]:
        if ftype == BOOL:
            if "values" in raw:
                self.report("schema", f"{path}.values: a bool field has no values", loc_of(raw, "values", loc))
            return (True, False), {}
        values: list[str] = []
        labels: dict[Any, str] = {}
        seen: dict[str, Location] = {}
        for i, item, where in self.items(raw.get("values"), f"{path}.values", loc_of(raw, "values", loc)):
            item_path = f"{path}.values[{i}]"
            if isinstance(item, str):
                item = {"value": item}
            if not self.mapping(item, item_path, where, ("value", "label"), ("value",)):
                continue
            value = self.ident(item, "value", item_path, where)
            if value is None or not self._unique(value, seen, where, "value"):
                continue
            if value == NONE:
                self.report("schema", f"{item_path}: 'none' is reserved (it means no record)", where)
                continue
            values.append(value)
            labels[value] = self.text(item, "label", item_path, where, default=value)
        if not values:
            self.report("schema", f"{path}.values: a {ftype} field needs at least one value", loc)
        return tuple(values), labels

    def _attributes(self, raw: Any, path: str, loc: Location) -> dict[str, tuple[str, ...]]:
        attrs = raw.get("attributes")
        where = loc_of(raw, "attributes", loc)
        if not isinstance(attrs, dict) or not attrs:
            self.report("schema", f"{path}.attributes: a records field lists its attributes and their values", where)
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for name, values in attrs.items():
            ok = isinstance(values, list) and values and all(isinstance(v, str) and ID_PATTERN.match(v) for v in values)
            if not ok:
                self.report("schema", f"{path}.attributes.{name}: expected a list of value ids", loc_of(attrs, name, where))
                continue
            result[name] = tuple(values)
        return result

    # ---- rules --------------------------------------------------------------------------
    def rules(self, entries: list[tuple[int, Any, Location, str]], fields: dict[str, FieldSpec],
              conditions: ConditionReader) -> list[Rule]:
        rules: list[Rule] = []
        seen: dict[str, Location] = {}
        for _, raw, loc, path in entries:
            if not self.mapping(raw, path, loc, RULE_KEYS, ("id", "then", "because")):
                continue
            rid = self.ident(raw, "id", path, loc)
            if rid is None or not self._unique(rid, seen, loc, "rule"):
                continue
            when = ALWAYS
            if "when" in raw:
                when = conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when")
            sets = self.assignments(raw["then"], fields, f"{path}.then", loc_of(raw, "then", loc))
            because = self.text(raw, "because", path, loc)
            if not because.strip():
                self.report("schema", f"{path}.because: every rule says why (cite the handbook)", loc)
            rules.append(Rule(rid, when, tuple(sets), because, loc, index=len(rules)))
        self._field_cycles(rules)
        return rules

    def assignments(self, raw: Any, fields: dict[str, FieldSpec], path: str, loc: Location) -> list[Assignment]:
        """Read a rule's `then`: what it decides, slot by slot."""
        if not isinstance(raw, dict) or not raw:
            self.report("schema", f"{path}: expected a mapping of fields to decide", loc)
            return []
        result: list[Assignment] = []
        for name, value in raw.items():
            where = loc_of(raw, name, loc)
            spec = fields.get(name)
            if spec is None:
                key_loc = raw.key_loc(name) if isinstance(raw, YMap) else loc
                self.report("references", f"{path}: unknown field {name!r}{_known(fields)}", key_loc)
                continue
            result.extend(self._assign(spec, value, f"{path}.{name}", where))
        return result

    def _assign(self, spec: FieldSpec, value: Any, path: str, loc: Location) -> list[Assignment]:
        if spec.type == BOOL:
            if isinstance(value, bool):
                return [Assignment(spec.name, value, loc)]
            self.report("schema", f"{path}: expected true or false, found {_kind(value)}", loc)
        elif spec.type == ENUM:
            if isinstance(value, str) and value in spec.values:
                return [Assignment(spec.name, value, loc)]
            self.report("references", f"{path}: {value!r} is not one of {', '.join(spec.values)}", loc)
        elif spec.type == SET:
            items = value if isinstance(value, list) else [value]
            bad = [v for v in items if not isinstance(v, str) or v not in spec.values]
            if not bad and items:
                return [Assignment(spec.name, tuple(items), loc)]
            self.report("references", f"{path}: unknown item {bad[0] if bad else None!r}{_known(spec.values)}", loc)
        else:
            return self._assign_records(spec, value, path, loc)
        return []

    def _assign_records(self, spec: FieldSpec, value: Any, path: str, loc: Location) -> list[Assignment]:
        if not isinstance(value, dict) or not value:
            self.report("schema", f"{path}: expected a mapping of {spec.key or 'key'} to a record or none", loc)
            return []
        result: list[Assignment] = []
        for key, record in value.items():
            where, item_path = loc_of(value, key, loc), f"{path}.{key}"
            if key not in spec.values:
                key_loc = value.key_loc(key) if isinstance(value, YMap) else loc
                self.report("references", f"{item_path}: unknown {spec.key or 'key'} {key!r}{_known(spec.values)}", key_loc)
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
                self.report("references", f"{path}.{attr}: {raw[attr]!r} is not one of {shown}", loc_of(raw, attr, loc))
                return None
        return {attr: raw[attr] for attr in attrs}

    def _field_cycles(self, rules: list[Rule]) -> None:
        """A field may depend on other fields, never (through them) on itself."""
        depends: dict[str, set[str]] = {}
        where: dict[tuple[str, str], Rule] = {}
        for rule in rules:
            used = fields_used(rule.when)
            for assignment in rule.sets:
                name = assignment.slot.split(".")[0]
                depends.setdefault(name, set()).update(used)
                for dep in used:
                    where.setdefault((name, dep), rule)
        for name in sorted(depends):
            trail = _cycle_from(name, depends)
            if trail:
                rule = where[(trail[0], trail[1])]
                self.report("cycles", f"fields depend on each other in a cycle: {' -> '.join(trail)}", rule.loc)
                return

    # ---- tests, invariants ----------------------------------------------------------------
    def tests(self, entries: list[tuple[int, Any, Location, str]], fields: dict[str, FieldSpec]) -> list[PolicyTest]:
        tests: list[PolicyTest] = []
        seen: dict[str, Location] = {}
        for _, raw, loc, path in entries:
            if not self.mapping(raw, path, loc, ("name", "answers", "expect"), ("name", "answers", "expect")):
                continue
            name = self.text(raw, "name", path, loc)
            if not self._unique(name, seen, loc, "test"):
                continue
            answers, expect = raw["answers"], raw["expect"]
            if not isinstance(answers, dict):
                self.report("schema", f"{path}.answers: expected a mapping of question ids to answers", loc_of(raw, "answers", loc))
                continue
            expectations = self._expectations(expect, fields, f"{path}.expect", loc_of(raw, "expect", loc))
            if expectations is not None:
                locs = {k: loc_of(expect, k, loc) for k in expectations}
                tests.append(PolicyTest(name, dict(answers), expectations, loc, locs))
        return tests

    def _expectations(self, raw: Any, fields: dict[str, FieldSpec], path: str, loc: Location) -> dict[str, Any] | None:
        if not isinstance(raw, dict) or not raw:
            self.report("schema", f"{path}: expected a mapping of fields to their expected values", loc)
            return None
        result: dict[str, Any] = {}
        for key, value in raw.items():
            spec = fields.get(key.split(".")[0])
            is_slot = spec is not None and spec.type == RECORDS and key.count(".") == 1 and key.split(".")[1] in spec.values
            if spec is None or ("." in key and not is_slot):
                self.report("references", f"{path}: {key!r} is not a field or a records slot (like messages.email)", raw.key_loc(key) if isinstance(raw, YMap) else loc)
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
        seen: dict[str, Location] = {}
        for _, raw, loc, path in entries:
            if not self.mapping(raw, path, loc, ("id", "when", "require", "because"), ("id", "require", "because")):
                continue
            iid = self.ident(raw, "id", path, loc)
            if iid is None or not self._unique(iid, seen, loc, "invariant"):
                continue
            when = conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when") if "when" in raw else ALWAYS
            require = conditions.read(raw["require"], loc_of(raw, "require", loc), f"{path}.require")
            invariants.append(Invariant(iid, when, require, self.text(raw, "because", path, loc), loc))
        return invariants

    def _unique(self, key: str, seen: dict[str, Location], loc: Location, what: str) -> bool:
        if key in seen:
            first = seen[key]
            self.report("duplicate-id", f"duplicate {what} id {key!r} (first at {first})", loc)
            return False
        seen[key] = loc
        return True


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


def _close_matches(key: Any, allowed: tuple[str, ...]) -> list[str]:
    import difflib  # only for a misspelt key

    return difflib.get_close_matches(key, allowed, n=1)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    return f"{type(value).__name__} {value!r}"


def _known(names: Any) -> str:
    names = sorted(names)
    return f" (known: {', '.join(names[:12])}{', ...' if len(names) > 12 else ''})" if names else ""


__all__ = ["SECTIONS", "WARNING", "SchemaReader"]
