"""Small random policies, and the brute-force truth about them, for the verifier's tests."""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from incident_comms.engine import decide, holds
from incident_comms.errors import Location
from incident_comms.policy.model import (
    ALWAYS,
    BOOL,
    ENUM,
    MULTIPLE,
    NONE,
    RECORDS,
    SET,
    SINGLE,
    YES_NO,
    All,
    AnswerIn,
    AnswerIncludes,
    AnyOf,
    Assignment,
    Choice,
    Condition,
    Fact,
    FactIs,
    FieldIn,
    FieldIncludes,
    FieldSpec,
    Invariant,
    Not,
    Policy,
    Question,
    Rule,
)

SEVERITIES = ("minor", "major", "critical")
PRODUCTS = ("logs", "cdp", "sdk")
FIELDS = {
    "send": FieldSpec("send", BOOL, values=(True, False), loc=Location("fields.yaml", 1, 1)),
    "headline": FieldSpec("headline", ENUM, values=("go", "hold"), loc=Location("fields.yaml", 2, 1)),
    "messages": FieldSpec(
        "messages", RECORDS, values=("email", "ticket"), key="channel",
        attributes={"timing": ("now", "later")}, loc=Location("fields.yaml", 3, 1),
    ),
    "actions": FieldSpec("actions", SET, values=("align", "brief", "plan"), loc=Location("fields.yaml", 4, 1)),
}
FIELD_ORDER = ("send", "headline", "messages", "actions")  # a field may only test fields before it
SLOT_VALUES: dict[str, tuple[Any, ...]] = {
    "send": (True, False),
    "headline": ("go", "hold"),
    "messages.email": (NONE, {"timing": "now"}, {"timing": "later"}),
    "messages.ticket": (NONE, {"timing": "now"}),
}


def _question(qid: str, kind: str, values: tuple[Any, ...], ask_when: Condition = ALWAYS) -> Question:
    choices = tuple(Choice(v, str(v)) for v in values)
    return Question(qid, qid, kind, choices, ask_when=ask_when, loc=Location("questions.yaml", 1, 1))


