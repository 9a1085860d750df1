"""A quick, sufficient test before a proof: concrete answer sets that show a rule is alive.

A rule is alive when some valid answers make it the first matching rule of one of
its chains (the rules, in order, that decide one slot or add one set item). One
such answer set is a *witness*, and checking one is a few integer operations,
where a proof reasons about every answer set at once. So ``dead-rules`` first
looks for a witness for each rule (``Witnesses.alive``); only the rules without
one go to the engines, which prove them dead or find them alive after all. On the
20,000-rule benchmark (bench/lint_scale.py, 20000x40) every live rule has a
witness and the engines see 53 of the 20,000 rules.

A point is one answer set over the verifier's variables (``space.AnswerSpace``):
one bit per value of each variable, exactly one bit set per variable. A condition
made only of answer tests is a *cube*: the bits it forbids (``point & forbidden
== 0`` where it holds); other parts (facts with ``any``, ``not`` of several
tests, decided fields) are evaluated at the point. The search is a heuristic and
may miss a witness (then the engine decides), but a witness it returns is checked
exactly: a valid point where the rule matches and no earlier rule of the chain
does (tests/verify replays every witness through ``engine.decide``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import reduce
from operator import or_
from typing import Any

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
    Rule,
)
from .regions import ItemTest, ValueTest, field_test
from .space import AnswerSpace, CyclicPolicy

Extra = Callable[[int], bool]  # a part of a condition evaluated at a point
_ANSWER_TESTS = (AnswerIn, AnswerIncludes)


class Test:
    """A compiled condition: holds at `point` iff ``point & forbidden == 0`` and every extra holds."""

    __slots__ = ("extras", "forbidden")

    def __init__(self, forbidden: int, extras: tuple[Extra, ...] = ()) -> None:
        self.forbidden = forbidden
        self.extras = extras

    def holds(self, point: int) -> bool:
        if point & self.forbidden:
            return False
        return all(extra(point) for extra in self.extras) if self.extras else True


NEVER = Test(0, (lambda point: False,))
UNDECIDED = object()  # the value of a slot no rule decides
STEPS_PER_RULE = 2_000  # condition parts the search may look at for one rule before it leaves it to the engine


class Witnesses:
    """Points of one policy's answer space, and the search for a witness per rule."""

    def __init__(self, space: AnswerSpace) -> None:
        self.space = space
        self.policy: Policy = space.policy
        self.bits: list[int] = []  # per variable: the bits of all its values
        self.low: list[int] = []  # per variable: the bit of its value 0
        self._owner: dict[int, int] = {}  # a value's bit position -> its variable
        self._bit_of: dict[int, dict[Any, int]] = {}  # a question's variable -> each answer's class bit
        offset = 0
        for var, variable in enumerate(space.variables):
            size = len(variable.classes)
            self.bits.append(((1 << size) - 1) << offset)
            self.low.append(1 << offset)
            self._owner.update(dict.fromkeys(range(offset, offset + size), var))
            if not variable.is_choice:
                self._bit_of[var] = {v: 1 << (offset + i) for i, values in enumerate(variable.classes) for v in values}
            offset += size
        self.base = sum(self.low)  # every variable at value 0: the first class, an unpicked choice
        self._tests: dict[int, tuple[Condition, Test]] = {}
        self._accepts: dict[tuple[str, Any], tuple[int | None, int]] = {}  # see _atom_bits
        self._forbids: dict[tuple[str, Any], int] = {}  # an AnswerIn's first part of _atom_bits (-1: None)
        self._field_chains: dict[tuple[str, Any, bool], tuple[str, list[Condition], list[bool]]] = {}  # _field_chain
        self._facts: dict[str, Test] = {}
        self._chain: tuple[list[Test], list[int]] = ([], [])  # see _forbids_of
        self._in_progress: set[str] = set()
        self._asked = [(q, self.test(q.ask_when)) for q in self.policy.questions if q.ask_when != ALWAYS]
        self._asks_earlier = self._ask_whens_test_earlier_questions()
        self._repairs = [  # (question, ask_when, its variable or -1 for several choices, its "not asked" bit)
            (q, due, -1, 0) if q.kind == MULTIPLE else (q, due, space.var_of[q.id], self._unasked_bit(q))
            for q, due in self._asked]
        self._choices: dict[str, list[int]] = {}  # a several-choices question -> its choices' variables
        for (qid, _), var in space.choice_var.items():
            self._choices.setdefault(qid, []).append(var)
        self._values_at: tuple[int, dict[str, Any]] = (-1, {})
        self._steps = STEPS_PER_RULE
        self.start = self._repaired_start()

    # ---- compiling conditions -------------------------------------------------------
    def test(self, condition: Condition) -> Test:
        """The compiled form of a condition (memoised by identity, like the engines)."""
        found = self._tests.get(id(condition))
        if found is None:
            found = (condition, self._compile(condition))
            self._tests[id(condition)] = found  # keeps `condition` alive so its id stays unique
        return found[1]

    def _compile(self, condition: Condition) -> Test:
        if isinstance(condition, All):
            return self._all(condition.items)
        if isinstance(condition, AnyOf):
            items = [self._compile(item) for item in condition.items]
            return Test(0, (lambda point: any(item.holds(point) for item in items),))
        if isinstance(condition, FactIs):
            return self._fact(condition.fact)
        if isinstance(condition, Not) and not isinstance(condition.item, (AnswerIn, AnswerIncludes)):
            inner = self._compile(condition.item)
            return Test(0, (lambda point: not inner.holds(point),))
        if isinstance(condition, (Not, AnswerIn, AnswerIncludes)):
            forbidden = self._answer_forbids(condition)
            return NEVER if forbidden is None else Test(forbidden)
        return self._field(condition)

    def _all(self, items: tuple[Condition, ...]) -> Test:
        """A conjunction: the answer tests' forbidden bits in one mask (no object per test)."""
        cube = self._cube(items)
        if cube is not None:
            return NEVER if cube < 0 else Test(cube)
        forbidden, extras, accepts = 0, list[Extra](), self._accepts
        for item in items:
            kind = item.__class__
            if kind is AnswerIn:  # the common case first, looked up inline (20,000 rules: 119k tests)
                found = accepts.get((item.question, item.values)) or self._atom_bits(item)  # type: ignore[union-attr,arg-type]
                if found[0] is None:
                    return NEVER
                forbidden |= found[0]
            elif kind is Not and isinstance(item.item, _ANSWER_TESTS):  # type: ignore[union-attr]
                forbidden |= self._atom_bits(item.item)[1]  # type: ignore[union-attr]
            elif kind is AnswerIncludes:
                more = self._atom_bits(item)[0]  # type: ignore[arg-type]
                if more is None:
                    return NEVER
                forbidden |= more
            else:
                part = self._compile(item)
                forbidden |= part.forbidden
                extras += part.extras
        return Test(forbidden, tuple(extras))

    def _cube(self, items: tuple[Condition, ...]) -> int | None:
        """The forbidden bits of a conjunction of answer tests seen before (-1: it never holds),
        or None for any other conjunction. Most rules of a large policy are such a cube
        (bench/lint_scale.py 20000x40: 107,389 of 119,773 parts), so it is tried first, with no
        branch per part."""
        forbids, forbidden = self._forbids, 0
        try:
            for item in items:
                forbidden |= forbids[(item.question, item.values)]  # type: ignore[union-attr]
        except (AttributeError, KeyError):  # a part that is not an AnswerIn, or a test not seen yet
            return None
        return forbidden  # -1 | anything is -1

    def _answer_forbids(self, condition: Condition) -> int | None:
        """The bits where an answer test or its negation fails (None: it never holds)."""
        if isinstance(condition, Not):
            return self._atom_bits(condition.item)[1]  # type: ignore[arg-type]
        return self._atom_bits(condition)[0]  # type: ignore[arg-type]

    def _answer_bits(self, atom: AnswerIn | AnswerIncludes, want: bool) -> int | None:
        """The bits where an answer test is not `want` (None: it is never `want`)."""
        return self._atom_bits(atom)[0 if want else 1]

    def _atom_bits(self, atom: AnswerIn | AnswerIncludes) -> tuple[int | None, int]:
        """The bits where an answer test fails (None: it never holds), and where it holds.

        Memoised by what the test says: a large policy repeats a few tests thousands of times."""
        key = (atom.question, atom.values if isinstance(atom, AnswerIn) else atom.value)
        found = self._accepts.get(key)
        if found is None:
            if isinstance(atom, AnswerIn):
                var = self.space.var_of.get(atom.question)
                allowed = 0 if var is None else self._allowed(atom)
                found = (None, 0) if var is None else (self.bits[var] & ~allowed, allowed)
            else:
                var = self.space.choice_var.get((atom.question, atom.value))
                found = (None, 0) if var is None else (self.low[var], self.low[var] << 1)
            self._accepts[key] = found
            if isinstance(atom, AnswerIn):
                self._forbids[key] = -1 if found[0] is None else found[0]
        return found

    def _allowed(self, condition: AnswerIn) -> int:
        """The bits of the classes an answer test accepts (its question has a variable)."""
        bit_of, allowed = self._bit_of[self.space.var_of[condition.question]], 0
        for value in condition.values:
            allowed |= bit_of.get(value, 0)
        return allowed

    def _fact(self, name: str) -> Test:
        if name not in self._facts:
            self._facts[name] = self._guarded(f"fact {name!r}", lambda: self.test(self.policy.facts[name].when))
        return self._facts[name]

    def _field(self, condition: Condition) -> Test:
        found = field_test(self.policy, condition)
        if isinstance(found, ValueTest):
            slot, accept = found.slot, found.accept
            return Test(0, (lambda point: self._decided_as(slot, accept, point),))
        if isinstance(found, ItemTest):
            field, item = found.field, found.item
            return Test(0, (lambda point: self.has_item(field, item, point),))
        if found is None:
            raise TypeError(f"not a condition: {condition!r}")
        return NEVER

    def _guarded(self, name: str, make: Callable[[], Any]) -> Any:
        if name in self._in_progress:
            raise CyclicPolicy(f"{name} depends on itself")
        self._in_progress.add(name)
        try:
            return make()
        finally:
            self._in_progress.discard(name)

    # ---- decided fields at a point ------------------------------------------------------
    def _decided_as(self, slot: str, accept: Callable[[Any], bool], point: int) -> bool:
        """Whether `slot` is decided at `point` to a value `accept` accepts (undecided never is)."""
        value = self.slot_value(slot, point)
        return value is not UNDECIDED and accept(value)

    def slot_value(self, slot: str, point: int) -> Any:
        """The value the first matching rule gives `slot` at `point` (``UNDECIDED`` if none matches)."""
        values = self._values(point)
        if slot not in values:
            values[slot] = self._guarded(f"field {slot!r}", lambda: self._first_value(slot, point))
        return values[slot]

    def _first_value(self, slot: str, point: int) -> Any:
        for rule, assignment in self.policy.rules_for(slot):
            if self.test(rule.when).holds(point):
                return assignment.value
        return UNDECIDED

    def has_item(self, field: str, item: str, point: int) -> bool:
        """Whether some rule adding `item` to the set field matches at `point`."""
        values = self._values(point)
        key = f"{field}[{item}]"
        if key not in values:
            values[key] = self._guarded(f"field {field!r}", lambda: any(
                item in assignment.value and self.test(rule.when).holds(point)
                for rule, assignment in self.policy.rules_for(field)))
        return bool(values[key])

    def _values(self, point: int) -> dict[str, Any]:
        if self._values_at[0] != point:
            self._values_at = (point, {})
        return self._values_at[1]

    # ---- cubes that make a condition true or false ------------------------------------
    def make(self, condition: Condition, want: bool, forbidden: int) -> int | None:
        """`forbidden` grown so that `condition` is `want` at every point avoiding it (None if
        the greedy choice fails: of several ways, the first that fits is taken, not all tried)."""
        self._steps -= 1
        if self._steps < 0:
            return None
        if isinstance(condition, (AnswerIn, AnswerIncludes)):
            more = self._answer_bits(condition, want)
            return None if more is None else self._narrow(forbidden, more)
        if isinstance(condition, Not):
            return self.make(condition.item, not want, forbidden)
        if isinstance(condition, (All, AnyOf)):
            if isinstance(condition, All) == want:  # every item must be `want`
                return self._make_each(condition.items, want, forbidden)
            # Breaking a conjunction: its last tests first (in a rule list shaped like a
            # decision tree, the leaf's own test), so the point moves to a sibling leaf.
            items = condition.items[::-1] if want is False else condition.items
            return self._make_one(items, want, forbidden)
        if isinstance(condition, FactIs):
            return self._guarded(f"fact {condition.fact!r}", lambda: self.make(
                self.policy.facts[condition.fact].when, want, forbidden))
        return self._make_field(condition, want, forbidden)

    def _make_rest(self, condition: Condition, forbidden: int) -> int | None:
        """Like ``make(condition, True, ...)`` where `forbidden` already holds the answer tests
        of a conjunction: only its other parts are looked at."""
        if not isinstance(condition, All):
            return self.make(condition, True, forbidden)
        rest = [item for item in condition.items if not isinstance(item, _ANSWER_TESTS)
                and not (isinstance(item, Not) and isinstance(item.item, _ANSWER_TESTS))]
        return self._make_each(rest, True, forbidden)

    def _make_each(self, items: Sequence[Condition], want: bool, forbidden: int | None) -> int | None:
        for item in items:
            if forbidden is None:
                return None
            forbidden = self.make(item, want, forbidden)
        return forbidden

    def _make_one(self, items: tuple[Condition, ...], want: bool, forbidden: int) -> int | None:
        for item in items:
            found = self.make(item, want, forbidden)
            if found is not None:
                return found
        return None

    def _make_field(self, condition: Condition, want: bool, forbidden: int) -> int | None:
        """A decided field's test: some rule of its chain decides first with a fitting value,
        or (where undecided fits) none matches."""
        chain = self._field_chain(condition, want)
        if chain is None:
            return None if want else forbidden
        slot, rules, fits = chain
        # An undecided slot passes no test of its value, so "none matches" fits only `want` False.
        return self._guarded(f"field {slot!r}", lambda: self._make_first(rules, fits, not want, forbidden))

    def _field_chain(self, condition: Condition, want: bool) -> tuple[str, list[Condition], list[bool]] | None:
        """The rules deciding a tested field, and which of them give it a value the test is `want`
        for (None: a test that never holds).

        Memoised by what the test says, not by the condition object: on bench/lint_scale.py
        20000x40, 1,247 rules test a field, with a few dozen distinct tests."""
        found = field_test(self.policy, condition)
        if found is None:
            raise TypeError(f"not a condition: {condition!r}")
        if isinstance(found, bool):
            return None
        key = (found.slot, found.key, want) if isinstance(found, ValueTest) else (found.field, found.item, want)
        if key not in self._field_chains:
            self._field_chains[key] = self._field_chain_of(found, want)
        return self._field_chains[key]

    def _field_chain_of(self, found: ValueTest | ItemTest, want: bool) -> tuple[str, list[Condition], list[bool]]:
        if isinstance(found, ValueTest):
            pairs = [(rule, found.accept(a.value) == want) for rule, a in self.policy.rules_for(found.slot)]
            return found.slot, [rule.when for rule, _ in pairs], [fits for _, fits in pairs]
        rules = [rule.when for rule, a in self.policy.rules_for(found.field) if found.item in a.value]
        return found.field, rules, [want] * len(rules)

    def _make_first(self, rules: list[Condition], fits: list[bool], fits_undecided: bool, forbidden: int) -> int | None:
        for position, when in enumerate(rules):
            if fits[position]:
                found = self._make_each(rules[:position], False, self.make(when, True, forbidden))
                if found is not None:
                    return found
        return self._make_each(rules, False, forbidden) if fits_undecided else None

    def _narrow(self, forbidden: int, more: int) -> int | None:
        """`forbidden | more`, or None if that leaves some variable no value."""
        new = more & ~forbidden
        result = forbidden | more
        while new:
            bits = self.bits[self._owner[(new & -new).bit_length() - 1]]
            if not bits & ~result:
                return None
            new &= ~bits
        return result

    # ---- points -------------------------------------------------------------------------
    def point_avoiding(self, forbidden: int) -> tuple[int | None, tuple[Condition, bool] | None]:
        """A valid point with none of the `forbidden` bits, or (None, what it needs).

        Each variable takes value 0 unless that is forbidden (then its first allowed
        value); then each conditional question, in asking order, is made asked exactly
        when its ask_when holds. Where `forbidden` rules that out, the second part says
        which ask_when must be true or false."""
        point = self.start
        clash = point & forbidden
        changed = -1 if not self._asks_earlier else 0  # the bits of the variables moved from `start`
        owner, all_bits = self._owner, self.bits
        while clash:  # ``_set`` inline: this loop runs once per tested variable of every rule
            bits = all_bits[owner[(clash & -clash).bit_length() - 1]]
            allowed = bits & ~forbidden
            if not allowed:
                return None, None
            point = (point & ~bits) | (allowed & -allowed)
            clash &= ~bits
            changed |= bits
        if not changed & self._watching:
            return (point, None) if self._asks_earlier or self.is_valid(point) else (None, None)
        for (question, due, var, unasked), watched in zip(self._repairs, self._watched, strict=True):
            if not changed & watched:
                continue  # consistent at `start`, and nothing it depends on moved
            before = point
            is_due = due.holds(point)
            if var < 0:
                point = self._ask_if_due(point, question, is_due, forbidden)
            elif is_due != (not point & unasked):
                point = self._set(point, var, forbidden, also=unasked) if is_due else \
                    self._set(point, var, forbidden | (self.bits[var] & ~unasked))
            if point < 0:
                return None, (question.ask_when, not is_due)
            if point != before:
                changed |= self._own_bits(question)
        return (point, None) if self._asks_earlier or self.is_valid(point) else (None, None)

    def _own_bits(self, question: Question) -> int:
        """The bits of a question's variables."""
        if question.kind == MULTIPLE:
            return sum(self.bits[var] for var in self._choices.get(question.id, ()))
        return self.bits[self.space.var_of[question.id]]

    def _repaired_start(self) -> int:
        """The point every search starts from: each variable at value 0, then made valid."""
        self.start, self._watched, self._watching = self.base, [-1] * len(self._repairs), -1
        self._asks_earlier, earlier = False, self._asks_earlier
        point, _ = self.point_avoiding(0)
        self._asks_earlier = earlier
        self._watched = [self._own_bits(q) | sum(self.bits[v] for v in set(self.space.tested_vars(q.ask_when)))
                         for q, *_ in self._repairs]
        self._watching = reduce(or_, self._watched, 0)  # what any repair looks at
        return point if point is not None else self.base

    def _set(self, point: int, var: int, forbidden: int, also: int = 0) -> int:
        """`point` with `var` at its first value allowed by `forbidden` and `also` (-1: none is)."""
        allowed = self.bits[var] & ~forbidden & ~also
        return -1 if not allowed else (point & ~self.bits[var]) | (allowed & -allowed)

    def _ask_if_due(self, point: int, question: Question, due: bool, forbidden: int) -> int:
        if question.kind == MULTIPLE:
            if due:
                return point
            for var in self._choices.get(question.id, ()):
                if not point & self.low[var]:
                    point = self._set(point, var, forbidden | (self.low[var] << 1))
                    if point < 0:
                        return -1
            return point
        var = self.space.var_of[question.id]
        unasked = self._unasked_bit(question)
        if due == (not point & unasked):
            return point
        if due:
            return self._set(point, var, forbidden, also=unasked)
        return self._set(point, var, forbidden | (self.bits[var] & ~unasked))

    def is_valid(self, point: int) -> bool:
        """Whether every question is asked exactly when its ask_when holds at `point`."""
        for question, due in self._asked:
            holds = due.holds(point)
            if question.kind == MULTIPLE:
                if not holds and any(not point & self.low[var] for var in self._choices.get(question.id, ())):
                    return False
            elif holds == bool(point & self._unasked_bit(question)):
                return False
        return True

    def _ask_whens_test_earlier_questions(self) -> bool:
        """Whether every ask_when tests only questions asked before its own (as the loader
        requires): then one pass in asking order leaves a point valid, with nothing to recheck."""
        order = {q.id: i for i, q in enumerate(self.policy.questions)}
        variables = self.space.variables
        return all(order[variables[var].question.id] < order[question.id]
                   for question, _ in self._asked for var in self.space.tested_vars(question.ask_when))

    def _unasked_bit(self, question: Question) -> int:
        bits = self.bits[self.space.var_of[question.id]]
        return bits & ~(bits >> 1)  # the last value: "not asked"

    def path(self, point: int) -> dict[int, int]:
        """A point as the engines' paths: each variable's value index."""
        return {var: (point & bits).bit_length() - low.bit_length() for var, (bits, low) in
                enumerate(zip(self.bits, self.low, strict=True))}

    # ---- the search -----------------------------------------------------------------------
    def alive(self) -> dict[str, tuple[str, int]]:
        """The rules with a witness: rule id -> (the chain it decides first, the point)."""
        found: dict[str, tuple[str, int]] = {}
        for name, rules in self.policy.chains():
            if all(rule.id in found for rule in rules):
                continue
            tests = self._tests_of(rules)
            for position, rule in enumerate(rules if tests else ()):
                if rule.id not in found:
                    point = self._witness(rules, tests, position)
                    if point is not None:
                        found[rule.id] = (name, point)
        return found

    def _tests_of(self, rules: list[Rule]) -> list[Test]:
        """The chain's compiled conditions ([] if one cannot be compiled: the engines report why)."""
        try:
            return [self.test(rule.when) for rule in rules]
        except (CyclicPolicy, RecursionError):
            return []

    def _witness(self, rules: list[Rule], tests: list[Test], position: int) -> int | None:
        """A valid point where rules[position] matches and no earlier rule does, or None.

        Each round either returns, or makes one more earlier rule (or ask_when) false
        for good, so there are at most `position` + one per question rounds."""
        own = tests[position]
        try:
            self._steps = STEPS_PER_RULE
            if own.extras:  # first without making them true: often they already are (then it is cheaper)
                point = self._search(rules, tests, position, own.forbidden)
                if point is not None:
                    return point
                self._steps = STEPS_PER_RULE
                return self._search(rules, tests, position, self._make_rest(rules[position].when, own.forbidden))
            return self._search(rules, tests, position, own.forbidden)
        except (CyclicPolicy, RecursionError):
            return None  # the engines report these

    def _forbids_of(self, tests: list[Test]) -> list[int]:
        """The forbidden bits of a chain's tests (made once per chain: its rules are searched in turn)."""
        if self._chain[0] is not tests:
            self._chain = (tests, [test.forbidden for test in tests])
        return self._chain[1]

    def _search(self, rules: list[Rule], tests: list[Test], position: int, forbidden: int | None) -> int | None:
        """``_witness`` among the points avoiding `forbidden`."""
        own, forbids = tests[position], self._forbids_of(tests)
        for _ in range(position + len(self._asked) + 1):
            if forbidden is None:
                return None
            point, needs = self.point_avoiding(forbidden)
            if point is None:
                forbidden = None if needs is None else self.make(needs[0], needs[1], forbidden)
                continue
            if own.extras and not own.holds(point):  # a cube holds wherever its forbidden bits are avoided
                return None
            first = _first_holding(tests, forbids, position, point)
            if first is None:
                return point
            forbidden = self.make(rules[first].when, False, forbidden)
        return None


def _first_holding(tests: list[Test], forbids: list[int], end: int, point: int) -> int | None:
    """The position of the first of tests[:end] that holds at `point`. A loop over their
    forbidden bits first (it runs for every rule and each earlier rule: 400k times on
    bench/lint_scale.py 20000x40); a test's other parts only where those pass."""
    for position in range(end):
        if not point & forbids[position]:
            extras = tests[position].extras
            if not extras or all(extra(point) for extra in extras):
                return position
    return None
