"""A policy ready to decide, and one incident's run over it (the machinery of ``engine.py``).

A :class:`Program` is kept on the policy object itself (one per policy, gone with it):
the test of each of its conditions (a rule's ``when``, a fact, a question's
``ask_when``), walked at first and, from the policy's second decide on, compiled into
closures (``closures.py``), with each slot's rules. A :class:`Run` works out one
incident on demand: facts, slots and set fields, each once; a :class:`Walk` is the run
of a program that walks its conditions and keeps no per-slot entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .policy.model import (
    ALWAYS,
    NONE,
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
    Not,
    Policy,
    Question,
    Rule,
)

Test = Callable[["Run"], bool]
Entry = tuple[Rule, Any, Test, bool]  # a rule that decides a slot: the rule, its value, its test, shared?


class Program:
    """One policy, ready to decide: the test of each of its conditions, walked (`compiles`
    false) or compiled into a closure, and when compiled, for each slot its rules' entries."""

    def __init__(self, policy: Policy, compiles: bool) -> None:
        self.policy = policy
        self.compiles = compiles
        self.decides = 0
        self.compiled: dict[int, Test] = {}  # by id(): the policy's own conditions live as long as it
        self.facts: dict[str, Test] = {}
        self.entries: dict[str, list[Entry]] = {}
        self.asking: list[tuple[Question, Test | None]] | None = None
        # A rule that decides one slot is tested at most once per decide; one that decides
        # several (messages.email and messages.ticket) is tested once and its result shared,
        # as is any id two rules share (the loader refuses that).
        self.shared = {rule.id for rule in policy.rules if len(rule.sets) > 1}
        ids = [rule.id for rule in policy.rules]
        if len(set(ids)) < len(ids):
            self.shared.update(rid for rid in ids if ids.count(rid) > 1)
        fields = policy.fields
        self.kinds = tuple((name, spec.type) for name, spec in fields.items())
        self.required_slots = tuple(
            slot for spec in fields.values() if spec.required and spec.type != SET for slot in spec.slots()
        )
        self.record_slots = {
            name: tuple((key, f"{name}.{key}") for key in spec.values)
            for name, spec in fields.items() if spec.type == RECORDS
        }

    def run(self, answers: Mapping[str, Any]) -> Run:
        """A run for one incident: compiled tests, or walked ones (which keep no entries)."""
        return Run(self, answers) if self.compiles else Walk(self, answers)

    def test(self, condition: Condition) -> Test:
        """The test of one of the policy's own conditions."""
        if not self.compiles:
            return lambda run: run.walk(condition)
        test = self.compiled.get(id(condition))
        if test is None:
            from .closures import compiled  # only from a policy's second decide on

            test = self.compiled[id(condition)] = compiled(condition)
        return test

    def rules_for(self, slot: str) -> list[Entry]:
        """The rules that decide `slot` (for a set field, its name), in order."""
        entries = self.entries.get(slot)
        if entries is None:
            entries = self.entries[slot] = [
                (rule, assignment.value, self.test(rule.when), rule.id in self.shared)
                for rule, assignment in self.policy.rules_for(slot)
            ]
        return entries

    def questions(self) -> list[tuple[Question, Test | None]]:
        """Each question with the test of whether it is asked (None: always)."""
        if self.asking is None:
            self.asking = [
                (q, None if q.ask_when is ALWAYS else self.test(q.ask_when)) for q in self.policy.questions
            ]
        return self.asking

    def fact(self, name: str) -> Test:
        test = self.facts.get(name)
        if test is None:
            test = self.facts[name] = self.test(self.policy.facts[name].when)
        return test


_PROGRAM = "_engine_program"  # where a policy keeps its program


def program_of(policy: Policy, deciding: bool = False) -> Program:
    """The policy's program, kept on the policy (immutable, so it stays valid).

    Compiling the conditions costs about as much as one decide saves, so the program
    walks them until the policy's second decide, then compiles them.
    """
    program = policy.__dict__.get(_PROGRAM)
    if program is None:
        program = Program(policy, compiles=False)
        object.__setattr__(policy, _PROGRAM, program)
    if deciding:
        program.decides += 1
        if program.decides == 2 and not program.compiles:
            program = Program(policy, compiles=True)
            object.__setattr__(policy, _PROGRAM, program)
    return program


_UNSET: Any = object()