class PolicyMaker:
    """Builds one random policy from a seeded random source (cheap to draw, so many examples run)."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.facts: list[str] = []

    def answer_atom(self, asked_before: tuple[str, ...]) -> Condition:
        """A test of one of the questions in `asked_before`."""
        rnd, question = self.rnd, self.rnd.choice(asked_before)
        if question == "severity":
            return AnswerIn("severity", frozenset(rnd.sample(SEVERITIES, rnd.randint(1, 2))))
        if question == "products":
            return AnswerIncludes("products", rnd.choice(PRODUCTS[:2]))
        return AnswerIn(question, frozenset([rnd.choice([True, False])]))

    def field_atom(self, field: str) -> Condition:
        """A test of a decided field."""
        rnd = self.rnd
        if field == "send":
            return FieldIn("send", frozenset([rnd.choice([True, False])]))
        if field == "headline":
            return FieldIn("headline", frozenset([rnd.choice(["go", "hold"])]))
        if field == "messages":
            if rnd.random() < 0.5:
                return FieldIncludes("messages", rnd.choice(["email", "ticket"]))
            return FieldIn("messages.email.timing", frozenset([rnd.choice(["now", "later"])]))
        return FieldIncludes("actions", rnd.choice(FIELDS["actions"].values))

    def leaf(self, questions: tuple[str, ...], fields: tuple[str, ...] = (), facts: bool = True) -> Condition:
        """An answer test, a fact or a field test."""
        kinds = ["answer"] * 3 + (["fact"] if facts and self.facts else []) + (["field"] * 2 if fields else [])
        kind = self.rnd.choice(kinds)
        if kind == "fact":
            return FactIs(self.rnd.choice(self.facts))
        if kind == "field":
            return self.field_atom(self.rnd.choice(fields))
        return self.answer_atom(questions)

    def condition(self, questions: tuple[str, ...], fields: tuple[str, ...] = (), depth: int = 2, facts: bool = True) -> Condition:
        """Nested all/any/not over leaves (an empty `all` is ALWAYS)."""
        rnd = self.rnd
        shape = rnd.choice(["leaf", "leaf", "all", "any", "not"]) if depth else "leaf"
        if shape == "leaf":
            return self.leaf(questions, fields, facts)
        if shape == "not":
            return Not(self.condition(questions, fields, depth - 1, facts))
        items = tuple(self.condition(questions, fields, depth - 1, facts) for _ in range(rnd.randint(shape == "any", 3)))
        return All(items) if shape == "all" else AnyOf(items)

    def policy(self) -> Policy:
        """A small policy: 4 questions (one conditional, one several-choices), facts, 4 fields, rules."""
        rnd = self.rnd
        ask_users = self.condition(("security", "severity"), facts=False)
        ask_products = rnd.choice([ALWAYS, AnswerIn("security", frozenset([False]))])
        questions = (
            _question("security", YES_NO, (True, False)),
            _question("severity", SINGLE, SEVERITIES),
            _question("users_can_act", YES_NO, (True, False), ask_users),
            _question("products", MULTIPLE, PRODUCTS, ask_products),
        )
        facts: dict[str, Fact] = {}
        for i in range(rnd.randint(0, 2)):
            facts[f"f{i}"] = Fact(f"f{i}", self.condition(ALL_QUESTIONS), loc=Location("fields.yaml", 10 + i, 1))
            self.facts.append(f"f{i}")
        required = {n for n in ("send", "headline") if rnd.random() < 0.6}
        fields = {n: s.replace(required=n in required) for n, s in FIELDS.items()}
        invariants = [
            Invariant(f"i{i}", self.condition(ALL_QUESTIONS, FIELD_ORDER), self.condition(ALL_QUESTIONS, FIELD_ORDER),
                      "", Location("inv.yaml", i + 1, 5))
            for i in range(rnd.randint(0, 2))
        ]
        return Policy(Path("."), (), (), questions, facts, fields, tuple(self.rules()), (), tuple(invariants))

    def rules(self) -> list[Rule]:
        """1-7 rules in two files, each testing only fields before the one it sets."""
        rnd = self.rnd
        count = rnd.randint(1, 7)
        files = sorted(rnd.randint(0, 1) for _ in range(count))
        rules = []
        for index, file in enumerate(files):
            field = rnd.choice(FIELD_ORDER)
            earlier = FIELD_ORDER[: FIELD_ORDER.index(field)]
            when = ALWAYS if rnd.random() < 0.2 else self.condition(ALL_QUESTIONS, earlier)
            where = Location(f"file{file}.yaml", index + 1, 5)
            rules.append(Rule(f"r{index}", when, self.assignments(field, where), "because", where, index))
        return rules

    def assignments(self, field: str, where: Location) -> tuple[Assignment, ...]:
        """What a rule sets in `field`."""
        rnd = self.rnd
        if field == "actions":
            return (Assignment("actions", tuple(rnd.sample(FIELDS["actions"].values, rnd.randint(1, 2))), where),)
        if field == "messages":
            slots = rnd.sample(["messages.email", "messages.ticket"], rnd.randint(1, 2))
            return tuple(Assignment(s, rnd.choice(SLOT_VALUES[s]), where) for s in slots)
        return (Assignment(field, rnd.choice(SLOT_VALUES[field]), where),)


ALL_QUESTIONS = ("security", "severity", "users_can_act", "products")


def policies() -> st.SearchStrategy[Policy]:
    """Random small policies (hypothesis reports the failing seed)."""
    return st.randoms(use_true_random=False).map(lambda rnd: PolicyMaker(rnd).policy())


# ---- the brute-force truth -------------------------------------------------------------
def all_answers(policy: Policy) -> Iterator[dict[str, Any]]:
    """Every valid answers dict: each question asked exactly when its ask_when holds."""

    def extend(answers: dict[str, Any], rest: tuple[Question, ...]) -> Iterator[dict[str, Any]]:
        if not rest:
            yield dict(answers)
            return
        question, later = rest[0], rest[1:]
        if not holds(policy, answers, question.ask_when):
            yield from extend(answers, later)
            return
        for value in _possible(question):
            yield from extend({**answers, question.id: value}, later)

    return extend({}, policy.questions)


def _possible(question: Question) -> list[Any]:
    if question.kind != MULTIPLE:
        return list(question.values)
    return [list(c) for n in range(len(question.values) + 1) for c in combinations(question.values, n)]


def brute_gaps(policy: Policy) -> set[str]:
    """Required slots that some valid answers leave undecided."""
    return {slot for answers in all_answers(policy) for slot in decide(policy, answers).undecided}


def brute_dead(policy: Policy) -> set[str]:
    """Rules that decide no slot or item for any valid answers."""
    live = {rule.id for answers in all_answers(policy) for rule in decide(policy, answers).decided_by.values()}
    return {rule.id for rule in policy.rules} - live


def brute_broken(policy: Policy) -> set[str]:
    """Invariants that some valid answers break."""
    return {
        inv.id
        for answers in all_answers(policy)
        for inv in policy.invariants
        if holds(policy, answers, inv.when) and not holds(policy, answers, inv.require)
    }


def brute_never_asked(policy: Policy) -> set[str]:
    """Questions asked for no valid answers."""
    asked = {qid for answers in all_answers(policy) for qid in answers}
    return {q.id for q in policy.questions} - asked


def brute_conflicts(policy: Policy) -> set[tuple[str, str, str]]:
    """(slot, rule, rule) where rules of two files come first in their file with different values."""
    found = set()
    for answers in all_answers(policy):
        for slot in {a.slot for r in policy.rules for a in r.sets if a.slot != "actions"}:
            firsts: dict[str, tuple[Rule, Any]] = {}
            for rule, assignment in policy.rules_for(slot):
                if rule.loc.path not in firsts and holds(policy, answers, rule.when):
                    firsts[rule.loc.path] = (rule, assignment.value)
            for (a, va), (b, vb) in combinations(firsts.values(), 2):
                if va != vb:
                    found.add((slot, a.id, b.id))
    return found
