"""The answer space as diagram variables, and answer conditions compiled to regions.

Variables, in asking order:

- a one-choice or yes-no question is one variable whose values are the *classes*
  of its choices (choices that every condition treats alike share a class), plus
  an ``unasked`` value when the question has an ``ask_when``;
- a several-choices question is one yes/no variable per choice that some
  condition tests; choices nobody tests cannot change any decision.

The valid space is where every question is asked exactly when its ``ask_when``
holds (an unasked several-choices question has no item).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from ..policy.model import (
    ALWAYS,
    MULTIPLE,
    All,
    AnswerIn,
    AnswerIncludes,
    AnyOf,
    Condition,
    FactIs,
    Not,
    Policy,
    Question,
)
from .diagram import FALSE, TRUE, Diagram


class Variable(NamedTuple):
    """One diagram variable: a question (value classes) or one choice of a several-choices question."""

    question: Question
    classes: tuple[tuple[Any, ...], ...]  # the answer values of each value index; () for unasked
    choice: Any = None  # set for a several-choices item variable

    @property
    def is_choice(self) -> bool:
        return self.choice is not None


def conditions_of(policy: Policy) -> Iterator[Condition]:
    """Every condition written in the policy: ask_when, facts, rules, invariants."""
    for question in policy.questions:
        yield question.ask_when
    for fact in policy.facts.values():
        yield fact.when
    for rule in policy.rules:
        yield rule.when
    for invariant in policy.invariants:
        yield invariant.when
        yield invariant.require


def atoms(condition: Condition) -> list[AnswerIn | AnswerIncludes]:
    """The answer tests inside a condition, in order (facts and fields not followed).

    A loop over a stack, not nested generators: every check that lays out the
    answer space walks every condition of the policy (20,000 rules: 0.5 s as generators)."""
    found: list[AnswerIn | AnswerIncludes] = []
    stack = [condition]
    while stack:
        item = stack.pop()
        if isinstance(item, (All, AnyOf)):
            stack.extend(reversed(item.items))
        elif isinstance(item, Not):
            stack.append(item.item)
        elif isinstance(item, (AnswerIn, AnswerIncludes)):
            found.append(item)
    return found


def facts_in(condition: Condition) -> Iterator[str]:
    """The facts a condition names directly."""
    if isinstance(condition, (All, AnyOf)):
        for item in condition.items:
            yield from facts_in(item)
    elif isinstance(condition, Not):
        yield from facts_in(condition.item)
    elif isinstance(condition, FactIs):
        yield condition.fact


def answer_tests(policy: Policy) -> dict[str, list[AnswerIn | AnswerIncludes]]:
    """The distinct answer tests of the whole policy, by question id (the first of each).

    Distinct by what a test says (its question and values): that is all the layout
    and ``undistinguished-choices`` look at, and a large policy repeats a few tests
    thousands of times (bench/lint_scale.py 20000x40: 118,589 tests, 156 distinct).
    One walk over every condition that makes no list per condition (``atoms`` does)."""
    found: dict[Any, AnswerIn | AnswerIncludes] = {}
    stack: list[Any] = []  # conditions (Any: tested by class identity, which mypy does not narrow)
    for condition in conditions_of(policy):
        stack.append(condition)
        while stack:
            item = stack.pop()
            kind = item.__class__
            if kind is All or kind is AnyOf:
                for part in item.items:
                    if part.__class__ is AnswerIn:  # most tests: recorded without a trip through the stack
                        found.setdefault((part.question, part.values), part)
                    else:
                        stack.append(part)
            elif kind is Not:
                stack.append(item.item)
            elif kind is AnswerIn:
                found.setdefault((item.question, item.values), item)
            elif kind is AnswerIncludes:
                found.setdefault((item.question, (item.value,)), item)
    tests: dict[str, list[AnswerIn | AnswerIncludes]] = {q.id: [] for q in policy.questions}
    for atom in found.values():
        tests.setdefault(atom.question, []).append(atom)
    return tests


def value_classes(question: Question, tests: list[AnswerIn | AnswerIncludes]) -> list[tuple[Any, ...]]:
    """The question's values grouped by which tests accept them (in declaration order).

    Tests that accept the same values tell the same values apart, so each distinct
    set of values is looked at once (a large policy repeats a few sets thousands of times)."""
    accepted = list({t.values for t in tests if isinstance(t, AnswerIn)})
    signatures: dict[frozenset[int], list[Any]] = {}
    for value in question.values:
        signature = frozenset(i for i, values in enumerate(accepted) if value in values)
        signatures.setdefault(signature, []).append(value)
    return [tuple(values) for values in signatures.values()]


class AnswerSpace:
    """Variables for a policy's questions, and the compiler of answer-only conditions."""

    def __init__(self, policy: Policy, max_nodes: int = 400_000, seconds: float = 20.0) -> None:
        self.policy = policy
        self.tests = answer_tests(policy)
        self.variables: list[Variable] = []
        self.var_of: dict[str, int] = {}  # one-choice / yes-no question -> variable
        self.choice_var: dict[tuple[str, Any], int] = {}  # (question, item) -> variable
        self._question_index: dict[str, int] | None = None
        self._lay_out_variables()
        self.diagram = Diagram([len(v.classes) for v in self.variables], max_nodes, seconds)
        self._compiled: dict[int, tuple[Condition, int]] = {}
        self._facts: dict[str, int] = {}
        self._facts_in_progress: set[str] = set()
        self._valid: int | None = None

    def _lay_out_variables(self) -> None:
        """One variable per question (per tested choice for several choices), in asking order,
        except that a choice some later question's ask_when tests goes just before that
        question: "ask whether X is down when X is affected", for many X, then stays a
        small diagram instead of one that grows exponentially with the number of X.
        Then each conditional question moves up to just after what its ask_when tests."""
        self._lay_out_in_asking_order()
        self._move_follow_ups_beside_their_cause()

    def _move_follow_ups_beside_their_cause(self) -> None:
        """Put a conditional question's variables right after the last variable its ask_when tests.

        In strict asking order, every question between a follow-up and the answer that
        asks it must carry that answer along: with 120 questions, a fifth of them
        follow-ups, the valid space alone took 73,484 nodes (53 at 40 questions). Beside
        their cause it stays linear (bench/lint_scale.py, 2000x120)."""
        keys: list[tuple[int, ...]] = []
        for index, variable in enumerate(self.variables):
            cause = max(self.tested_vars(variable.question.ask_when), default=-1)
            keys.append((*keys[cause], 1, index) if 0 <= cause < index else (index,))
        order = sorted(range(len(self.variables)), key=keys.__getitem__)
        new_index = {old: new for new, old in enumerate(order)}
        self.variables = [self.variables[old] for old in order]
        self.var_of = {qid: new_index[v] for qid, v in self.var_of.items()}
        self.choice_var = {key: new_index[v] for key, v in self.choice_var.items()}

    def asking_order(self, var: int) -> tuple[int, int]:
        """A sort key that lists variables as their questions are asked (descriptions read so)."""
        if self._question_index is None:
            self._question_index = {q.id: i for i, q in enumerate(self.policy.questions)}
        return self._question_index[self.variables[var].question.id], var

    def tested_vars(self, condition: Condition, seen: frozenset[str] = frozenset()) -> Iterator[int]:
        """The variables an answer-only condition tests (through facts, too)."""
        for atom in atoms(condition):
            if isinstance(atom, AnswerIn):
                var = self.var_of.get(atom.question)
            else:
                var = self.choice_var.get((atom.question, atom.value))
            if var is not None:
                yield var
        for name in facts_in(condition):
            fact = self.policy.facts.get(name)
            if fact is not None and name not in seen:
                yield from self.tested_vars(fact.when, seen | {name})

    def _lay_out_in_asking_order(self) -> None:
        follow_up = self._first_follow_ups()
        deferred = {(owner.id, item) for pairs in follow_up.values() for owner, item in pairs}
        for question in self.policy.questions:
            for owner, item in follow_up.get(question.id, ()):
                self._add_choice(owner, item)
            if question.kind == MULTIPLE:
                tested = {t.value for t in self.tests.get(question.id, ()) if isinstance(t, AnswerIncludes)}
                for item in question.values:
                    if item in tested and (question.id, item) not in deferred:
                        self._add_choice(question, item)
            else:
                self._add_single(question)

    def _first_follow_ups(self) -> dict[str, list[tuple[Question, Any]]]:
        """For each question, the choices (of earlier several-choices questions) that its
        ask_when is the first to test."""
        placed: set[tuple[str, Any]] = set()
        result: dict[str, list[tuple[Question, Any]]] = {}
        for question in self.policy.questions:
            for atom in atoms(question.ask_when):
                key = (atom.question, getattr(atom, "value", None))
                if isinstance(atom, AnswerIncludes) and key not in placed:
                    placed.add(key)
                    result.setdefault(question.id, []).append((self.policy.question(atom.question), atom.value))
        return result

    def _add_choice(self, question: Question, item: Any) -> None:
        self.choice_var[(question.id, item)] = len(self.variables)
        self.variables.append(Variable(question, ((False,), (True,)), item))

    def _add_single(self, question: Question) -> None:
        classes = value_classes(question, self.tests.get(question.id, []))
        if question.ask_when != ALWAYS:
            classes.append(())
        self.var_of[question.id] = len(self.variables)
        self.variables.append(Variable(question, tuple(classes)))

    # ---- the valid space ------------------------------------------------------------
    @property
    def valid(self) -> int:
        """The answers that can really be given: each question asked exactly when it should be."""
        if self._valid is None:
            parts = [self._asked_exactly_when_due(q) for q in self.policy.questions if q.ask_when != ALWAYS]
            self._valid = self.diagram.conj_all(parts)
        return self._valid

    def _asked_exactly_when_due(self, question: Question) -> int:
        dd = self.diagram
        due = self.compile(question.ask_when)
        if question.kind == MULTIPLE:
            nothing = dd.conj_all(dd.literal(v, [0]) for (qid, _), v in self.choice_var.items() if qid == question.id)
            return dd.disj(due, nothing)
        var = self.var_of[question.id]
        unasked = len(self.variables[var].classes) - 1
        asked = dd.literal(var, range(unasked))
        return dd.disj(dd.conj(due, asked), dd.conj(dd.neg(due), dd.literal(var, [unasked])))

    def point(self, answers: dict[str, Any]) -> list[int]:
        """The value index of every variable for checked answers (what the engine sees)."""
        indexes = []
        for variable in self.variables:
            answer = answers.get(variable.question.id)
            if variable.is_choice:
                indexes.append(int(answer is not None and variable.choice in answer))
            else:
                indexes.append(next(i for i, values in enumerate(variable.classes) if answer in values or not values))
        return indexes

    def asked(self, question: Question) -> int:
        """Where `question` is asked."""
        return self.compile(question.ask_when)

    # ---- compiling --------------------------------------------------------------------
    def compile(self, condition: Condition) -> int:
        """The region where an answer-only condition holds (facts included)."""
        found = self._compiled.get(id(condition))
        if found is None:
            found = (condition, self._compile(condition))
            self._compiled[id(condition)] = found  # keeps `condition` alive so its id stays unique
        return found[1]

    def _compile(self, condition: Condition) -> int:
        dd = self.diagram
        if isinstance(condition, All):
            return dd.conj_all(self.compile(c) for c in condition.items)
        if isinstance(condition, AnyOf):
            return dd.disj_all(self.compile(c) for c in condition.items)
        if isinstance(condition, Not):
            return dd.neg(self.compile(condition.item))
        if isinstance(condition, AnswerIn):
            return self._answer_in(condition)
        if isinstance(condition, AnswerIncludes):
            var = self.choice_var.get((condition.question, condition.value))
            return FALSE if var is None else dd.literal(var, [1])
        if isinstance(condition, FactIs):
            return self.fact(condition.fact)
        return self.compile_other(condition)

    def compile_other(self, condition: Condition) -> int:
        """Conditions this class does not know (decided fields): see ``regions.Regions``."""
        raise TypeError(f"not an answer condition: {condition!r}")

    def _answer_in(self, condition: AnswerIn) -> int:
        var = self.var_of.get(condition.question)
        if var is None:
            return FALSE
        classes = self.variables[var].classes
        wanted = condition.values
        return self.diagram.literal(var, [i for i, c in enumerate(classes) if c and c[0] in wanted])

    def fact(self, name: str) -> int:
        """The region where a derived fact holds."""
        if name not in self._facts:
            if name in self._facts_in_progress:
                raise CyclicPolicy(f"fact {name!r} depends on itself")
            self._facts_in_progress.add(name)
            try:  # an aborted compile (budget) must not leave a false cycle behind
                self._facts[name] = self.compile(self.policy.facts[name].when)
            finally:
                self._facts_in_progress.discard(name)
        return self._facts[name]


class CyclicPolicy(Exception):
    """A fact or field depends on itself (the loader reports it as ``cycles``)."""


__all__ = ["FALSE", "TRUE", "AnswerSpace", "CyclicPolicy", "Variable"]
