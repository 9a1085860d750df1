"""Conditions: read from YAML, checked against the questions, facts and fields.

The grammar (documented with examples in ``rules/README.md``)::

    {all: [C, ...]}   {any: [C, ...]}   {not: C}   [C, ...]  (a list is `all`)
    {fact: NAME}
    {QUESTION: VALUE}                  one choice or yes-no: the answer equals VALUE
    {QUESTION: {in: [VALUE, ...]}}     ... is one of the values
    {QUESTION: {includes: VALUE}}      several choices: the answer includes VALUE
    {K1: ..., K2: ...}                 several keys in one mapping: all of them
    {field: NAME, is: VALUE}           a decided field (bool/enum, or records.KEY.ATTRIBUTE)
    {field: NAME, in: [VALUE, ...]}
    {field: NAME, includes: ITEM}      a set field has ITEM; a records field has a record for ITEM

There is nothing else: no expressions and no code, so that ``comms lint`` can reason
about every condition exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import Location
from ..yamlsafe import YList, YMap, loc_of
from .format import CONDITION, ID, ID_PATTERN, TEXT, Key, Map, list_of, ref
from .model import (
    ALWAYS,
    BOOL,
    ENUM,
    MULTIPLE,
    RECORDS,
    SET,
    All,
    AnswerIn,
    AnswerIncludes,
    AnyOf,
    Condition,
    FactIs,
    FieldIn,
    FieldIncludes,
    FieldSpec,
    Not,
    Question,
)
from .readchecks import REFERENCES, SCHEMA
from .schema import known_ids

# The condition language's keys, declared once (as the sections declare theirs): the
# reader's keywords and operators below, and the "condition" part of the JSON Schema
# (``jsonschema.py``), come from these.
_VALUE: dict[str, Any] = {"type": ["string", "boolean"]}
_VALUES = list_of(_VALUE, minItems=1)
FIELD_TEST = Map("field_test", "{field: NAME, is: VALUE} | {field: NAME, in: [...]} | {field: NAME, includes: ITEM}", (
    Key("field", TEXT, "A field, or records.KEY.ATTRIBUTE.", required=True),
    Key("is", _VALUE, "The field has this value."),
    Key("in", _VALUES, "The field has one of these."),
    Key("includes", TEXT, "A set field has this item; a records field a record for this key."),
), extra={"minProperties": 2, "maxProperties": 2})
COMBINED = Map("condition_keys", "{QUESTION: VALUE, fact: NAME, all: [...], ...}: every key holds.", (
    Key("all", list_of(CONDITION), "All of these hold."),
    Key("any", list_of(CONDITION), "At least one of these holds."),
    Key("not", CONDITION, "This does not hold."),
    Key("fact", ID, "This derived fact holds."),
), extra={  # any other key is a question, tested as answer_test says
    "minProperties": 1,
    "propertyNames": {"pattern": ID_PATTERN.pattern, "not": {"enum": list(FIELD_TEST.required)}},
    "additionalProperties": ref("answer_test"),
})
ANSWER_IN = Map("answer_in", "The answer is one of these.", (
    Key("in", _VALUES, "The answer is one of these.", required=True),
))
ANSWER_INCLUDES = Map("answer_includes", "The answer (several choices) includes this.", (
    Key("includes", TEXT, "The answer (several choices) includes this.", required=True),
))
CONDITION_MAPS = (COMBINED, FIELD_TEST, ANSWER_IN, ANSWER_INCLUDES)

FIELD_KEY, *_OPERATORS = FIELD_TEST.names  # field; is, in, includes
FIELD_OPERATORS = tuple(_OPERATORS)
KEYWORDS = (*COMBINED.names, FIELD_KEY)  # all, any, not, fact, field: never a question id
Report = Callable[[str, str, Location], None]  # (check id, message, location)
_UNUSED = Location("")
_UNKNOWN: Any = object()


class ConditionReader:
    """Parses conditions, reporting every problem through `report` (never raising)."""

    def __init__(
        self,
        questions: Mapping[str, Question],
        facts: set[str],
        fields: Mapping[str, FieldSpec],
        report: Report,
    ) -> None:
        self.questions = questions
        self.facts = facts
        self.fields = fields
        self.report = report
        self._accepted: dict[str, tuple[type | None, frozenset[Any]]] = {}
        self._sets: dict[tuple[Any, ...], frozenset[Any]] = {}
        self._quick: dict[str, tuple[str, type | None, frozenset[Any], bool] | None] = {}

    def read(self, raw: Any, loc: Location, path: str, allow_fields: bool = True) -> Condition:
        """Read one condition; on error, report it and return ALWAYS."""
        return self._read(raw, (None, None, loc), path, allow_fields)

    # A condition's place is (container, key, fallback): where container[key] is written, or
    # the fallback Location when the container does not know (see yamlsafe.loc_of). A big
    # policy has ~10^5 list items and choice values whose Location nobody needs unless
    # something there is wrong, so their places are kept and turned into Locations only then.
    def _read(self, raw: Any, place: tuple[Any, Any, Any], path: str, allow_fields: bool,
              index: int | None = None) -> Condition:
        """Read the condition at `place`; `index`, when given, is its position in the list at `path`."""
        if raw.__class__ is YMap and len(raw) == 1:  # the usual {QUESTION: ...}: its own place is not needed
            for key, value in raw.items():
                quick = self._quick_answer(key, value, raw)
                if quick is not None:
                    return quick
                where = loc_of(raw, key, _UNUSED)  # raw is a YMap: its own place, never the fallback
                return self._part(key, raw, where, _at(path, index), allow_fields)
        path = _at(path, index)
        if isinstance(raw, list):
            return self._many(All, raw, _loc(place), path, allow_fields)
        if not isinstance(raw, dict) or not raw:
            self.report(SCHEMA, f"{path}: a condition must be a mapping such as {{severity: major}}", _loc(place))
            return ALWAYS
        if FIELD_KEY in raw:
            return self._field(raw, _loc(place), path, allow_fields)
        loc = _loc(place)
        parts = [self._part(key, raw, loc_of(raw, key, loc), path, allow_fields) for key in raw]
        return parts[0] if len(parts) == 1 else All(tuple(parts), loc)

    def _quick_answer(self, key: Any, value: Any, raw: YMap) -> Condition | None:
        """`raw`, a one-key mapping {KEY: VALUE}, read in one step when it is a usual answer test.

        Usual: {QUESTION: VALUE}, {QUESTION: {in: [VALUE, ...]}}, {QUESTION: {includes: VALUE}}
        and {not: USUAL}, with nothing wrong in them. A generated policy has ~10^5 of these;
        None sends the others (another key, a wrong value) the full way, through _part,
        which reports what is wrong.
        """
        shape = self._quick.get(key, _UNKNOWN)
        if shape is _UNKNOWN:
            shape = self._quick_shape(key)
        if shape is None:
            return self._quick_not(value, raw) if key == "not" else None
        qid, kind, accepted, several = shape
        if value.__class__ is not YMap:
            if value.__class__ is not kind or value not in accepted or several:
                return None
            values: tuple[Any, ...] = (value,)
        elif len(value) != 1:
            return None
        elif several:
            item = value.get("includes", _UNKNOWN)
            if item.__class__ is not kind or item not in accepted:
                return None
            return AnswerIncludes(qid, item, loc_of(raw, key, _UNUSED))
        else:
            listed = value.get("in")
            if listed.__class__ is not YList or not listed:
                return None
            for item in listed:
                if item.__class__ is not kind or item not in accepted:
                    return None
            values = tuple(listed)
        found = self._sets.get(values)
        if found is None:  # the same few sets recur all over a policy: one frozenset for each
            found = self._sets[values] = frozenset(values)
        return AnswerIn(qid, found, loc_of(raw, key, _UNUSED))

    def _quick_not(self, value: Any, raw: YMap) -> Not | None:
        """{not: USUAL} read in one step (see _quick_answer), else None."""
        if value.__class__ is not YMap or len(value) != 1:
            return None
        for key, inner in value.items():
            item = self._quick_answer(key, inner, value)
            if item is not None:
                return Not(item, loc_of(raw, "not", _UNUSED))
        return None

    def _quick_shape(self, key: Any) -> tuple[str, type | None, frozenset[Any], bool] | None:
        """What _quick_answer needs of question `key` (None: not a question): its id, its
        answers' type and set, and whether it takes several choices."""
        question = self.questions.get(key) if key.__class__ is str else None
        shape = None
        if question is not None:
            shape = (question.id, *self._answers(question), question.kind == MULTIPLE)
        self._quick[key] = shape
        return shape

    def _part(self, key: str, raw: Any, where: Location, path: str, allow_fields: bool) -> Condition:
        """One key of a condition mapping (several keys mean all of them), written at `where`."""
        value = raw[key]
        if key == "not":
            return Not(self.read(value, where, f"{path}.not", allow_fields), where)
        if key == "fact":
            if not isinstance(value, str) or value not in self.facts:
                self.report(REFERENCES, f"{path}: unknown fact {value!r}{known_ids(self.facts)}", where)
                return ALWAYS
            return FactIs(value, where)
        if key in ("all", "any"):
            if not isinstance(value, list):
                self.report(SCHEMA, f"{path}.{key}: expected a list of conditions", where)
                return ALWAYS
            return self._many(All if key == "all" else AnyOf, value, where, f"{path}.{key}", allow_fields)
        return self._answer(key, value, where, f"{path}.{key}", raw)

    def _many(self, kind: Any, items: list[Any], loc: Location, path: str, allow_fields: bool) -> Condition:
        parts = []
        for i, item in enumerate(items):
            part = None
            if item.__class__ is YMap and len(item) == 1:  # most items: read here, a call less each
                for key, value in item.items():
                    part = self._quick_answer(key, value, item)
            parts.append(self._read(item, (items, i, loc), path, allow_fields, i) if part is None else part)
        return kind(tuple(parts), loc)

    def _answer(self, qid: str, raw: Any, loc: Location, path: str, parent: Any) -> Condition:
        question = self.questions.get(qid)
        if question is None:
            where = parent.key_loc(qid) if isinstance(parent, YMap) else loc
            self.report(REFERENCES, f"{path}: unknown question {qid!r}{known_ids(self.questions)}", where)
            return ALWAYS
        if isinstance(raw, dict):
            return self._answer_operator(question, raw, loc, path)
        if question.kind == MULTIPLE:
            self.report(
                SCHEMA, f"{path}: {qid!r} takes several choices; write {{{qid}: {{includes: VALUE}}}}", loc
            )
            return ALWAYS
        kind, accepted = self._answers(question)
        if (type(raw) is not kind or raw not in accepted) and not self._known_value(question, raw, (None, None, loc), path):
            return ALWAYS
        return AnswerIn(qid, frozenset([raw]), loc)

    def _answer_operator(self, question: Question, raw: Any, loc: Location, path: str) -> Condition:
        qid = question.id
        if len(raw) == 1 and "includes" in raw and question.kind == MULTIPLE:
            value = raw["includes"]
            ok = self._known_value(question, value, (raw, "includes", loc), path)
            return AnswerIncludes(qid, value, loc) if ok else ALWAYS
        if len(raw) == 1 and "in" in raw and question.kind != MULTIPLE:
            values = raw["in"]
            if not isinstance(values, list) or not values:
                self.report(SCHEMA, f"{path}.in: expected a non-empty list of values", loc_of(raw, "in", loc))
                return ALWAYS
            kind, accepted = self._answers(question)
            for i, value in enumerate(values):
                if type(value) is not kind or value not in accepted:  # the quick test of _known_value
                    self._known_value(question, value, (values, i, (raw, "in", loc)), path)
                    return ALWAYS
            return AnswerIn(qid, frozenset(values), loc)
        wanted = "includes" if question.kind == MULTIPLE else "in"
        self.report(SCHEMA, f"{path}: for {qid!r} write a value or {{{wanted}: ...}}", loc)
        return ALWAYS

    def _answers(self, question: Question) -> tuple[type | None, frozenset[Any]]:
        """The type and the set of the answers of `question` (what _known_value accepts), kept per question."""
        found = self._accepted.get(question.id)
        if found is None:
            values = question.values
            kind = type(values[0]) if values and isinstance(values[0], (str, bool)) else None
            found = self._accepted[question.id] = (kind, frozenset(v for v in values if type(v) is kind))
        return found

    def _known_value(self, question: Question, value: Any, place: tuple[Any, Any, Any], path: str) -> bool:
        """Whether `value` is an answer of `question`; if not, it is reported at its place."""
        values = question.values
        if isinstance(value, (str, bool)) and value in values and type(value) is type(values[0]):
            return True
        allowed = ", ".join(_show(v) for v in values)
        self.report(REFERENCES, f"{path}: {_show(value)} is not an answer of {question.id!r} ({allowed})", _loc(place))
        return False

    def _field(self, raw: Any, loc: Location, path: str, allow_fields: bool) -> Condition:
        if not allow_fields:
            self.report(SCHEMA, f"{path}: facts and question conditions cannot test decided fields", loc)
            return ALWAYS
        ops = [k for k in raw if k != FIELD_KEY]
        if len(ops) != 1 or ops[0] not in FIELD_OPERATORS:
            self.report(SCHEMA, f"{path}: write {{field: NAME, is: VALUE}}, in: [...] or includes: ITEM", loc)
            return ALWAYS
        name, op = raw["field"], ops[0]
        where = loc_of(raw, "field", loc)
        allowed = self._field_values(name, op)
        if allowed is None:
            self.report(REFERENCES, f"{path}: {name!r} is not a field that can be tested with {op!r}", where)
            return ALWAYS
        values = raw[op] if op == "in" else [raw[op]]
        if not isinstance(values, list) or not values:
            self.report(SCHEMA, f"{path}.in: expected a non-empty list of values", loc_of(raw, op, loc))
            return ALWAYS
        for value in values:
            if not isinstance(value, (str, bool)) or value not in allowed:
                shown = ", ".join(_show(v) for v in allowed)
                self.report(REFERENCES, f"{path}.{op}: {_show(value)} is not a value of {name!r} ({shown})", where)
                return ALWAYS
        if op == "includes":
            return FieldIncludes(name, values[0], loc)
        return FieldIn(name, frozenset(values), loc)

    def _field_values(self, name: Any, op: str) -> tuple[Any, ...] | None:
        """The values `op` may compare field `name` with, or None if it cannot."""
        if not isinstance(name, str):
            return None
        parts = name.split(".")
        spec = self.fields.get(parts[0])
        if spec is None:
            return None
        if len(parts) == 1:
            if op == "includes":
                return spec.values if spec.type in (SET, RECORDS) else None
            if spec.type == BOOL:
                return (True, False)
            return spec.values if spec.type == ENUM else None
        if spec.type == RECORDS and len(parts) == 3 and parts[1] in spec.values and op != "includes":
            return spec.attributes.get(parts[2])
        return None


