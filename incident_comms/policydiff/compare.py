"""Where two policies decide differently: ``diff_policies(old, new) -> PolicyDiff``. Pure.

Proved over every incident the questions allow (see ``joint``), without enumerating
them: each decided slot (``send``, ``messages.email``, each item of ``actions``) of
each side is a region of one diagram, and a change is where the old slot holds one
value and the new slot another. Every change is split into boxes described in words,
each counted (see ``parts`` for what is counted) and shown with one incident as the
answers each policy is given, decided again by the engine, so the example replays with
``comms assess``.

A budget that runs out (nodes or time, as in ``comms lint``) ends the proof: what was
found is kept and ``incomplete`` says why, so a cut-short diff never reads as "no change".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from ..engine import asked_answers, condition_test
from ..frozen import Frozen
from ..policy.model import NONE, RECORDS, SET, Policy
from ..verify import BudgetExceeded, CyclicPolicy
from ..verify.analysis import MAX_NODES, SECONDS
from ..verify.diagram import FALSE
from ..verify.regions import PolicyRegions
from .interface import BREAKS_ANSWERS, InterfaceChange, interface_changes
from .joint import JUNK, NEW, OLD, UNMATCHED, JointPolicy
from .parts import Counter, Part, canonical_region, parts

UNDECIDED = None  # a bool or enum slot no rule decides
ITEM = "item"


class Example(Frozen):
    """One incident of a change: the answers each policy is given and what each decides for the slot."""

    description: str
    count: int
    old_answers: dict[str, Any]
    new_answers: dict[str, Any]
    before: Any
    after: Any


class Change(Frozen):
    """A slot decided `before` by the old policy and `after` by the new one, for `count` incidents."""

    slot: str
    before: Any
    after: Any
    count: int
    examples: tuple[Example, ...]
    unlisted: int = 0  # incidents of this change in parts not listed (past --parts)
    item: bool = False  # a set field's item: before and after say whether it is there


class PolicyDiff(Frozen):
    """The whole comparison."""

    interface: tuple[InterfaceChange, ...]
    changes: tuple[Change, ...]
    compared: int  # incidents both policies can express
    changed: int | None  # of those, incidents for which some slot changes (None: too costly to count)
    unmatched: Change | None  # incidents only one policy can express (slot "", before/after None)
    incomplete: str = ""

    @property
    def differs(self) -> bool:
        """Whether anything differs, or the proof could not say that nothing does."""
        return bool(self.interface or self.changes or self.unmatched or self.incomplete)


def diff_policies(old: Policy, new: Policy, max_parts: int = 10,
                  max_nodes: int = 2 * MAX_NODES, seconds: float = 2 * SECONDS) -> PolicyDiff:
    """Compare two policies over every incident; budgets default to those of two lints."""
    joint = JointPolicy(old, new)
    interface = tuple(interface_changes(old, new, joint))
    changes: list[Change] = []
    compared, unmatched, incomplete = 0, None, ""
    finder: _Finder | None = None
    try:
        finder = _Finder(joint, max_parts, max_nodes, seconds)
        compared = finder.counter.count(finder.compared)
        asked = tuple(finder.asked_differently())
        interface = tuple(sorted(interface + asked, key=lambda c: c.breaks != BREAKS_ANSWERS))  # questions first
        unmatched = finder.unmatched_change()
        changes.extend(finder.changes())  # extend keeps what was found before a budget ran out
    except BudgetExceeded as stop:
        incomplete = f"not proven: the decision diagram {stop}; some changes may be missing"
    except RecursionError:
        incomplete = "not proven: the policies' conditions nest too deeply to analyse"
    except CyclicPolicy as cycle:
        incomplete = f"not analysed: {cycle} (run comms lint)"
    changed = finder.counter.count_union(finder.changed) if finder is not None else 0  # builds no nodes
    return PolicyDiff(interface, tuple(changes), compared, changed, unmatched, incomplete)


class _Finder:
    def __init__(self, joint: JointPolicy, max_parts: int, max_nodes: int, seconds: float) -> None:
        self.joint = joint
        self.max_parts = max_parts
        self.space = PolicyRegions(joint.policy, max_nodes, seconds)
        dd = self.dd = self.space.diagram
        self.valid = dd.conj(self.space.valid, dd.neg(self.space.fact(JUNK)))
        self.unmatched = dd.conj(self.valid, self.space.fact(UNMATCHED))
        self.compared = dd.conj(self.valid, dd.neg(self.unmatched))
        self.counter = Counter(self.space, canonical_region(self.space, joint.interchangeable))
        self.changed: list[int] = []  # the regions of the changes found so far

    # ---- questions asked in other cases ---------------------------------------------------
    def asked_differently(self) -> Iterator[InterfaceChange]:
        """Questions both policies have that one asks where the other does not (answers files then
        lack an answer, or give one that is ignored), each with where, in words."""
        dd, space = self.dd, self.space
        for link in self.joint.links:
            if link.old is None or link.new is None:
                continue
            asked_old = space.compile(self.joint.asked(OLD, link.old))
            asked_new = space.compile(self.joint.asked(NEW, link.new))
            for region, how in ((dd.conj(asked_new, dd.neg(asked_old)), "now asked where it was not"),
                                (dd.conj(asked_old, dd.neg(asked_new)), "no longer asked where it was")):
                region = dd.conj(region, self.compared)
                if region != FALSE:
                    [part] = parts(self.space, self.valid, region, self.counter, 1)
                    text = f"question {link.new.id}: {how} ({part.description}, among others)"
                    yield InterfaceChange("asked-differently", link.new.id, text, BREAKS_ANSWERS)

    # ---- what cannot be compared ---------------------------------------------------------
    def unmatched_change(self) -> Change | None:
        if self.unmatched == FALSE:
            return None
        return self._change("", None, None, self.unmatched, decided=False)

    # ---- slots ---------------------------------------------------------------------------
    def changes(self) -> Iterator[Change]:
        old, new = self.joint.old, self.joint.new
        for name, spec in new.fields.items():
            before = old.fields.get(name)
            if before is None or not _comparable_types(before.type, spec.type):
                continue
            if spec.type == SET:
                yield from self._item_changes(name, before.values, spec.values)
            elif spec.type == RECORDS:
                for key in dict.fromkeys((*before.values, *spec.values)):
                    yield from self._slot_changes(f"{name}.{key}", record=True)
            else:
                yield from self._slot_changes(name, record=False)

    def _slot_changes(self, slot: str, record: bool) -> Iterator[Change]:
        if self._same_conditions(OLD + slot, NEW + slot):
            yield from self._value_edits(slot)
            return
        dd = self.dd
        aligned = self._aligned_values(slot, record)
        if aligned is None:
            olds, news = self._values(OLD, slot, record), self._values(NEW, slot, record)
        else:
            olds, news = aligned
        same = dd.disj_all(dd.conj(olds[k][1], news[k][1]) for k in olds if k in news)
        differ = dd.conj(self.compared, dd.neg(same))
        if differ == FALSE:
            return
        for key_before, (before, region_before) in olds.items():
            narrowed = dd.conj(differ, region_before)
            if narrowed == FALSE:
                continue
            for key_after, (after, region_after) in news.items():
                if key_after != key_before:
                    region = dd.conj(narrowed, region_after)
                    if region != FALSE:
                        yield self._change(slot, before, after, region)

    def _same_conditions(self, old_slot: str, new_slot: str) -> bool:
        """Whether both chains have rules matching exactly alike, pair by pair (values may differ).

        The common case of a reviewed change (a rule that now decides another value) then
        needs no region per value: only where each edited rule is the first match.
        """
        olds, news = self.space.policy.rules_for(old_slot), self.space.policy.rules_for(new_slot)
        return len(olds) == len(news) and all(
            self.space.rule(a) == self.space.rule(b) for (a, _), (b, _) in zip(olds, news, strict=True)
        )

    def _value_edits(self, slot: str) -> Iterator[Change]:
        """Changes of a slot whose chains match alike: where each rule that now decides another value decides."""
        dd, space = self.dd, self.space
        chain = space.slot_chain(NEW + slot)
        olds, news = space.policy.rules_for(OLD + slot), space.policy.rules_for(NEW + slot)
        grouped: dict[tuple[str, str], tuple[Any, Any, list[int]]] = {}
        for i, ((_, was), (rule, now)) in enumerate(zip(olds, news, strict=True)):
            before, after = was.value, now.value
            if _key(before) == _key(after):
                continue
            first = dd.conj(space.rule(rule), dd.neg(dd.disj_all(space.covered_before(chain, i))))
            entry = grouped.setdefault((_key(before), _key(after)), (before, after, []))
            entry[2].append(dd.conj(self.compared, first))
        for before, after, regions in grouped.values():
            region = dd.disj_all(regions)
            if region != FALSE:
                yield self._change(slot, before, after, region)

    def _aligned_values(self, slot: str, record: bool) -> tuple[dict[str, tuple[Any, int]], dict[str, tuple[Any, int]]] | None:
        """Each side's values, only where the two chains can disagree (None: chains not of one length).

        With chains of one length compared rule by rule, a point where no rule that differs
        (in condition or value) matches on either side has the same first match on both
        sides, so the same value. The values are worked out only inside the region where
        some differing rule matches, which is small for a reviewed change.
        """
        dd, space = self.dd, self.space
        olds, news = space.policy.rules_for(OLD + slot), space.policy.rules_for(NEW + slot)
        if len(olds) != len(news):
            return None
        differing = [
            dd.disj(space.rule(a), space.rule(b))
            for (a, was), (b, now) in zip(olds, news, strict=True)
            if space.rule(a) != space.rule(b) or _key(was.value) != _key(now.value)
        ]
        where = dd.conj(self.compared, dd.disj_all(differing))
        return self._first_values(olds, where, record), self._first_values(news, where, record)

    def _first_values(self, pairs: Any, where: int, record: bool) -> dict[str, tuple[Any, int]]:
        """The value each region of `where` gets from the first matching rule of `pairs` (FIRST)."""
        dd, space = self.dd, self.space
        found: dict[str, tuple[Any, int]] = {}
        rest = where
        for rule, assignment in pairs:
            if rest == FALSE:
                break
            hit = dd.conj(rest, space.rule(rule))
            if hit != FALSE:
                value = NONE if record and assignment.value == NONE else assignment.value
                key = _key(value)
                found[key] = (value, dd.disj(found[key][1], hit) if key in found else hit)
                rest = dd.conj(rest, dd.neg(hit))
        unset = NONE if record else UNDECIDED
        key = _key(unset)
        found[key] = (unset, dd.disj(found[key][1], rest) if key in found else rest)
        return found

    def _values(self, prefix: str, slot: str, record: bool) -> dict[str, tuple[Any, int]]:
        """Each value the slot can take on one side (by a stable key), with where it takes it."""
        space, dd = self.space, self.dd
        name = prefix + slot
        keys = {id(a.value): _key(a.value) for _, a in space.policy.rules_for(name)}
        found: dict[str, tuple[Any, int]] = {}
        for _, assignment in space.policy.rules_for(name):
            value, key = assignment.value, keys[id(assignment.value)]
            if (record and value == NONE) or key in found:
                continue
            found[key] = (value, space.where_value(name, _same_key(keys, key), ("diff", key)))
        if record:
            found[_key(NONE)] = (NONE, dd.neg(space.where_value(name, lambda v: v != NONE, "record")))
        else:
            found[_key(UNDECIDED)] = (UNDECIDED, dd.neg(space.decided(name)))
        return found

    def _item_changes(self, field: str, old_items: tuple[Any, ...], new_items: tuple[Any, ...]) -> Iterator[Change]:
        dd = self.dd
        for item in dict.fromkeys((*old_items, *new_items)):
            old_rules, new_rules = self.space.item_chain(OLD + field, item).rules, self.space.item_chain(NEW + field, item).rules
            if len(old_rules) == len(new_rules) and all(
                self.space.rule(a) == self.space.rule(b) for a, b in zip(old_rules, new_rules, strict=True)
            ):
                continue  # the same rules add it, matching alike
            had = self.space.has_item(OLD + field, item)
            has = self.space.has_item(NEW + field, item)
            for before, after, region in ((True, False, dd.conj(had, dd.neg(has))), (False, True, dd.conj(has, dd.neg(had)))):
                region = dd.conj(self.compared, region)
                if region != FALSE:
                    yield self._change(f"{field}.{item}", before, after, region).replace(item=True)

    # ---- one change ----------------------------------------------------------------------
    def _change(self, slot: str, before: Any, after: Any, region: int, decided: bool = True) -> Change:
        if decided:
            self.changed.append(region)
        total = self.counter.count(region)
        found = parts(self.space, self.valid, region, self.counter, self.max_parts)
        examples = tuple(self._example(part, slot if decided else "") for part in found)
        unlisted = total - sum(e.count for e in examples)
        return Change(slot, before, after, total, examples, unlisted)

    def _example(self, part: Part, slot: str) -> Example:
        """The part's incident as each policy's answers, decided again by the engine."""
        old_answers = self.joint.side_answers(OLD, part.answers)
        new_answers = self.joint.side_answers(NEW, part.answers)
        if not slot:
            return Example(part.description, part.count, old_answers, new_answers, None, None)
        before = slot_value(self.joint.old, old_answers, slot)
        after = slot_value(self.joint.new, new_answers, slot)
        return Example(part.description, part.count, old_answers, new_answers, before, after)


def _comparable_types(old_type: str, new_type: str) -> bool:
    """Values of fields of these types can be compared one for one."""
    kinds = {SET: SET, RECORDS: RECORDS}
    return kinds.get(old_type, "single") == kinds.get(new_type, "single")


def _same_key(keys: dict[int, str], wanted: str) -> Callable[[Any], bool]:
    """Whether a rule's value (one of those `keys` was made from) has the key `wanted`."""
    return lambda value: keys[id(value)] == wanted


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def slot_value(policy: Policy, answers: dict[str, Any], slot: str) -> Any:
    """What `policy` decides for one slot (``send``, ``messages.email``, ``actions.plan``) for these answers.

    The engine's own evaluator, asked only what this slot needs (a whole ``decide`` of a
    policy of thousands of rules costs ~40 ms per example): the first matching rule that
    sets the slot, or for a set item whether any matching rule adds it.
    """
    name, _, key = slot.partition(".")
    spec = policy.fields.get(name)
    if spec is None:
        return None
    holds = condition_test(policy, asked_answers(policy, answers))
    if spec.type == SET:
        return any(key in a.value and holds(rule.when) for rule, a in policy.rules_for(name))
    value = next((a.value for rule, a in policy.rules_for(slot) if holds(rule.when)), None)
    if spec.type == RECORDS:
        return NONE if value is None else value
    return value
