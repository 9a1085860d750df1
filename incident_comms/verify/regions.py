"""Decided fields as regions of the answer space, following the engine's semantics.

- A single-valued slot (bool, enum, one key of a records field) takes the value of
  the first matching rule that sets it: it holds value v where some rule setting v
  matches and no earlier rule for the slot does.
- A set field has an item wherever any rule adding that item matches.

So a condition that tests a decided field compiles to a region like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..policy.model import NONE, RECORDS, SET, Condition, FieldIn, FieldIncludes, Policy, Rule
from .diagram import FALSE
from .space import AnswerSpace, CyclicPolicy

Accept = Callable[[Any], bool]


class Chain:
    """The rules, in order, that decide one slot or add one item (`name`: ``send``, ``actions[plan]``)."""

    __slots__ = ("_positions", "name", "rules")

    def __init__(self, name: str, rules: tuple[Rule, ...]) -> None:
        self.name = name
        self.rules = rules
        self._positions = {id(rule): i for i, rule in enumerate(rules)}

    def position(self, rule: Rule) -> int:
        """Where `rule` is in the chain (how many rules come before it)."""
        return self._positions[id(rule)]


class PolicyRegions(AnswerSpace):
    """An answer space that also compiles tests of decided fields."""

    def __init__(self, policy: Policy, max_nodes: int = 400_000, seconds: float = 20.0) -> None:
        super().__init__(policy, max_nodes, seconds)
        self._chains: dict[str, Chain] = {}
        self._spans: dict[tuple[str, int, int], int] = {}
        self._values: dict[tuple[str, Any], int] = {}
        self._in_progress: set[str] = set()

    def rule(self, rule: Rule) -> int:
        """Where a rule's condition holds."""
        return self.compile(rule.when)

    # ---- rule lists as balanced spans ---------------------------------------------------
    # A slot's rules (or a set item's) are cut in halves, recursively: the region where
    # some rule of a span matches is built bottom-up and kept. Balanced unions stay far
    # smaller than a running prefix, and any prefix is a union of O(log n) spans.
    def _span(self, chain: Chain, lo: int, hi: int) -> int:
        key = (chain.name, lo, hi)
        found = self._spans.get(key)
        if found is None:
            if hi - lo == 1:
                found = self.rule(chain.rules[lo])
            else:
                mid = (lo + hi) // 2
                found = self.diagram.disj(self._span(chain, lo, mid), self._span(chain, mid, hi))
            self._spans[key] = found
        return found

    def _prefix_spans(self, chain: Chain, lo: int, hi: int, end: int) -> list[int]:
        if end <= lo:
            return []
        if end >= hi:
            return [self._span(chain, lo, hi)]
        mid = (lo + hi) // 2
        return self._prefix_spans(chain, lo, mid, end) + self._prefix_spans(chain, mid, hi, end)

    def _matched_any(self, chain: Chain) -> int:
        return self._span(chain, 0, len(chain.rules)) if chain.rules else FALSE

    def covered_before(self, chain: Chain, position: int) -> list[int]:
        """Regions whose union is where one of the chain's first `position` rules matches."""
        if not chain.rules:
            return []
        return self._guarded(chain.name, lambda: self._prefix_spans(chain, 0, len(chain.rules), position))

    # ---- single-valued slots --------------------------------------------------------
    def slot_chain(self, slot: str) -> Chain:
        """The rules that decide `slot`, in order."""
        if slot not in self._chains:
            self._chains[slot] = Chain(slot, tuple(r for r, _ in self.policy.rules_for(slot)))
        return self._chains[slot]

    def decided(self, slot: str) -> int:
        """Where some rule decides `slot`."""
        return self._guarded(slot, lambda: self._matched_any(self.slot_chain(slot)))

    def where_value(self, slot: str, accept: Accept, key: Any) -> int:
        """Where the first rule deciding `slot` gives a value that `accept`s (`key` names `accept`)."""
        memo_key = (slot, key)
        if memo_key not in self._values:
            pairs = self.policy.rules_for(slot)
            accepted = [accept(a.value) for _, a in pairs]
            chain = self.slot_chain(slot)
            make = (lambda: self._first_match(chain, accepted, 0, len(pairs))) if pairs else (lambda: FALSE)
            self._values[memo_key] = self._guarded(slot, make)
        return self._values[memo_key]

    def _first_match(self, chain: Chain, accepted: list[bool], lo: int, hi: int) -> int:
        """Where the first matching rule of chain[lo:hi] is an accepted one."""
        if hi - lo == 1:
            return self.rule(chain.rules[lo]) if accepted[lo] else FALSE
        if not any(accepted[lo:hi]):
            return FALSE
        mid = (lo + hi) // 2
        dd = self.diagram
        first_half = self._first_match(chain, accepted, lo, mid)
        if not any(accepted[mid:hi]):
            return first_half
        second_half = self._first_match(chain, accepted, mid, hi)
        return dd.disj(first_half, dd.conj(dd.neg(self._span(chain, lo, mid)), second_half))

    # ---- set items --------------------------------------------------------------------
    def item_chain(self, field: str, item: str) -> Chain:
        """The rules that add `item` to a set field, in order."""
        key = f"{field}[{item}]"
        if key not in self._chains:
            rules = tuple(r for r, a in self.policy.rules_for(field) if item in a.value)
            self._chains[key] = Chain(key, rules)
        return self._chains[key]

    def has_item(self, field: str, item: str) -> int:
        """Where a set field has `item`."""
        return self._guarded(field, lambda: self._matched_any(self.item_chain(field, item)))

    # ---- field conditions -------------------------------------------------------------
    def compile_other(self, condition: Condition) -> int:
        if isinstance(condition, FieldIn):
            return self._field_in(condition)
        if isinstance(condition, FieldIncludes):
            return self._field_includes(condition)
        return super().compile_other(condition)

    def _field_in(self, condition: FieldIn) -> int:
        parts = condition.path.split(".")
        wanted = condition.values
        if len(parts) == 1:
            return self.where_value(condition.path, lambda v: v in wanted, ("is", wanted))
        slot, attribute = f"{parts[0]}.{parts[1]}", parts[2]
        return self.where_value(
            slot, lambda v: isinstance(v, dict) and v.get(attribute) in wanted, (attribute, wanted)
        )

    def _field_includes(self, condition: FieldIncludes) -> int:
        spec = self.policy.fields[condition.field]
        if spec.type == SET:
            return self.has_item(condition.field, condition.item)
        if spec.type == RECORDS:
            return self.where_value(f"{condition.field}.{condition.item}", lambda v: v != NONE, "record")
        return FALSE

    def _guarded(self, name: str, make: Callable[[], Any]) -> Any:
        name = name.split("[", 1)[0]
        if name in self._in_progress:
            raise CyclicPolicy(f"field {name!r} depends on itself")
        self._in_progress.add(name)
        try:
            return make()
        finally:
            self._in_progress.discard(name)
