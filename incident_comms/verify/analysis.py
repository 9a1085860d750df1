"""What ``comms lint`` proves about a policy, over every valid answer set at once.

Each question is a generator, so findings made before a budget runs out still
reach the user; past the budget it raises ``BudgetExceeded``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..policy.model import ALWAYS, SET, Assignment, FieldSpec, Invariant, Policy, Question, Rule
from .diagram import FALSE
from .regions import Chain, PolicyRegions
from .witness import counterexample, describe

MAX_NODES = 500_000
SECONDS = 20.0
_MINIMISE_UP_TO = 24  # shadowing rules beyond this are listed as found, not minimised


class Gap(NamedTuple):
    """A required slot that no rule decides for some valid answers."""

    field: FieldSpec
    slot: str
    answers: dict[str, Any]
    region: str


class DeadRule(NamedTuple):
    """A rule that never decides anything: it never matches, or earlier rules always decided first."""

    rule: Rule
    never_matches: bool
    shadowing: tuple[Rule, ...] = ()


class Conflict(NamedTuple):
    """Rules in two files that decide one slot differently for the same answers."""

    slot: str
    first: Rule
    second: Rule
    answers: dict[str, Any]


class BrokenInvariant(NamedTuple):
    """An invariant that some valid answers break."""

    invariant: Invariant
    answers: dict[str, Any]


class Analysis:
    """One policy's analysis, shared by the checks of a lint run (built lazily)."""

    def __init__(self, policy: Policy, max_nodes: int = MAX_NODES, seconds: float = SECONDS) -> None:
        self.policy = policy
        self.max_nodes = max_nodes
        self.seconds = seconds
        self._regions: PolicyRegions | None = None

    @property
    def regions(self) -> PolicyRegions:
        """The compiled answer space (its clock starts on first use)."""
        if self._regions is None:
            self._regions = PolicyRegions(self.policy, self.max_nodes, self.seconds)
            # Diagram operations recurse once per variable (a few frames each).
            sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * len(self._regions.variables) + 1000))
        return self._regions

    # ---- gaps -----------------------------------------------------------------------
    def gaps(self) -> Iterator[Gap]:
        """Required single-valued slots left undecided by some valid answers.

        A required records field's slots are its keys: each must be decided, to a
        record or to ``none`` (undecided is not none).
        """
        space = self.regions
        for spec in self.policy.fields.values():
            if not spec.required or spec.type == SET:
                continue
            for slot in spec.slots():
                if space.diagram.subset(space.valid, space.decided(slot)):
                    continue
                region = space.diagram.conj(space.valid, space.diagram.neg(space.decided(slot)))
                yield Gap(spec, slot, counterexample(space, region) or {}, describe(space, region))

    # ---- dead rules -------------------------------------------------------------------
    def dead_rules(self) -> Iterator[DeadRule]:
        """Rules that match no valid answers, or decide nothing wherever they match."""
        space = self.regions
        for rule in self.policy.rules:
            where = where_of(space, rule)
            if where == FALSE:
                yield DeadRule(rule, never_matches=True)
                continue
            chains = self._chains_of(rule)
            if not any(self._decides_somewhere(rule, chain, where) for chain in chains):
                yield DeadRule(rule, never_matches=False, shadowing=self._shadowing(rule, chains, where))

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

    def _decides_somewhere(self, rule: Rule, chain: Chain, where: int) -> bool:
        earlier = self.regions.covered_before(chain, chain.position(rule))
        return not self.regions.diagram.covered_by(where, earlier)

    def _shadowing(self, rule: Rule, chains: list[Chain], where: int) -> tuple[Rule, ...]:
        """A small set of earlier rules that together decide, first, all that `rule` would."""
        found: dict[str, Rule] = {}
        for chain in chains:
            for earlier in self._minimal_cover(where, list(chain.rules[: chain.position(rule)])):
                found.setdefault(earlier.id, earlier)
        return tuple(sorted(found.values(), key=lambda r: r.index))

    def _minimal_cover(self, where: int, candidates: list[Rule]) -> list[Rule]:
        """The candidates that overlap `where`, less those the others make unnecessary."""
        space, dd = self.regions, self.regions.diagram
        overlaps = {r.id: dd.conj(where, space.rule(r)) for r in candidates}  # small: inside `where`
        cover = [r for r in candidates if overlaps[r.id] != FALSE]
        if len(cover) > _MINIMISE_UP_TO:
            return cover
        for rule in list(cover):
            rest = [r for r in cover if r is not rule]
            if dd.subset(where, dd.disj_all(overlaps[r.id] for r in rest)):
                cover = rest
        return cover

    # ---- conflicts across files ---------------------------------------------------------
    def conflicts(self) -> Iterator[Conflict]:
        """Rules in different files that each come first in their file and decide a slot differently."""
        for spec in self.policy.fields.values():
            if spec.type == SET:
                continue
            for slot in spec.slots():
                yield from self._slot_conflicts(slot)

    def _slot_conflicts(self, slot: str) -> Iterator[Conflict]:
        by_file: dict[str, list[tuple[Rule, Assignment]]] = {}
        for rule, assignment in self.policy.rules_for(slot):
            by_file.setdefault(rule.loc.path, []).append((rule, assignment))
        if len(by_file) < 2:
            return
        firsts = {path: self._first_in_file(pairs) for path, pairs in by_file.items()}
        paths = list(by_file)
        for i, path_a in enumerate(paths):
            for path_b in paths[i + 1 :]:
                yield from self._file_pair_conflicts(slot, firsts[path_a], firsts[path_b])

    def _first_in_file(self, pairs: list[tuple[Rule, Assignment]]) -> list[tuple[Rule, Any, int]]:
        """Each rule with its value and where it is the first match among its file's rules."""
        space, dd = self.regions, self.regions.diagram
        result, covered = [], FALSE
        for rule, assignment in pairs:
            matched = dd.conj(space.rule(rule), space.valid)
            result.append((rule, assignment.value, dd.conj(matched, dd.neg(covered))))
            covered = dd.disj(covered, matched)
        return result

    def _file_pair_conflicts(self, slot: str, left: list, right: list) -> Iterator[Conflict]:
        space, dd = self.regions, self.regions.diagram
        right_any = dd.disj_all(region for _, _, region in right)
        for rule_a, value_a, region_a in left:
            if dd.disjoint(region_a, right_any):
                continue
            for rule_b, value_b, region_b in right:
                if value_a != value_b and not dd.disjoint(region_a, region_b):
                    answers = counterexample(space, dd.conj(region_a, region_b)) or {}
                    yield Conflict(slot, rule_a, rule_b, answers)

    # ---- invariants, questions ------------------------------------------------------------
    def broken_invariants(self) -> Iterator[BrokenInvariant]:
        """Invariants that some valid answers break, each with such answers."""
        space, dd = self.regions, self.regions.diagram
        for invariant in self.policy.invariants:
            when = dd.conj(space.valid, space.compile(invariant.when))
            if dd.subset(when, space.compile(invariant.require)):
                continue
            breaking = dd.conj(when, dd.neg(space.compile(invariant.require)))
            yield BrokenInvariant(invariant, counterexample(space, breaking) or {})

    def never_asked(self) -> Iterator[Question]:
        """Questions whose ask_when holds for no valid earlier answers."""
        space = self.regions
        for question in self.policy.questions:
            if question.ask_when != ALWAYS and space.diagram.disjoint(space.valid, space.asked(question)):
                yield question


def where_of(space: PolicyRegions, rule: Rule) -> int:
    """Where a rule matches valid answers."""
    return space.diagram.conj(space.rule(rule), space.valid)
