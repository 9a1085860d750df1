"""The second engine: the same checks as a SAT solver's "is there a valid incident where ...?".

The decision diagram (``analysis``) is canonical and fast while it stays small; some
policies make it large whatever the variable order (many rules of unrelated tests).
A SAT solver (python-sat's CaDiCaL) never builds the whole answer space: each check
encodes only what it asks about (the valid space, the rules of one chain, one
invariant) as clauses and asks one question per rule or slot, with a model that is a
real answers file when the answer is yes. Built on the diagram's variable layout
(``space.AnswerSpace``), so both engines read and write the same points.

Encoding (Tseitin): each answer class of a question is a Boolean (exactly one per
question, "not asked" included), each tested choice of a several-choices question is
one; a condition is a literal defined by clauses; a single-valued slot's value follows
the first matching rule of its chain; the valid space (each question asked exactly
when its ask_when holds) is a set of clauses every question shares.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from pysat.solvers import Solver

from ..policy.model import (
    ALWAYS,
    MULTIPLE,
    SET,
    All,
    AnswerIn,
    AnswerIncludes,
    AnyOf,
    Condition,
    FactIs,
    Not,
    Question,
    Rule,
)
from .diagram import BudgetExceeded
from .regions import ItemTest, ValueTest, field_test
from .results import MINIMISE_UP_TO, BrokenInvariant, Conflict, DeadRule, Gap
from .space import AnswerSpace, CyclicPolicy
from .witness import answers_at, describe_around

SOLVER = "cadical153"
CONFLICTS_PER_QUESTION = 200_000  # a single question that needs more is past the budget


class Formula:
    """One solver holding the valid space and the conditions encoded so far."""

    def __init__(self, space: AnswerSpace, engine: SatEngine) -> None:
        self.space, self.policy, self.engine = space, space.policy, engine
        self.solver = Solver(name=SOLVER)
        self.top = 1
        self.solver.add_clause([1])  # variable 1 is true
        self.classes: dict[int, list[int]] = {}  # diagram variable -> its value literals (made on use)
        self._constrained: set[str] = set()
        self._compiled: dict[int, tuple[Condition, int]] = {}
        self._facts: dict[str, int] = {}
        self._slots: dict[str, list[tuple[Any, int]]] = {}
        self._items: dict[tuple[str, str], int] = {}
        self._in_progress: set[str] = set()
        self._core: set[int] | None = None

    def close(self) -> None:
        self.solver.delete()

    # ---- literals and definitions ----------------------------------------------------
    def new(self) -> int:
        self.top += 1
        return self.top

    def _variable(self, size: int) -> list[int]:
        """Literals for "the variable takes value i", exactly one of them true."""
        if size == 2:
            x = self.new()
            return [-x, x]
        lits = [self.new() for _ in range(size)]
        self.solver.add_clause(lits)
        for i, a in enumerate(lits):
            for b in lits[i + 1 :]:
                self.solver.add_clause([-a, -b])
        return lits

    def all_of(self, lits: Iterable[int]) -> int:
        """A literal equivalent to the conjunction of `lits`."""
        items = set(lits)
        if -1 in items:
            return -1
        items.discard(1)
        if not items:
            return 1
        if len(items) == 1:
            return items.pop()
        g = self.new()
        for x in items:
            self.solver.add_clause([-g, x])
        self.solver.add_clause([g, *(-x for x in items)])
        return g

    def any_of(self, lits: Iterable[int]) -> int:
        """A literal equivalent to the disjunction of `lits`."""
        return -self.all_of([-x for x in lits])

    def value_in(self, var: int, allowed: Iterable[int]) -> int:
        """A literal for "variable `var` takes one of the `allowed` value indexes"."""
        lits, allowed = self.lits(var), list(allowed)
        if len(allowed) == 1:
            return lits[allowed[0]]
        return 1 if len(allowed) == len(lits) else self.any_of([lits[i] for i in allowed])

    def lits(self, var: int) -> list[int]:
        """The value literals of a diagram variable, with its question's part of the valid space.

        Only the variables a check's conditions reach are encoded, with the ask_when of
        their questions (and of those, in turn): any such partial answers extend to a
        full valid answer set, question by question in asking order, so the solver
        answers the same as over every question, on a formula the size of the check."""
        found = self.classes.get(var)
        if found is None:
            found = self.classes[var] = self._variable(len(self.space.variables[var].classes))
            self._constrain(self.space.variables[var].question)
        return found

    def _constrain(self, question: Question) -> None:
        """Asked exactly when due: the valid space, for one question."""
        if question.ask_when == ALWAYS or question.id in self._constrained:
            return
        self._constrained.add(question.id)
        due = self.compile(question.ask_when)
        if question.kind == MULTIPLE:
            for (qid, _), var in self.space.choice_var.items():
                if qid == question.id:
                    self.solver.add_clause([due, -self.lits(var)[1]])
        else:
            unasked = self.lits(self.space.var_of[question.id])[-1]
            self.solver.add_clause([-due, -unasked])
            self.solver.add_clause([due, unasked])

    # ---- conditions -------------------------------------------------------------------
    def compile(self, condition: Condition) -> int:
        """A literal that holds exactly where `condition` does."""
        found = self._compiled.get(id(condition))
        if found is None:
            found = (condition, self._compile(condition))
            self._compiled[id(condition)] = found  # keeps `condition` alive so its id stays unique
        return found[1]

    def _compile(self, condition: Condition) -> int:
        if isinstance(condition, All):
            return self.all_of([self.compile(c) for c in condition.items])
        if isinstance(condition, AnyOf):
            return self.any_of([self.compile(c) for c in condition.items])
        if isinstance(condition, Not):
            return -self.compile(condition.item)
        if isinstance(condition, AnswerIn):
            var = self.space.var_of.get(condition.question)
            if var is None:
                return -1
            classes = self.space.variables[var].classes
            return self.value_in(var, [i for i, c in enumerate(classes) if c and c[0] in condition.values])
        if isinstance(condition, AnswerIncludes):
            var = self.space.choice_var.get((condition.question, condition.value))
            return -1 if var is None else self.lits(var)[1]
        if isinstance(condition, FactIs):
            return self._fact(condition.fact)
        return self._field(condition)

    def _fact(self, name: str) -> int:
        if name not in self._facts:
            self._facts[name] = self._guarded(f"fact {name!r}", lambda: self.compile(self.policy.facts[name].when))
        return self._facts[name]

    def _field(self, condition: Condition) -> int:
        test = field_test(self.policy, condition)
        if isinstance(test, ValueTest):
            return self.any_of(lit for value, lit in self.slot_values(test.slot) if test.accept(value))
        if isinstance(test, ItemTest):
            return self.has_item(test.field, test.item)
        if test is None:
            raise TypeError(f"not a condition: {condition!r}")
        return -1

    def _guarded(self, name: str, make: Any) -> Any:
        if name in self._in_progress:
            raise CyclicPolicy(f"{name} depends on itself")
        self._in_progress.add(name)
        try:
            return make()
        finally:
            self._in_progress.discard(name)

    # ---- decided fields ------------------------------------------------------------------
    def matches(self, rules: Iterable[Rule], name: str) -> list[int]:
        """The literal of each rule's condition (rules of field `name`, which they may not test)."""
        rules = list(rules)
        return self._guarded(f"field {name.split('.')[0].split('[')[0]!r}", lambda: [self.compile(r.when) for r in rules])

    def slot_values(self, slot: str) -> list[tuple[Any, int]]:
        """Each value of a single-valued slot's rules, with a literal for "the slot takes it"."""
        if slot not in self._slots:
            pairs = self.policy.rules_for(slot)
            lits = self.matches((r for r, _ in pairs), slot)
            values: list[tuple[Any, list[int]]] = []
            none_before = 1
            for (_, assignment), match in zip(pairs, lits, strict=True):
                first = self.all_of([none_before, match])
                none_before = self.all_of([none_before, -match])
                for value, firsts in values:
                    if value == assignment.value:
                        firsts.append(first)
                        break
                else:
                    values.append((assignment.value, [first]))
            self._slots[slot] = [(value, self.any_of(firsts)) for value, firsts in values]
        return self._slots[slot]

    def has_item(self, field: str, item: str) -> int:
        """A literal for "the set field has `item`"."""
        key = (field, item)
        if key not in self._items:
            rules = [r for r, a in self.policy.rules_for(field) if item in a.value]
            self._items[key] = self.any_of(self.matches(rules, field))
        return self._items[key]

    # ---- asking -----------------------------------------------------------------------------
    def satisfiable(self, assumptions: list[int]) -> bool:
        """Whether some valid answers make every assumption true."""
        self.engine.check_clock()
        if -1 in assumptions:
            self._core = {-1}
            return False
        self._core = None
        self.solver.conf_budget(CONFLICTS_PER_QUESTION)
        answer = self.solver.solve_limited(assumptions=[a for a in assumptions if a != 1])
        if answer is None:
            raise BudgetExceeded(f"needed more than {CONFLICTS_PER_QUESTION:,} conflicts for one question")
        return answer

    def core(self) -> set[int]:
        """The assumptions the last unsatisfiable answer needed."""
        return self._core if self._core is not None else set(self.solver.get_core() or ())

    def point(self) -> dict[int, int]:
        """The last model as a point: each encoded variable's value index (the others are free)."""
        true = {lit for lit in self.solver.get_model() if lit > 0}
        point = {}
        for var, lits in sorted(self.classes.items()):
            point[var] = next((i for i, lit in enumerate(lits) if (lit in true if lit > 0 else -lit not in true)), 0)
        return point

    def answers(self) -> dict[str, Any]:
        """The last model as an answers file."""
        return answers_at(self.space, self.point())

    def box(self, literals: dict[int, set[int]]) -> list[int]:
        """Assumptions for "each listed variable takes one of its allowed values"."""
        return [self.value_in(var, sorted(allowed)) for var, allowed in literals.items()]