class Run:
    """One incident being decided: the answers, and what is worked out so far."""

    __slots__ = ("answers", "decided_by", "facts", "fields", "matched", "program", "sets", "slots")

    def __init__(self, program: Program, answers: Mapping[str, Any]) -> None:
        self.program = program
        self.fields = program.policy.fields
        self.answers = answers
        self.facts: dict[str, bool] = {}
        self.matched: dict[str, bool] = {}
        self.slots: dict[str, Any] = {}
        self.sets: dict[str, list[str]] = {}
        self.decided_by: dict[str, Rule] = {}

    def worked_out(self) -> bool:
        """Whether anything has been worked out (and would be reused) yet."""
        return bool(self.facts or self.slots or self.sets)

    def walk(self, condition: Condition) -> bool:
        """Whether a condition holds, by walking it (what each closure of ``closures.py`` does)."""
        c: Any = condition
        kind = c.__class__
        if kind is All:
            return all(self.walk(item) for item in c.items)
        if kind is AnyOf:
            return any(self.walk(item) for item in c.items)
        if kind is Not:
            return not self.walk(c.item)
        if kind is AnswerIn:
            answer = self.answers.get(c.question)
            return answer is not None and answer in c.values
        if kind is AnswerIncludes:
            return c.value in (self.answers.get(c.question) or ())
        if kind is FactIs:
            return self.fact(c.fact)
        if kind is FieldIn:
            return self.path_value(c.path) in c.values
        if kind is FieldIncludes:
            return c.item in self.included(c.field)
        raise TypeError(f"not a condition: {condition!r}")

    def fact(self, name: str) -> bool:
        value = self.facts.get(name)
        if value is None:
            value = self.facts[name] = self.program.fact(name)(self)
        return value

    def slot_value(self, slot: str) -> Any:
        """The value of a single-valued slot: the first matching rule's, else None."""
        slots = self.slots
        value = slots.get(slot, _UNSET)
        if value is not _UNSET:
            return value
        slots[slot] = None  # a guard: the loader refuses cycles
        for rule, value, test, shared in self.program.rules_for(slot):
            if self.matches(rule, test) if shared else test(self):
                slots[slot] = value
                self.decided_by[slot] = rule
                return value
        return None

    def matches(self, rule: Rule, test: Test) -> bool:
        """A rule's test, worked out once per run (for a rule that decides several slots)."""
        found = self.matched.get(rule.id)
        if found is None:
            found = self.matched[rule.id] = test(self)
        return found

    def set_items(self, name: str) -> list[str]:
        """The items of a set field: those of every matching rule, in the field's order."""
        items = self.sets.get(name)
        if items is not None:
            return items
        found: dict[str, Rule] = {}
        for rule, value, test, shared in self.program.rules_for(name):
            if self.matches(rule, test) if shared else test(self):
                for item in value:
                    if item not in found:
                        found[item] = rule
        return self._keep_items(name, found)

    def _keep_items(self, name: str, found: dict[str, Rule]) -> list[str]:
        """A set field's items, each with the first rule that added it, kept for the run (in the field's order)."""
        decided_by = self.decided_by
        for item, rule in found.items():
            decided_by.setdefault(f"{name}.{item}", rule)
        items = self.sets[name] = [item for item in self.fields[name].values if item in found]
        return items

    def records(self, name: str) -> list[dict[str, Any]]:
        """A records field's value: a record (its key first) for each key decided to have one."""
        key_name = self.fields[name].key
        records = []
        for key, slot in self.program.record_slots[name]:
            record = self.slot_value(slot)
            if record is not None and record != NONE:
                records.append({key_name: key, **record})
        return records

    def included(self, name: str) -> list[str]:
        """A set field's items, or the keys of a records field that have a record."""
        spec = self.fields[name]
        if spec.type == SET:
            return self.set_items(name)
        slots = self.program.record_slots.get(name) or [(key, f"{name}.{key}") for key in spec.values]
        return [key for key, slot in slots if self.slot_value(slot) not in (None, NONE)]

    def path_value(self, path: str) -> Any:
        parts = path.split(".")
        if len(parts) == 1:
            return self.slot_value(path)
        record = self.slot_value(f"{parts[0]}.{parts[1]}")
        return record.get(parts[2]) if isinstance(record, dict) else None


class Walk(Run):
    """A run of a program that walks its conditions: each rule's test worked out once,
    without the per-slot entries a compiled program keeps (a policy's first decide)."""

    __slots__ = ()

    def slot_value(self, slot: str) -> Any:
        slots = self.slots
        value = slots.get(slot, _UNSET)
        if value is not _UNSET:
            return value
        slots[slot] = None  # a guard: the loader refuses cycles
        for rule, assignment in self.program.policy.rules_for(slot):
            if self.walked(rule):
                slots[slot] = assignment.value
                self.decided_by[slot] = rule
                return assignment.value
        return None

    def set_items(self, name: str) -> list[str]:
        items = self.sets.get(name)
        if items is not None:
            return items
        found: dict[str, Rule] = {}
        for rule, assignment in self.program.policy.rules_for(name):
            if self.walked(rule):
                for item in assignment.value:
                    if item not in found:
                        found[item] = rule
        return self._keep_items(name, found)

    def walked(self, rule: Rule) -> bool:
        found = self.matched.get(rule.id)
        if found is None:
            found = self.matched[rule.id] = self.walk(rule.when)
        return found
