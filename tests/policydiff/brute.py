"""The brute-force truth about two small policies: every incident tried, one by one.

Independent of ``incident_comms.policydiff``: questions are linked by id only (what the
random pairs need), every combination of values is tried for the union of the
questions, and each policy is given its own answers (``asked_answers``). An incident
is the answers to the questions either policy asks, with several-choices answers
narrowed to the choices some condition tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product
from typing import Any

from incident_comms.engine import decide, is_asked
from incident_comms.policy.model import MULTIPLE, NONE, RECORDS, SET, AnswerIncludes, Policy
from incident_comms.verify.space import atoms


class Truth:
    """Counts of incidents: compared, changed, not comparable, and per change."""

    def __init__(self) -> None:
        self.compared: set[tuple] = set()
        self.unmatched: set[tuple] = set()
        self.changes: dict[tuple[str, str, str], set[tuple]] = {}

    @property
    def changed(self) -> set[tuple]:
        return set().union(*self.changes.values()) if self.changes else set()


def truth(old: Policy, new: Policy, alike: dict[str, list[list[Any]]] | None = None) -> Truth:
    """`alike`: per question, groups of choices claimed interchangeable (each claim is checked here:
    an incident and its canonical swap must be decided alike by both policies)."""
    found = Truth()
    for old_answers, new_answers, key, expressible in incidents(old, new, alike or {}):
        if not expressible:
            found.unmatched.add(key)
            continue
        found.compared.add(key)
        for slot, before, after in slot_changes(old, new, old_answers, new_answers):
            found.changes.setdefault((slot, repr(before), repr(after)), set()).add(key)
    return found


def incidents(old: Policy, new: Policy, alike: dict[str, list[list[Any]]]) -> Iterator[tuple[dict, dict, tuple, bool]]:
    """(old answers, new answers, incident key, both can express it) for every distinct incident;
    incidents that differ only by picking other choices of an `alike` group are one."""
    ids = list(dict.fromkeys([q.id for q in new.questions] + [q.id for q in old.questions]))
    options = [_options(qid, old, new) for qid in ids]
    seen: set[tuple] = set()
    for values in product(*options):
        world = dict(zip(ids, values, strict=True))
        (old_answers, old_misfits), (new_answers, new_misfits) = (_side(p, world) for p in (old, new))
        old_asks, new_asks = set(old_answers) | old_misfits, set(new_answers) | new_misfits
        if old_misfits - new_asks or new_misfits - old_asks:
            continue  # a value one policy cannot give, for a question only it asks: no incident
        asked = old_asks | new_asks
        canonical = {qid: _canonical(value, alike.get(qid, [])) for qid, value in world.items()}
        if canonical != world:
            _assert_alike(old, new, world, canonical)
        key = tuple((qid, _frozen(canonical[qid]) if qid in asked else "unasked") for qid in ids)
        if key in seen:
            continue
        seen.add(key)
        yield old_answers, new_answers, key, not (old_misfits or new_misfits)


def _options(qid: str, old: Policy, new: Policy) -> list[Any]:
    questions = [q for p in (old, new) for q in p.questions if q.id == qid]
    if questions[0].kind != MULTIPLE:
        return list(dict.fromkeys(v for q in questions for v in q.values))
    tested = {t.value for p in (old, new) for t in _answer_tests(p) if isinstance(t, AnswerIncludes) and t.question == qid}
    items = [v for v in dict.fromkeys(v for q in questions for v in q.values) if v in tested]
    return [list(c) for n in range(len(items) + 1) for c in combinations(items, n)]


def _answer_tests(policy: Policy) -> Iterator[Any]:
    """Tests in conditions that can change a decision (invariants cannot)."""
    for condition in [q.ask_when for q in policy.questions] + [f.when for f in policy.facts.values()] + [r.when for r in policy.rules]:
        yield from atoms(condition)


def _side(policy: Policy, world: dict[str, Any]) -> tuple[dict, set[str]]:
    """The policy's answers to the world, and the questions it asks whose world value it cannot give."""
    given: dict[str, Any] = {}
    misfits = set()
    for question in policy.questions:
        if not is_asked(question, given, policy):
            continue
        value = world[question.id]
        fits = set(value) <= set(question.values) if question.kind == MULTIPLE else value in question.values
        if fits:
            given[question.id] = value
        else:
            misfits.add(question.id)
    return given, misfits


def _canonical(value: Any, groups: list[list[Any]]) -> Any:
    """A several-choices answer with the picked choices of each group moved to the group's first ones."""
    if not isinstance(value, list) or not groups:
        return value
    picked = set(value)
    for group in groups:
        count = len(picked & set(group))
        picked = (picked - set(group)) | set(group[:count])
    return [item for item in dict.fromkeys([*value, *picked]) if item in picked]


def _assert_alike(old: Policy, new: Policy, world: dict, canonical: dict) -> None:
    for policy in (old, new):
        (a, misfit_a), (b, misfit_b) = _side(policy, world), _side(policy, canonical)
        assert set(a) == set(b) and misfit_a == misfit_b, "interchangeable choices change what is asked"
        assert _plain(decide(policy, a).values) == _plain(decide(policy, b).values), "interchangeable choices decide differently"


def _plain(values: dict) -> dict:
    return {k: sorted(map(str, v)) if isinstance(v, list) and not any(isinstance(i, dict) for i in v) else v
            for k, v in values.items()}


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def slot_changes(old: Policy, new: Policy, old_answers: dict, new_answers: dict) -> Iterator[tuple[str, Any, Any]]:
    """(slot, before, after) for every slot of a field both policies have that differs."""
    before, after = decide(old, old_answers).values, decide(new, new_answers).values
    for name, spec in new.fields.items():
        if name not in old.fields:
            continue
        if spec.type == SET:
            for item in dict.fromkeys((*old.fields[name].values, *spec.values)):
                if (item in before[name]) != (item in after[name]):
                    yield f"{name}.{item}", item in before[name], item in after[name]
        elif spec.type == RECORDS:
            for key in dict.fromkeys((*old.fields[name].values, *spec.values)):
                was, now = _record(before[name], spec.key, key), _record(after[name], spec.key, key)
                if was != now:
                    yield f"{name}.{key}", was, now
        elif before[name] != after[name]:
            yield name, before[name], after[name]


def _record(records: list[dict], key_name: str, key: str) -> Any:
    for record in records:
        if record[key_name] == key:
            return {k: v for k, v in record.items() if k != key_name}
    return NONE