class SatEngine:
    """The checks of ``analysis.Analysis``, answered by a SAT solver within `seconds`."""

    def __init__(self, space: AnswerSpace, seconds: float) -> None:
        self.policy = space.policy
        self.space = space  # for its variable layout (its diagram stays empty)
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"ran past its time budget of {self.seconds:g} s")

    def formula(self) -> Formula:
        return Formula(self.space, self)

    # ---- the checks ----------------------------------------------------------------------
    def gaps(self) -> Iterator[Gap]:
        for spec in self.policy.fields.values():
            if not spec.required or spec.type == SET:
                continue
            for slot in spec.slots():
                rules = [r for r, _ in self.policy.rules_for(slot)]
                if any(rule.when == ALWAYS for rule in rules):
                    continue
                f = self.formula()
                try:
                    matches = f.matches(rules, slot)
                    if f.satisfiable([-m for m in matches]):
                        point = f.point()
                        yield Gap(spec, slot, answers_at(self.space, point), self._describe(f, point, matches))
                finally:
                    f.close()

    def _describe(self, f: Formula, point: dict[int, int], matches: list[int]) -> str:
        """The region of undecided answers around `point`, in words."""
        decided = f.any_of(matches)
        return describe_around(self.space, point, lambda box: not f.satisfiable([*f.box(box), decided]))

    def dead_rules(self, known_alive: Iterable[str] = ()) -> Iterator[DeadRule]:
        """The rules that decide nothing; rules in `known_alive` are not asked about."""
        alive: set[str] = set(known_alive)
        never: set[str] = self._never_matching([r for r in self.policy.rules if r.id not in alive]) if alive else set()
        shadowing: dict[str, dict[str, Rule]] = {}
        for chain in self.policy.chains():
            self._walk_chain(chain, alive, never, shadowing)
        for rule in self.policy.rules:
            if rule.id in never:
                yield DeadRule(rule, never_matches=True)
            elif rule.id not in alive:
                found = sorted(shadowing.get(rule.id, {}).values(), key=lambda r: r.index)
                yield DeadRule(rule, never_matches=False, shadowing=tuple(found))

    def _never_matching(self, rules: list[Rule]) -> set[str]:
        """Of a few rules left to prove, those that match no valid answers, asked in one formula:
        then no chain needs encoding for them (a chain holds every rule before them)."""
        never: set[str] = set()
        f = self.formula()
        try:
            for rule in rules:
                match = f.matches([rule], rule.sets[0].slot if rule.sets else rule.id)[0]
                if not f.satisfiable([match]):
                    never.add(rule.id)
        finally:
            f.close()
        return never

    def _walk_chain(self, chain: tuple[str, list[Rule]], alive: set[str], never: set[str],
                    shadowing: dict[str, dict[str, Rule]]) -> None:
        """Which rules of one chain decide it somewhere; for the others, which earlier rules cover them."""
        name, rules = chain
        unknown = [i for i, rule in enumerate(rules) if rule.id not in alive and rule.id not in never]
        if not unknown:
            return
        rules = rules[: unknown[-1] + 1]  # the rules after the last one asked about play no part
        f = self.formula()
        try:
            matches = f.matches(rules, name)
            for i, rule in enumerate(rules):
                if rule.id in alive or rule.id in never:
                    continue
                before: dict[int, Rule] = {}  # an earlier rule's negated literal -> the first rule with it
                for match, earlier in zip(matches[:i], rules[:i], strict=True):
                    before.setdefault(-match, earlier)
                if f.satisfiable([matches[i], *before]):
                    alive.add(rule.id)
                elif not f.satisfiable([matches[i]]):
                    never.add(rule.id)
                else:
                    f.satisfiable([matches[i], *before])  # again, for its core
                    cover = self._minimal_cover(f, matches[i], [lit for lit in before if lit in f.core()])
                    shadowing.setdefault(rule.id, {}).update({before[lit].id: before[lit] for lit in cover})
        finally:
            f.close()

    def _minimal_cover(self, f: Formula, match: int, cover: list[int]) -> list[int]:
        """The earlier rules' negated literals of an unsatisfiable core, less those not needed."""
        if len(cover) > MINIMISE_UP_TO:
            return cover
        for lit in list(cover):
            rest = [x for x in cover if x != lit]
            if not f.satisfiable([match, *rest]):
                cover = rest
        return cover

    def conflicts(self) -> Iterator[Conflict]:
        from .analysis import conflict_candidates

        for slot, pairs in conflict_candidates(self.policy):
            f = self.formula()
            try:
                for rule_a, before_a, rule_b, before_b in pairs:
                    firsts = [f.compile(rule_a.when), f.compile(rule_b.when)]
                    unmatched = [-f.compile(r.when) for r in (*before_a, *before_b)]
                    if f.satisfiable(firsts + unmatched):
                        yield Conflict(slot, rule_a, rule_b, f.answers())
            finally:
                f.close()

    def broken_invariants(self) -> Iterator[BrokenInvariant]:
        for invariant in self.policy.invariants:
            f = self.formula()
            try:
                if f.satisfiable([f.compile(invariant.when), -f.compile(invariant.require)]):
                    yield BrokenInvariant(invariant, f.answers())
            finally:
                f.close()

    def never_asked(self) -> Iterator[Question]:
        f = self.formula()
        try:
            for question in self.policy.questions:
                if question.ask_when != ALWAYS and not f.satisfiable([f.compile(question.ask_when)]):
                    yield question
        finally:
            f.close()
