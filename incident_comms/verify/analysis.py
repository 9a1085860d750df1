"""What ``comms lint`` proves about a policy, over every valid answer set at once.

Two engines answer each question. The decision diagram (``regions``) is the first:
it is fast on the policies people write. Each check starts it on a fresh budget
(nodes, search steps, time), so one hard check cannot spend the next one's, and
a diagram already larger than one budget is dropped between checks, which bounds
memory. When a check runs past the diagram's budget, the SAT engine (``sat``,
python-sat) answers the same check from scratch; ``BudgetExceeded`` is raised only
when both could not finish, and its message says why for each.

Each question is a generator, so findings made before a budget runs out still
reach the user; the second engine does not repeat them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Any

from ..policy.model import ALWAYS, SET, Policy, Question, Rule
from .diagram import FALSE, BudgetExceeded
from .regions import Chain, PolicyRegions
from .results import MINIMISE_UP_TO, BrokenInvariant, Conflict, DeadRule, Gap
from .space import AnswerSpace, CyclicPolicy
from .witness import answers_at, counterexample, describe_around

if TYPE_CHECKING:
    from .sat import SatEngine

MAX_NODES = 500_000  # per check (README, "Two engines, a budget per check")
SECONDS = 20.0  # per check and engine
ENGINES = ("auto", "diagram", "sat")
ENGINE_NAMES = {"diagram": "the decision diagram", "sat": "the SAT solver"}
# From this many rules the SAT engine goes first: on bench/lint_scale.py it was as fast
# at 300 rules, 1.5x faster at 1,000 and 1.2-10x faster on every case from 2,000 rules;
# the diagram is faster below (the default policy: no solver to import).
SAT_FIRST_FROM = 500
_FRAMES_PER_VARIABLE = 4  # diagram operations recurse once per variable, a few frames each


class Analysis:
    """One policy's analysis, shared by the checks of a lint run (built lazily).

    `engine`: ``auto`` (the diagram, then SAT past its budget), ``diagram`` or ``sat``
    (one engine only; the tests compare them)."""

    def __init__(self, policy: Policy, max_nodes: int = MAX_NODES, seconds: float = SECONDS, engine: str = "auto",
                 quick: bool | None = None) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}")
        self.policy = policy
        self.quick = quick  # witnesses before proofs (points.py); None: where the solver goes first
        self.max_nodes = max_nodes
        self.seconds = seconds
        self.engine = engine
        self._regions: PolicyRegions | None = None
        self._layout: AnswerSpace | None = None
        self.engines_used: dict[str, str] = {}  # check -> the engine that finished it

    @property
    def regions(self) -> PolicyRegions:
        """The compiled answer space (built on first use)."""
        if self._regions is None:
            self._regions = PolicyRegions(self.policy, self.max_nodes, self.seconds)
        return self._regions

    def sat(self) -> SatEngine:
        """A SAT engine with a fresh time budget (python-sat is imported only now)."""
        from .sat import SatEngine

        if self._layout is None:
            self._layout = AnswerSpace(self.policy)  # the variables only: no diagram is built
        return SatEngine(self._layout, self.seconds)

    def layout(self) -> AnswerSpace:
        """The variables of the answer space: the first engine's (no diagram is built for them)."""
        if self._regions is not None or self.engine_order()[0] == "diagram":
            return self.regions
        if self._layout is None:
            self._layout = AnswerSpace(self.policy)
        return self._layout

    # ---- running a check on the engines ---------------------------------------------
    def engine_order(self) -> tuple[str, ...]:
        """The engines to try, first to last."""
        if self.engine != "auto":
            return (self.engine,)
        return ("sat", "diagram") if len(self.policy.rules) >= SAT_FIRST_FROM else ("diagram", "sat")

    def _run(self, check: str, by_diagram: Callable[[], Iterator[Any]], by_sat: Callable[[SatEngine], Iterator[Any]],
             key: Callable[[Any], Hashable]) -> Iterator[Any]:
        seen: set[Hashable] = set()
        stopped: list[str] = []
        for engine in self.engine_order():
            try:
                for finding in self._findings(engine, by_diagram, by_sat):
                    if key(finding) not in seen:
                        seen.add(key(finding))
                        yield finding
                self.engines_used[check] = engine
                return
            except BudgetExceeded as stop:
                stopped.append(f"{ENGINE_NAMES[engine]} {stop}")
            except RecursionError:
                stopped.append(f"{ENGINE_NAMES[engine]}: the conditions nest too deeply")
            self._regions = None  # perhaps at its budget: let it go before the next engine starts
        raise BudgetExceeded("; ".join(stopped))

    def _findings(self, engine: str, by_diagram: Callable[[], Iterator[Any]],
                  by_sat: Callable[[SatEngine], Iterator[Any]]) -> Iterator[Any]:
        if engine == "sat":
            return by_sat(self.sat())
        self._start_diagram_check()
        return by_diagram()

    def _start_diagram_check(self) -> None:
        if self._regions is not None and self._regions.diagram.size > self.max_nodes:
            self._regions = None  # memory: never more than about two budgets' worth of nodes
        depth = _FRAMES_PER_VARIABLE * len(self.regions.variables) + 200
        if depth > sys.getrecursionlimit():
            raise BudgetExceeded(f"needs a recursion limit of {depth:,} for {len(self.regions.variables)} variables")
        self.regions.diagram.start_budget()

    # ---- gaps -----------------------------------------------------------------------
    def gaps(self) -> Iterator[Gap]:
        """Required single-valued slots left undecided by some valid answers.

        A required records field's slots are its keys: each must be decided, to a
        record or to ``none`` (undecided is not none).
        """
        return self._run("gaps", self._gaps, lambda sat: sat.gaps(), key=lambda gap: gap.slot)

    def _gaps(self) -> Iterator[Gap]:
        space, dd = self.regions, self.regions.diagram
        for spec in self.policy.fields.values():
            if not spec.required or spec.type == SET:
                continue
            for slot in spec.slots():
                chain = space.slot_chain(slot)
                if any(rule.when == ALWAYS for rule in chain.rules):
                    continue  # a catch-all decides everything left
                parts = space.rule_regions(chain)  # covered without building their union
                path = dd.uncovered_path(space.valid, parts)
                if path is not None:
                    yield Gap(spec, slot, answers_at(space, path), describe_around(space, path, _outside(space, parts)))

    # ---- dead rules -------------------------------------------------------------------
    def dead_rules(self) -> Iterator[DeadRule]:
        """Rules that match no valid answers, or decide nothing wherever they match.

        Rules with a witness (valid answers where they decide something first, found by
        a quick search: ``points``) are alive; the engines prove only the others. By
        default the search runs where the SAT engine goes first: there it cut dead-rules
        on bench/lint_scale.py 20000x40 from about 2 s to about 0.5 s; on the default
        policy the diagram alone is faster (its checks share the compiled rules)."""
        quick = self.engine_order()[0] == "sat" if self.quick is None else self.quick
        alive = set(self.witnesses()) if quick else set()
        return self._run("dead-rules", lambda: self._dead_rules(alive), lambda sat: sat.dead_rules(alive),
                         key=lambda dead: dead.rule.id)

    def witnesses(self) -> dict[str, tuple[str, int]]:
        """The rules a quick search shows alive: rule id -> (its chain, a point of ``points.Witnesses``)."""
        from .points import Witnesses

        try:
            return Witnesses(self.layout()).alive()
        except (CyclicPolicy, RecursionError):
            return {}  # the engines say why

    def _dead_rules(self, alive: set[str]) -> Iterator[DeadRule]:
        if all(rule.id in alive for rule in self.policy.rules):
            return
        space, dd = self.regions, self.regions.diagram
        invalid = dd.neg(space.valid)  # as small as the valid space; a rule ∧ valid may not be
        for rule in self.policy.rules:
            if rule.id in alive:
                continue
            where = space.rule(rule)
            if dd.disjoint(where, space.valid):
                yield DeadRule(rule, never_matches=True)
                continue
            chains = self._chains_of(rule)
            # First in a chain, it decides that chain wherever it matches validly: shown just above.
            if all(c.position(rule) and dd.covered_by(where, [*space.covered_before(c, c.position(rule)), invalid])
                   for c in chains):
                yield DeadRule(rule, never_matches=False, shadowing=self._shadowing(rule, chains, where, invalid))

    def _chains_of(self, rule: Rule) -> list[Chain]:
        """The slots and set items `rule` decides, as the chains of rules that decide them."""
        space = self.regions
        chains = []
        for assignment in rule.sets:
            if self.policy.slot_spec(assignment.slot).type == SET:
                chains += [space.item_chain(assignment.slot, item) for item in assignment.value]
            else:
                chains.append(space.slot_chain(assignment.slot))
        return chains

    def _shadowing(self, rule: Rule, chains: list[Chain], where: int, invalid: int) -> tuple[Rule, ...]:
        """A small set of earlier rules that together decide, first, all that `rule` would."""
        found: dict[str, Rule] = {}
        for chain in chains:
            for earlier in self._minimal_cover(where, invalid, list(chain.rules[: chain.position(rule)])):
                found.setdefault(earlier.id, earlier)
        return tuple(sorted(found.values(), key=lambda r: r.index))

    def _minimal_cover(self, where: int, invalid: int, candidates: list[Rule]) -> list[Rule]:
        """The candidates that overlap `where` validly, less those the others make unnecessary."""
        space, dd = self.regions, self.regions.diagram
        overlaps = {r.id: dd.conj(where, space.rule(r)) for r in candidates}  # small: inside `where`
        cover = [r for r in candidates if not dd.disjoint(overlaps[r.id], space.valid)]
        if len(cover) > MINIMISE_UP_TO:
            return cover
        for rule in list(cover):
            rest = [r for r in cover if r is not rule]
            if dd.covered_by(where, [*(overlaps[r.id] for r in rest), invalid]):
                cover = rest
        return cover

    # ---- conflicts across files ---------------------------------------------------------
    def conflicts(self) -> Iterator[Conflict]:
        """Rules in different files that each come first in their file and decide a slot differently."""
        return self._run("conflicts", self._conflicts, lambda sat: sat.conflicts(),
                         key=lambda c: (c.slot, c.first.id, c.second.id))

    def _conflicts(self) -> Iterator[Conflict]:
        for slot, pairs in conflict_candidates(self.policy):
            yield from self._pair_conflicts(slot, pairs)

    def _pair_conflicts(self, slot: str, pairs: Iterator[tuple[Rule, list[Rule], Rule, list[Rule]]]) -> Iterator[Conflict]:
        space, dd = self.regions, self.regions.diagram
        invalid = dd.neg(space.valid)
        for rule_a, before_a, rule_b, before_b in pairs:
            both = dd.conj(space.rule(rule_a), space.rule(rule_b))
            if both == FALSE:
                continue
            parts = [*(space.rule(r) for r in before_a), *(space.rule(r) for r in before_b), invalid]
            path = dd.uncovered_path(both, parts)
            if path is not None:
                yield Conflict(slot, rule_a, rule_b, answers_at(space, path))

    # ---- invariants, questions ------------------------------------------------------------
    def broken_invariants(self) -> Iterator[BrokenInvariant]:
        """Invariants that some valid answers break, each with such answers."""
        return self._run("invariants", self._broken_invariants, lambda sat: sat.broken_invariants(),
                         key=lambda b: b.invariant.id)

    def _broken_invariants(self) -> Iterator[BrokenInvariant]:
        space, dd = self.regions, self.regions.diagram
        invalid = dd.neg(space.valid)
        for invariant in self.policy.invariants:
            path = dd.uncovered_path(space.compile(invariant.when), [space.compile(invariant.require), invalid])
            if path is not None:
                yield BrokenInvariant(invariant, answers_at(space, path))

    def never_asked(self) -> Iterator[Question]:
        """Questions whose ask_when holds for no valid earlier answers."""
        return self._run("unasked-questions", self._never_asked, lambda sat: sat.never_asked(), key=lambda q: q.id)

    def _never_asked(self) -> Iterator[Question]:
        space = self.regions
        for question in self.policy.questions:
            if question.ask_when != ALWAYS and space.diagram.disjoint(space.valid, space.asked(question)):
                yield question