def fields_used(condition: Condition) -> set[str]:
    """The decision fields a condition tests (by field name)."""
    found: set[str] = set()
    pending: list[Any] = [condition]
    while pending:  # no recursion: a condition may nest deeply; and quick, it runs once per rule
        part = pending.pop()
        kind = part.__class__
        if kind is All or kind is AnyOf:
            pending.extend(part.items)
        elif kind is Not:
            pending.append(part.item)
        elif kind is FieldIn:
            found.add(part.path.split(".")[0])
        elif kind is FieldIncludes:
            found.add(part.field)
    return found


def facts_used(condition: Condition) -> set[str]:
    """The facts a condition names directly."""
    found: set[str] = set()
    pending = [condition]
    while pending:
        part = pending.pop()
        if isinstance(part, (All, AnyOf)):
            pending.extend(part.items)
        elif isinstance(part, Not):
            pending.append(part.item)
        elif isinstance(part, FactIs):
            found.add(part.fact)
    return found


def _at(path: str, index: int | None) -> str:
    """The key path of a list item (`path[index]`), or `path` itself when there is no index."""
    return path if index is None else f"{path}[{index}]"


def _loc(place: tuple[Any, Any, Any]) -> Location:
    """The Location of a place (see ConditionReader._read); a nested fallback is a place too."""
    container, key, fallback = place
    if fallback.__class__ is tuple:
        fallback = _loc(fallback)
    return fallback if container is None else loc_of(container, key, fallback)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


__all__ = ["ConditionReader", "YList", "facts_used", "fields_used"]
