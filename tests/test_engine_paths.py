"""The engine's two ways of testing a condition agree with a plain reading of the rules.

A policy's first decide walks each condition; from its second decide on, the
conditions are compiled into closures (``program.program_of``). Both must give, for
every answer set of many small random policies, exactly what `reference_decide`
gives: the same values, the same rule for each slot, the same fired rules with their
slots in the same order, the same undecided slots. `reference_decide` is the engine's
docstring read literally: a tree-walking evaluator with no closures and no sharing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify.randompolicy import all_answers, policies

from incident_comms.answers import check_answers
from incident_comms.engine import Decision, condition_test, decide
from incident_comms.policy.model import (
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
)

Shape = tuple[dict[str, Any], list[tuple[str, str]], list[tuple[str, tuple[str, ...]]], tuple[str, ...]]


class Reference:
    """Fields worked out on demand, each rule tested once, facts once (the rules README)."""

    def __init__(self, policy: Policy, answers: Mapping[str, Any]) -> None:
        self.policy, self.answers = policy, answers
        self.facts: dict[str, bool] = {}
        self.matched: dict[str, bool] = {}
        self.slots: dict[str, Any] = {}
        self.decided_by: dict[str, str] = {}

    def holds(self, c: Condition) -> bool:
        if isinstance(c, All):
            return all(self.holds(item) for item in c.items)
        if isinstance(c, AnyOf):
            return any(self.holds(item) for item in c.items)
        if isinstance(c, Not):
            return not self.holds(c.item)
        if isinstance(c, AnswerIn):
            return self.answers.get(c.question) is not None and self.answers.get(c.question) in c.values
        if isinstance(c, AnswerIncludes):
            return c.value in (self.answers.get(c.question) or [])
        if isinstance(c, FactIs):
            if c.fact not in self.facts:
                self.facts[c.fact] = self.holds(self.policy.facts[c.fact].when)
            return self.facts[c.fact]
        if isinstance(c, FieldIn):
            name, *rest = c.path.split(".")
            if not rest:
                return self.slot(name) in c.values
            record = self.slot(f"{name}.{rest[0]}")
            return (record.get(rest[1]) if isinstance(record, dict) else None) in c.values
        assert isinstance(c, FieldIncludes)
        return c.item in self.included(c.field)

    def matches(self, rule: Any) -> bool:
        if rule.id not in self.matched:
            self.matched[rule.id] = self.holds(rule.when)
        return self.matched[rule.id]

    def slot(self, slot: str) -> Any:
        if slot not in self.slots:
            self.slots[slot] = None
            for rule in self.policy.rules:
                value = next((a.value for a in rule.sets if a.slot == slot), None)
                if value is not None and self.matches(rule):
                    self.slots[slot], self.decided_by[slot] = value, rule.id
                    break
        return self.slots[slot]

    def items(self, name: str) -> list[str]:
        found: dict[str, str] = {}
        for rule in self.policy.rules:
            for assignment in rule.sets:
                if assignment.slot == name and self.matches(rule):
                    for item in assignment.value:
                        found.setdefault(item, rule.id)
        for item, rule_id in found.items():
            self.decided_by.setdefault(f"{name}.{item}", rule_id)
        return [item for item in self.policy.fields[name].values if item in found]

    def included(self, name: str) -> list[str]:
        spec = self.policy.fields[name]
        if spec.type == SET:
            return self.items(name)
        return [key for key in spec.values if self.slot(f"{name}.{key}") not in (None, NONE)]

    def value(self, name: str) -> Any:
        spec = self.policy.fields[name]
        if spec.type == SET:
            return self.items(name)
        if spec.type == RECORDS:
            records = [(key, self.slot(f"{name}.{key}")) for key in spec.values]
            return [{spec.key: key, **record} for key, record in records if record not in (None, NONE)]
        return self.slot(name)


def reference_asked(policy: Policy, answers: Mapping[str, Any]) -> dict[str, Any]:
    asked: dict[str, Any] = {}
    for question in policy.questions:
        if question.id in answers and Reference(policy, asked).holds(question.ask_when):
            asked[question.id] = answers[question.id]
    return asked


def reference_decide(policy: Policy, answers: Mapping[str, Any]) -> Shape:
    ref = Reference(policy, reference_asked(policy, answers))
    values = {name: ref.value(name) for name in policy.fields}
    undecided = tuple(
        slot for name, spec in policy.fields.items() if spec.required and spec.type != SET
        for slot in spec.slots() if ref.slot(slot) is None
    )
    slots_of: dict[str, list[str]] = {}
    for slot, rule_id in ref.decided_by.items():
        slots_of.setdefault(rule_id, []).append(slot)
    fired = [(rule.id, tuple(slots_of[rule.id])) for rule in policy.rules if rule.id in slots_of]
    by_slot = [(slot, rule_id) for rule_id, slots in fired for slot in slots]
    return values, by_slot, fired, undecided


def shape(decision: Decision) -> Shape:
    return (
        decision.values,
        [(slot, rule.id) for slot, rule in decision.decided_by.items()],
        [(item.rule.id, item.slots) for item in decision.fired],
        decision.undecided,
    )


def with_unasked_answers(policy: Policy, answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` plus an answer to every other question (decide must ignore those not asked)."""
    extra = {q.id: ([] if q.kind == "multiple" else q.values[0]) for q in policy.questions}
    return {**extra, **answers}


def fields_reversed(policy: Policy) -> Policy:
    """The same policy with its fields declared in reverse: a field's rules now run before
    the fields they test are decided (on demand), which the order of `fired` slots shows."""
    return policy.replace(fields=dict(reversed(policy.fields.items())))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.booleans())
def test_walked_and_compiled_conditions_decide_as_the_reference_reading(policy: Policy, reverse: bool) -> None:
    policy = fields_reversed(policy) if reverse else policy
    compiled = policy.replace()
    decide(compiled, {})  # a policy's second decide on uses compiled conditions
    decide(compiled, {})
    assert compiled.__dict__["_engine_program"].compiles  # else this would test walking twice
    for answers in all_answers(policy):
        for given_answers in (answers, with_unasked_answers(policy, answers)):
            expected = reference_decide(policy, given_answers)
            assert shape(decide(policy.replace(), given_answers)) == expected  # a first decide: walked
            assert shape(decide(compiled, given_answers)) == expected
            assert check_answers(compiled, given_answers).answers == reference_asked(policy, given_answers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_conditions_tested_outside_decide_hold_as_the_reference_reading(policy: Policy) -> None:
    conditions = [c for inv in policy.invariants for c in (inv.when, inv.require)] + [ALWAYS]
    conditions += [rule.when for rule in policy.rules]
    compiled = policy.replace()
    decide(compiled, {})
    decide(compiled, {})
    for answers in all_answers(policy):
        expected = [Reference(policy, answers).holds(c) for c in conditions]
        assert [condition_test(policy, answers)(c) for c in conditions] == expected
        assert [condition_test(compiled, answers)(c) for c in conditions] == expected
