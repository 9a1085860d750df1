"""Decided fields as regions of the answer space, following the engine's semantics.

- A single-valued slot (bool, enum, one key of a records field) takes the value of
  the first matching rule that sets it: it holds value v where some rule setting v
  matches and no earlier rule for the slot does.
- A set field has an item wherever any rule adding that item matches.

So a condition that tests a decided field compiles to a region like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..policy.model import NONE, RECORDS, SET, Condition, FieldIn, FieldIncludes, Policy, Rule
from .diagram import FALSE
from .space import AnswerSpace, CyclicPolicy

Accept = Callable[[Any], bool]


class ValueTest(NamedTuple):
    """A field test that holds where `slot` takes a value `accept` accepts (`key` names `accept`)."""

    slot: str
    accept: Accept
    key: Any


class ItemTest(NamedTuple):
    """A field test that holds where the set field `field` has `item`."""

    field: str
    item: str


def field_test(policy: Policy, condition: Condition) -> ValueTest | ItemTest | bool | None:
    """What a test of a decided field means, for either engine (None: not a field test;
    False: a test that never holds)."""
    if isinstance(condition, FieldIn):
        parts = condition.path.split(".")
        wanted = condition.values
        if len(parts) == 1:
            return ValueTest(condition.path, lambda v: v in wanted, ("is", wanted))
        attribute = parts[2]
        return ValueTest(
            f"{parts[0]}.{parts[1]}", lambda v: isinstance(v, dict) and v.get(attribute) in wanted, (attribute, wanted)
        )
    if isinstance(condition, FieldIncludes):
        spec = policy.fields[condition.field]
        if spec.type == SET:
            return ItemTest(condition.field, condition.item)
        if spec.type == RECORDS:
            return ValueTest(f"{condition.field}.{condition.item}", lambda v: v != NONE, "record")
        return False
    return None


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
        self._by_value: dict[str, list[tuple[Any, int]]] = {}
        self._in_progress: set[str] = set()

    def rule(self, rule: Rule) -> int:
        """Where a rule's condition holds."""
        return self.compile(rule.when)

    def rule_regions(self, chain: Chain) -> list[int]:
        """Where each rule of the chain matches (a field may not depend on itself)."""
        return self._guarded(chain.name, lambda: [self.rule(rule) for rule in chain.rules])

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
            regions = self.value_regions(slot)
            self._values[memo_key] = self.diagram.disj_all(r for value, r in regions if accept(value))
        return self._values[memo_key]

    def value_regions(self, slot: str) -> list[tuple[Any, int]]:
        """Each value the slot's rules give, with where the slot takes it (the first match decides).

        Built once per slot for all its values: a field tested with several value sets
        (``send is true``, ``headline in [go, hold]``) shares the work."""
        if slot not in self._by_value:
            chain = self.slot_chain(slot)
            values: list[Any] = []
            for _, assignment in self.policy.rules_for(slot):
                if assignment.value not in values:
                    values.append(assignment.value)
            index = [values.index(a.value) for _, a in self.policy.rules_for(slot)]
            found = self._guarded(slot, lambda: self._first_values(chain, index, 0, len(index))) if index else {}
            self._by_value[slot] = [(values[i], region) for i, region in sorted(found.items())]
        return self._by_value[slot]

    def _first_values(self, chain: Chain, index: list[int], lo: int, hi: int) -> dict[int, int]:
        """For chain[lo:hi], where its first matching rule gives each value (by value index)."""
        if hi - lo == 1:
            return {index[lo]: self.rule(chain.rules[lo])}
        mid = (lo + hi) // 2
        dd = self.diagram
        result = dict(self._first_values(chain, index, lo, mid))
        unmatched = dd.neg(self._span(chain, lo, mid))
        for value, region in self._first_values(chain, index, mid, hi).items():
            result[value] = dd.disj(result.get(value, FALSE), dd.conj(unmatched, region))
        return result

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
        test = field_test(self.policy, condition)
        if test is None:
            return super().compile_other(condition)
        if isinstance(test, ValueTest):
            return self.where_value(test.slot, test.accept, test.key)
        if isinstance(test, ItemTest):
            return self.has_item(test.field, test.item)
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
