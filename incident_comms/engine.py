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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    if question.ask_when is ALWAYS:  # most questions: no evaluator needed
        return True
    return _Evaluator(policy, answers).holds(question.ask_when)


def asked_answers(policy: Policy, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the questions that are asked, in asking order."""
    kept: dict[str, Any] = {}
    for question in policy.questions:
        if question.id in answers and is_asked(question, kept, policy):
            kept[question.id] = answers[question.id]
    return kept


def decide(policy: Policy, answers: Mapping[str, Any]) -> Decision:
    """Apply the policy to valid answers (see ``answers.check_answers``).

    Answers to questions that are not asked are ignored, whatever the caller passed.
    """
    evaluator = _Evaluator(policy, asked_answers(policy, answers))
    values = {name: evaluator.field_value(name) for name in policy.fields}
    undecided = tuple(
        slot
        for name, spec in policy.fields.items()
        if spec.required and spec.type != SET
        for slot in spec.slots()
        if (evaluator.slot_value(slot) if spec.type == RECORDS else values[name]) is None
    )
    by_rule: dict[str, list[str]] = {}
    for slot, rule in evaluator.decided_by.items():
        by_rule.setdefault(rule.id, []).append(slot)
    fired = tuple(Fired(rule, tuple(by_rule[rule.id])) for rule in policy.rules if rule.id in by_rule)
    ordered = {slot: evaluator.decided_by[slot] for fired_rule in fired for slot in by_rule[fired_rule.rule.id]}
    return Decision(values, ordered, fired, undecided)


def holds(policy: Policy, answers: Mapping[str, Any], condition: Condition) -> bool:
    """Whether a condition holds for these answers (it may test decided fields)."""
    return condition_test(policy, answers)(condition)


def condition_test(policy: Policy, answers: Mapping[str, Any]) -> Callable[[Condition], bool]:
    """A test of many conditions against one incident: fields are decided once, then shared."""
    return _Evaluator(policy, answers).holds


class _Evaluator:
    def __init__(self, policy: Policy, answers: Mapping[str, Any]) -> None:
        self.policy = policy
        self.answers = answers
        self.facts: dict[str, bool] = {}
        self.matched: dict[str, bool] = {}
        self.slots: dict[str, Any] = {}
        self.decided_by: dict[str, Rule] = {}

    def holds(self, condition: Condition) -> bool:
        try:
            test = _TESTS[condition.__class__]
        except KeyError:
            raise TypeError(f"not a condition: {condition!r}") from None
        return test(self, condition)

    def all_hold(self, condition: All) -> bool:
        return all(self.holds(c) for c in condition.items)

    def any_holds(self, condition: AnyOf) -> bool:
        return any(self.holds(c) for c in condition.items)

    def fails(self, condition: Not) -> bool:
        return not self.holds(condition.item)

    def answer_in(self, condition: AnswerIn) -> bool:
        answer = self.answers.get(condition.question)
        return answer is not None and answer in condition.values

    def answer_includes(self, condition: AnswerIncludes) -> bool:
        return condition.value in (self.answers.get(condition.question) or ())

    def fact_is(self, condition: FactIs) -> bool:
        if condition.fact not in self.facts:
            self.facts[condition.fact] = self.holds(self.policy.facts[condition.fact].when)
        return self.facts[condition.fact]

    def field_in(self, condition: FieldIn) -> bool:
        return self.path_value(condition.path) in condition.values

    def field_includes(self, condition: FieldIncludes) -> bool:
        return condition.item in self.included(condition.field)

    def matches(self, rule: Rule) -> bool:
        if rule.id not in self.matched:
            self.matched[rule.id] = self.holds(rule.when)
        return self.matched[rule.id]

    def slot_value(self, slot: str) -> Any:
        """The value of a single-valued slot: the first matching rule's, else None."""
        if slot not in self.slots:
            self.slots[slot] = None  # a guard: the loader refuses cycles
            for rule, assignment in self.policy.rules_for(slot):
                if self.matches(rule):
                    self.slots[slot] = assignment.value
                    self.decided_by[slot] = rule
                    break
        return self.slots[slot]

    def set_items(self, name: str) -> list[str]:
        spec = self.policy.fields[name]
        found: dict[str, Rule] = {}
        for rule, assignment in self.policy.rules_for(name):
            if self.matches(rule):
                for item in assignment.value:
                    found.setdefault(item, rule)
        for item, rule in found.items():
            self.decided_by.setdefault(f"{name}.{item}", rule)
        return [item for item in spec.values if item in found]

    def field_value(self, name: str) -> Any:
        spec = self.policy.fields[name]
        if spec.type == SET:
            return self.set_items(name)
        if spec.type == RECORDS:
            records = []
            for key in spec.values:
                record = self.slot_value(f"{name}.{key}")
                if record is not None and record != NONE:
                    records.append({spec.key: key, **record})
            return records
        return self.slot_value(name)

    def included(self, name: str) -> list[str]:
        spec = self.policy.fields[name]
        if spec.type == SET:
            return self.set_items(name)
        return [key for key in spec.values if self.slot_value(f"{name}.{key}") not in (None, NONE)]

    def path_value(self, path: str) -> Any:
        parts = path.split(".")
        if len(parts) == 1:
            return self.slot_value(path)
        record = self.slot_value(f"{parts[0]}.{parts[1]}")
        return record.get(parts[2]) if isinstance(record, dict) else None


# One test per condition type: a dict lookup instead of a chain of isinstance calls
# (conditions are evaluated thousands of times per `comms lint`).
_TESTS: dict[type, Callable[[_Evaluator, Any], bool]] = {
    All: _Evaluator.all_hold,
    AnyOf: _Evaluator.any_holds,
    Not: _Evaluator.fails,
    AnswerIn: _Evaluator.answer_in,
    AnswerIncludes: _Evaluator.answer_includes,
    FactIs: _Evaluator.fact_is,
    FieldIn: _Evaluator.field_in,
    FieldIncludes: _Evaluator.field_includes,
}