def conflict_candidates(policy: Policy) -> Iterator[tuple[str, Iterator[tuple[Rule, list[Rule], Rule, list[Rule]]]]]:
    """For each slot decided in several files: the pairs of rules (with the rules before each
    in its own file) that give it different values, one per file."""
    for spec in policy.fields.values():
        if spec.type == SET:
            continue
        for slot in spec.slots():
            by_file: dict[str, list[tuple[Rule, Any]]] = {}
            for rule, assignment in policy.rules_for(slot):
                by_file.setdefault(rule.loc.path, []).append((rule, assignment.value))
            if len(by_file) > 1:
                yield slot, _different_pairs(list(by_file.values()))


def _different_pairs(files: list[list[tuple[Rule, Any]]]) -> Iterator[tuple[Rule, list[Rule], Rule, list[Rule]]]:
    for i, left in enumerate(files):
        for right in files[i + 1 :]:
            for a, (rule_a, value_a) in enumerate(left):
                for b, (rule_b, value_b) in enumerate(right):
                    if value_a != value_b:
                        yield rule_a, [r for r, _ in left[:a]], rule_b, [r for r, _ in right[:b]]


def _outside(space: PolicyRegions, parts: list[int]) -> Callable[[dict[int, set[int]]], bool]:
    """Whether every valid answer matching some tests lies outside all of `parts`."""
    dd = space.diagram

    def inside(literals: dict[int, set[int]]) -> bool:
        box = dd.conj(dd.cube(literals), space.valid)
        return box != FALSE and all(dd.disjoint(box, part) for part in parts)

    return inside


def where_of(space: PolicyRegions, rule: Rule) -> int:
    """Where a rule matches valid answers."""
    return space.diagram.conj(space.rule(rule), space.valid)


__all__ = ["Analysis", "BrokenInvariant", "Conflict", "DeadRule", "Gap", "counterexample"]
