"""The decision engine: ``decide(policy, answers) -> Decision``. Pure and deterministic.

How rules combine (also in ``rules/README.md``):

- Rules apply in order: files by name, then rules as written.
- A bool or enum field, and each key of a records field (``messages.email``), is
  decided by the **first** matching rule that sets it; later matches are ignored for
  it (DMN hit policy FIRST). Writing ``none`` for a record decides "no record".
- A set field (``actions``) **collects** the items of every matching rule, in the
  order the field declares them (DMN COLLECT).
- A condition may test a decided field; fields are worked out on demand, and the
  loader refuses fields that depend on themselves.
- An answer to a question that is not asked is ignored; a test of an unanswered
  question is false.

How it is fast (``comms lint`` decides once per ``tests:`` case): from a policy's second
decide on, each of its conditions (a rule's ``when``, a fact, a question's ``ask_when``)
is compiled into a plain Python closure, kept in a :class:`_Program` on the policy object
itself (one per policy, gone with it): 118 decides of the default policy take less than
half the time. The first decide walks the conditions instead (:class:`_Walk`), so a
command that decides once (``comms assess``) compiles nothing. Both read a condition
the same way: items left to right, stopping at the first that settles it, fields worked
out on demand in that order (the order of a rule's slots in ``fired`` depends on it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .frozen import Frozen
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


class Fired(Frozen):
    """A rule that decided something, and the slots it decided."""

    rule: Rule
    slots: tuple[str, ...]

    def __init__(self, rule: Rule, slots: tuple[str, ...]) -> None:
        # Frozen's general __init__ costs ~1.3 us; a decide makes ~17 of these.
        self.__dict__.update(rule=rule, slots=slots)


class Decision(Frozen):
    """What the policy decides for one incident, and why.

    `values` maps each field to its value: a bool or enum value (None if
    undecided), a list of set items, or a list of records (each with the key
    attribute first). `decided_by` maps each slot (``send``, ``messages.email``,
    ``actions.give_users_clear_steps``) to the rule that decided it.
    """

    values: dict[str, Any]
    decided_by: dict[str, Rule]
    fired: tuple[Fired, ...]
    undecided: tuple[str, ...]


def is_asked(question: Question, answers: Mapping[str, Any], policy: Policy) -> bool:
    """Whether `question` is asked, given the answers to the questions before it."""
    if question.ask_when is ALWAYS:  # most questions: nothing to evaluate
        return True
    program = _program(policy)
    return program.test(question.ask_when)(program.run(answers))


def asking(policy: Policy, answers: Mapping[str, Any]) -> Iterator[tuple[Question, bool]]:
    """Each question in asking order, with whether it is asked given `answers` as they are
    when it comes up: the caller may add a question's answer before taking the next one.

    The same as ``is_asked`` for each question in turn, for a fraction of its cost.
    """
    program = _program(policy)
    run = program.run(answers)
    for question, asked in program.questions():
        if asked is None:
            yield question, True
            continue
        if run.worked_out():  # facts of fewer answers: start again
            run = program.run(answers)
        yield question, asked(run)


def asked_answers(policy: Policy, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the questions that are asked, in asking order."""
    return _asked(_program(policy), answers)


def _asked(program: _Program, answers: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    run = program.run(kept)  # sees each answer as it is kept
    for question, asked in program.questions():
        qid = question.id
        if qid not in answers:
            continue
        if asked is not None:
            if run.worked_out():  # facts of fewer answers: start again
                run = program.run(kept)
            if not asked(run):
                continue
        kept[qid] = answers[qid]
    return kept


def decide(policy: Policy, answers: Mapping[str, Any]) -> Decision:
    """Apply the policy to valid answers (see ``answers.check_answers``).

    Answers to questions that are not asked are ignored, whatever the caller passed.
    """
    program = _program(policy, deciding=True)
    run = program.run(_asked(program, answers))
    values: dict[str, Any] = {}
    for name, kind in program.kinds:
        if kind == SET:
            values[name] = list(run.set_items(name))
        elif kind == RECORDS:
            values[name] = run.records(name)
        else:
            values[name] = run.slot_value(name)
    slots, decided_by = run.slots, run.decided_by  # every single-valued slot is worked out by now
    undecided = tuple(slot for slot in program.required_slots if slots[slot] is None)
    by_rule: dict[str, list[str]] = {}
    for slot, rule in decided_by.items():
        if rule.id in by_rule:
            by_rule[rule.id].append(slot)
        else:
            by_rule[rule.id] = [slot]
    fired = tuple(Fired(rule, tuple(by_rule[rule.id])) for rule in policy.rules if rule.id in by_rule)
    ordered = {slot: decided_by[slot] for item in fired for slot in item.slots}
    return Decision(values, ordered, fired, undecided)


def holds(policy: Policy, answers: Mapping[str, Any], condition: Condition) -> bool:
    """Whether a condition holds for these answers (it may test decided fields)."""
    return condition_test(policy, answers)(condition)


def condition_test(policy: Policy, answers: Mapping[str, Any]) -> Callable[[Condition], bool]:
    """A test of many conditions against one incident: fields are decided once, then shared."""
    return _program(policy).run(answers).walk


Test = Callable[["_Run"], bool]
Entry = tuple[Rule, Any, Test, bool]  # a rule that decides a slot: the rule, its value, its test, shared?


class _Program:
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

    def run(self, answers: Mapping[str, Any]) -> _Run:
        """A run for one incident: compiled tests, or walked ones (which keep no entries)."""
        return _Run(self, answers) if self.compiles else _Walk(self, answers)

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


def _program(policy: Policy, deciding: bool = False) -> _Program:
    """The policy's program, kept on the policy (immutable, so it stays valid).

    Compiling the conditions costs about as much as one decide saves, so the program
    walks them until the policy's second decide, then compiles them.
    """
    program = policy.__dict__.get(_PROGRAM)
    if program is None:
        program = _Program(policy, compiles=False)
        object.__setattr__(policy, _PROGRAM, program)
    if deciding:
        program.decides += 1
        if program.decides == 2 and not program.compiles:
            program = _Program(policy, compiles=True)
            object.__setattr__(policy, _PROGRAM, program)
    return program


_UNSET: Any = object()


class _Run:
    """One incident being decided: the answers, and what is worked out so far."""

    __slots__ = ("answers", "decided_by", "facts", "fields", "matched", "program", "sets", "slots")

    def __init__(self, program: _Program, answers: Mapping[str, Any]) -> None:
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


class _Walk(_Run):
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
