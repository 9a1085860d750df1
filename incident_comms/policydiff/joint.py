"""Two policies as one: a joint policy whose answer space holds the incidents of both.

An incident of the comparison is one answer per *joint question*. Questions of the two
policies are linked when the new one has the old one's id (same kind) or names it in
``replaces`` (with its value mapping); every other question stands alone. A joint
question's values are the pairs ``(old value, new value)`` the link relates, plus
``(old, None)`` for an old value nothing maps to and ``(None, new)`` for a new value
nothing maps from. Each policy sees its own side of the pair.

The old policy's facts, fields and rules are copied under the prefix ``OLD``, the new
one's under ``NEW``, with every condition rewritten over the joint questions. A test
of a question is guarded by that policy's own ``ask_when`` for it, because a question
one policy asks may be one the other does not (an answer to an unasked question is
ignored, so every test of it is false). The verifier then compiles the whole thing as
one policy, and each decided slot of either side is a region of the same diagram.

Two facts of the joint policy mark the answers the comparison must treat apart:

- ``JUNK``: joint answers that are no incident at all (a value one policy cannot give,
  for a question only that policy asks; a second old value for the same new value
  where the old policy does not ask, which would count one incident twice);
- ``UNMATCHED``: incidents both policies ask about but one cannot express (a new
  choice nothing maps from, such as ``data_exposed: possible``): never compared,
  always reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import CommsError
from ..frozen import Frozen
from ..policy.model import (
    ALWAYS,
    MULTIPLE,
    SINGLE,
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
    Not,
    Policy,
    Question,
    Rule,
)
from ..verify.space import atoms

OLD, NEW = "old:", "new:"
JUNK, UNMATCHED = "diff:junk", "diff:unmatched"
NEVER = AnyOf(())


class Link(Frozen):
    """One joint question: the old and new questions it stands for (either may be None)."""

    id: str
    old: Question | None
    new: Question | None
    values: tuple[tuple[Any, Any], ...]  # (old value, new value) pairs; None for a side that has none

    @property
    def multiple(self) -> bool:
        return (self.new or self.old).kind == MULTIPLE  # type: ignore[union-attr]

    def side(self, prefix: str) -> Question | None:
        return self.old if prefix == OLD else self.new


def view(prefix: str, value: tuple[Any, Any]) -> Any:
    """What one policy sees of a joint value."""
    return value[0] if prefix == OLD else value[1]


def replacement_of(question: Question) -> tuple[str, dict[Any, Any]] | None:
    """The old id a new question replaces and how old values map, when the policy says so."""
    replaces = getattr(question, "replaces", None)
    if not replaces:
        return None
    if isinstance(replaces, str):
        return replaces, {}
    old_id = getattr(replaces, "id", None) or getattr(replaces, "question", None)
    values = getattr(replaces, "values", None) or {}
    if isinstance(replaces, Mapping):
        old_id = replaces.get("id") or replaces.get("question")
        values = replaces.get("values") or {}
    return (str(old_id), dict(values)) if old_id else None


class JointPolicy:
    """The joint policy of `old` and `new`, and how to read its answers back per side."""

    def __init__(self, old: Policy, new: Policy) -> None:
        self.old, self.new = old, new
        self.links = _links(old, new)
        self.by_side = {OLD: {}, NEW: {}}  # type: dict[str, dict[str, Link]]
        for link in self.links:
            for prefix in (OLD, NEW):
                question = link.side(prefix)
                if question is not None:
                    self.by_side[prefix][question.id] = link
        self._asked: dict[tuple[str, str], Condition] = {}
        self._tests: dict[tuple[Any, ...], Condition] = {}  # the same answer test is written many times
        self._tested_items = self._items_tested()
        self.policy = self._build()
        self.interchangeable = self._interchangeable()

    def _interchangeable(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        """Groups of tested items of one several-choices question that every condition treats alike.

        Two items are alike when each occurs, in each policy, as a direct part of exactly the
        same ``all``/``any`` conditions (and nowhere else): swapping them then changes no
        condition, so two incidents that differ only by such a swap are one incident.
        """
        parents = {OLD: _parents(self.old), NEW: _parents(self.new)}
        groups = []
        for link in self.links:
            if not link.multiple:
                continue
            by_signature: dict[Any, list[tuple[Any, Any]]] = {}
            for value in link.values:
                if (link.id, value) not in self._tested_items:
                    continue
                signature = tuple(
                    (view(p, value) is None, parents[p].get((q.id, view(p, value)), ()) if q is not None else ())
                    for p, q in ((OLD, link.old), (NEW, link.new))
                )
                by_signature.setdefault(signature, []).append(value)
            groups += [(link.id, items) for items in by_signature.values() if len(items) > 1]
        return groups

    def _items_tested(self) -> set[tuple[str, Any]]:
        """(joint id, joint value) of every several-choices item that a condition able to change
        a decision (ask_when, fact, rule: not an invariant) of either policy tests."""
        found = set()
        for prefix, side in ((OLD, self.old), (NEW, self.new)):
            for atom in decision_atoms(side):
                link = self.by_side[prefix].get(atom.question)
                if isinstance(atom, AnswerIncludes) and link is not None and link.multiple:
                    found |= {(link.id, v) for v in link.values if view(prefix, v) == atom.value}
        return found

    # ---- rewriting conditions ----------------------------------------------------------
    def asked(self, prefix: str, question: Question | None) -> Condition:
        """Where one policy asks its `question`, over the joint questions (NEVER for None)."""
        if question is None:
            return NEVER
        key = (prefix, question.id)
        if key not in self._asked:
            ask = question.ask_when
            self._asked[key] = ALWAYS if ask == ALWAYS else self.rewrite(prefix, ask)
        return self._asked[key]

    def rewrite(self, prefix: str, condition: Condition) -> Condition:
        """`condition` of one policy as a condition of the joint policy."""
        if isinstance(condition, All):
            return All(tuple(self.rewrite(prefix, c) for c in condition.items))
        if isinstance(condition, AnyOf):
            return AnyOf(tuple(self.rewrite(prefix, c) for c in condition.items))
        if isinstance(condition, Not):
            return Not(self.rewrite(prefix, condition.item))
        if isinstance(condition, (AnswerIn, AnswerIncludes)):
            return self._answer_test(prefix, condition)
        if isinstance(condition, FactIs):
            return FactIs(prefix + condition.fact)
        if isinstance(condition, FieldIn):
            return FieldIn(prefix + condition.path, condition.values)
        if isinstance(condition, FieldIncludes):
            return FieldIncludes(prefix + condition.field, condition.item)
        raise TypeError(f"not a condition: {condition!r}")

    def _answer_test(self, prefix: str, condition: AnswerIn | AnswerIncludes) -> Condition:
        tested = condition.values if isinstance(condition, AnswerIn) else condition.value
        key = (prefix, condition.question, isinstance(condition, AnswerIn), tested)
        found = self._tests.get(key)
        if found is None:
            found = self._tests[key] = self._new_answer_test(prefix, condition)
        return found

    def _new_answer_test(self, prefix: str, condition: AnswerIn | AnswerIncludes) -> Condition:
        link = self.by_side[prefix].get(condition.question)
        if link is None:
            return NEVER
        if isinstance(condition, AnswerIn):
            chosen = frozenset(v for v in link.values if view(prefix, v) is not None and view(prefix, v) in condition.values)
            test: Condition = AnswerIn(link.id, chosen)
        else:
            test = AnyOf(tuple(AnswerIncludes(link.id, v) for v in link.values if view(prefix, v) == condition.value))  # type: ignore[arg-type]  # joint values are (old, new) pairs
        guard = self.asked(prefix, link.side(prefix))
        return test if guard == ALWAYS else All((guard, test))

    # ---- building ------------------------------------------------------------------------
    def _build(self) -> Policy:
        questions = tuple(self._joint_question(link) for link in self.links)
        facts: dict[str, Fact] = {}
        fields = {}
        rules: list[Rule] = []
        for prefix, side in ((OLD, self.old), (NEW, self.new)):
            for fact in side.facts.values():
                facts[prefix + fact.id] = fact.replace(id=prefix + fact.id, when=self.rewrite(prefix, fact.when))
            for name, spec in side.fields.items():
                fields[prefix + name] = spec.replace(name=prefix + name)
            for rule in side.rules:
                rules.append(self._rule(prefix, rule, len(rules)))
        facts[JUNK] = Fact(JUNK, AnyOf(tuple(self._junk(link) for link in self.links)))
        facts[UNMATCHED] = Fact(UNMATCHED, AnyOf(tuple(self._unmatched(link) for link in self.links)))
        return Policy(self.new.root, (), (), _in_asking_order(questions, facts), facts, fields, tuple(rules))

    def _rule(self, prefix: str, rule: Rule, index: int) -> Rule:
        sets = tuple(Assignment(prefix + a.slot, a.value, a.loc) for a in rule.sets)
        return rule.replace(id=prefix + rule.id, when=self.rewrite(prefix, rule.when), sets=sets, index=index)

    def _joint_question(self, link: Link) -> Question:
        base = link.new or link.old
        assert base is not None
        asked_old, asked_new = self.asked(OLD, link.old), self.asked(NEW, link.new)
        ask = ALWAYS if ALWAYS in (asked_old, asked_new) else AnyOf((asked_old, asked_new))
        choices = tuple(Choice(v, _label(v)) for v in link.values)
        default = next((v for v in link.values if base.default is not None and view(NEW if link.new else OLD, v) == base.default), None)
        return Question(link.id, base.prompt, MULTIPLE if link.multiple else SINGLE, choices,
                        default=default, ask_when=ask, loc=base.loc)

    def _one_sided(self, link: Link, missing: str) -> Condition:
        """The joint answer holds a value the policy `missing` cannot give.

        For several choices, only choices some condition tests: the others change no decision.
        """
        values = [v for v in link.values if view(missing, v) is None]
        if link.multiple:
            tested = self._tested_items
            return AnyOf(tuple(AnswerIncludes(link.id, v) for v in values if (link.id, v) in tested))  # type: ignore[arg-type]  # joint values are (old, new) pairs
        return AnswerIn(link.id, frozenset(values)) if values else NEVER

    def _junk(self, link: Link) -> Condition:
        if link.old is None or link.new is None:
            return NEVER
        asked_old, asked_new = self.asked(OLD, link.old), self.asked(NEW, link.new)
        only_old = All((asked_old, Not(asked_new), self._one_sided(link, OLD)))
        only_new = All((asked_new, Not(asked_old), self._one_sided(link, NEW)))
        parts: list[Condition] = [only_old, only_new]
        repeats = _repeated_new_values(link)
        if repeats:
            test = AnyOf(tuple(AnswerIncludes(link.id, v) for v in repeats)) if link.multiple else AnswerIn(link.id, frozenset(repeats))  # type: ignore[arg-type]  # joint values are (old, new) pairs
            parts.append(All((Not(asked_old), test)))
        return AnyOf(tuple(parts))

    def _unmatched(self, link: Link) -> Condition:
        if link.old is None or link.new is None:
            return NEVER
        both = All((self.asked(OLD, link.old), self.asked(NEW, link.new)))
        return All((both, AnyOf((self._one_sided(link, OLD), self._one_sided(link, NEW)))))

    # ---- reading joint answers back -------------------------------------------------------
    def side_answers(self, prefix: str, joint: Mapping[str, Any]) -> dict[str, Any]:
        """The answers one policy is given for joint answers: its side of each pair, where it asks."""
        from ..engine import asked_answers

        side = self.old if prefix == OLD else self.new
        answers: dict[str, Any] = {}
        for question in side.questions:
            link = self.by_side[prefix][question.id]
            if link.id not in joint:
                continue
            value = joint[link.id]
            if link.multiple:
                seen = [view(prefix, v) for v in value if view(prefix, v) is not None]
                answers[question.id] = list(dict.fromkeys(seen))
            elif view(prefix, value) is not None:
                answers[question.id] = view(prefix, value)
        return asked_answers(side, answers)


def _parents(policy: Policy) -> dict[tuple[str, Any], tuple[int, ...]]:
    """For each (question, item) an ``includes`` test names: the ids of the conditions it is a direct part of."""
    found: dict[tuple[str, Any], list[int]] = {}

    def visit(condition: Condition, parent: int) -> None:
        if isinstance(condition, AnswerIncludes):
            found.setdefault((condition.question, condition.value), []).append(parent)
        elif isinstance(condition, (All, AnyOf)):
            for item in condition.items:
                visit(item, id(condition))
        elif isinstance(condition, Not):
            visit(condition.item, id(condition))

    owners: list[Condition] = [q.ask_when for q in policy.questions]
    owners += [f.when for f in policy.facts.values()] + [r.when for r in policy.rules]
    for condition in owners:
        visit(condition, id(condition) ^ 1)  # a test that is a whole condition is alike with no other
    return {key: tuple(sorted(ids)) for key, ids in found.items()}


def decision_atoms(policy: Policy) -> Iterable[AnswerIn | AnswerIncludes]:
    """The answer tests of the conditions that can change a decision: ask_when, facts, rules."""
    for question in policy.questions:
        yield from atoms(question.ask_when)
    for fact in policy.facts.values():
        yield from atoms(fact.when)
    for rule in policy.rules:
        yield from atoms(rule.when)


def _label(value: tuple[Any, Any]) -> str:
    return " → ".join("—" if v is None else str(v) for v in value)


def _repeated_new_values(link: Link) -> list[tuple[Any, Any]]:
    """Joint values whose new value an earlier pair already has (many old values map to one)."""
    seen: set[Any] = set()
    repeated = []
    for value in link.values:
        if value[1] is not None and value[0] is not None:
            if value[1] in seen:
                repeated.append(value)
            seen.add(value[1])
    return repeated


def _links(old: Policy, new: Policy) -> tuple[Link, ...]:
    """The joint questions: new questions (linked to what they replace or share an id with), then the rest of the old."""
    old_by_id = {q.id: q for q in old.questions}
    taken: set[str] = set()
    links = []
    for question in new.questions:
        found = replacement_of(question)
        old_id, mapping = found if found else (question.id, {})
        partner = old_by_id.get(old_id)
        if partner is not None and (partner.kind == MULTIPLE) == (question.kind == MULTIPLE) and old_id not in taken:
            taken.add(old_id)
            links.append(Link(question.id, partner, question, _pairs(partner, question, mapping)))
        else:
            links.append(Link(question.id, None, question, tuple((None, v) for v in question.values)))
    new_ids = {q.id for q in new.questions}
    for question in old.questions:
        if question.id not in taken:
            joint_id = question.id if question.id not in new_ids else f"{question.id} (old)"
            links.append(Link(joint_id, question, None, tuple((v, None) for v in question.values)))
    return tuple(links)


def _pairs(old: Question, new: Question, mapping: Mapping[Any, Any]) -> tuple[tuple[Any, Any], ...]:
    new_values = set(new.values)
    pairs: list[tuple[Any, Any]] = []
    for value in old.values:
        target = mapping.get(value, value)
        pairs.append((value, target if target in new_values else None))
    reached = {n for _, n in pairs}
    pairs += [(None, v) for v in new.values if v not in reached]
    return tuple(pairs)


def _in_asking_order(questions: Iterable[Question], facts: Mapping[str, Fact]) -> tuple[Question, ...]:
    """The joint questions with each after every question its ask_when tests (stable otherwise)."""
    pending = list(questions)
    placed: list[Question] = []
    done: set[str] = set()
    while pending:
        ready = next((q for q in pending if _tested(q.ask_when, facts) <= done), None)
        if ready is None:
            names = ", ".join(q.id for q in pending)
            raise CommsError(f"cannot compare: the two policies ask {names} in orders that contradict each other")
        pending.remove(ready)
        placed.append(ready)
        done.add(ready.id)
    return tuple(placed)


def _tested(condition: Condition, facts: Mapping[str, Fact]) -> set[str]:
    """The joint questions a condition tests, through facts (the loader refuses fact cycles)."""
    if isinstance(condition, (All, AnyOf)):
        return set().union(*(_tested(c, facts) for c in condition.items))
    if isinstance(condition, Not):
        return _tested(condition.item, facts)
    if isinstance(condition, (AnswerIn, AnswerIncludes)):
        return {condition.question}
    if isinstance(condition, FactIs) and condition.fact in facts:
        return _tested(facts[condition.fact].when, facts)
    return set()
