"""A policy's conditions compiled into plain Python closures (the engine's fast path).

``engine.decide`` walks a policy's conditions on its first decide and, from its second
on, tests them with these closures (imported only then): no dispatch on the condition's
type and no generator per ``all``/``any``. Each closure evaluates as walking would
(``program.Run.walk``): items left to right, stopping at the first that settles the
answer, and fields worked out on demand in the same order (the order in which a rule's
slots are listed in ``fired`` depends on it). ``tests/test_engine_paths.py`` checks both
against a plain reading of the rules on random policies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .policy.model import (
    All,
    AnswerIn,
    AnswerIncludes,
    AnyOf,
    Condition,
    FactIs,
    FieldIn,
    FieldIncludes,
    Not,
)

if TYPE_CHECKING:
    from .program import Run

Test = Callable[["Run"], bool]
_UNSET: Any = object()  # a slot not worked out yet (slots hold None for "undecided")


def compiled(condition: Condition) -> Test:
    """A closure that tests `condition` against a run."""
    c: Any = condition
    kind = c.__class__
    if kind is All:
        return _all_of([compiled(item) for item in c.items])
    if kind is AnyOf:
        return _any_of([compiled(item) for item in c.items])
    if kind is Not:
        inner = compiled(c.item)
        return lambda run: not inner(run)
    leaf = _LEAVES.get(kind)
    if leaf is None:
        return _refused(condition)
    return leaf(condition)


def _all_of(tests: list[Test]) -> Test:
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda run: first(run) and second(run)

    def all_hold(run: Run) -> bool:
        for test in tests:  # noqa: SIM110 - a plain loop: all() would cost a generator per test
            if not test(run):
                return False
        return True

    return all_hold


def _any_of(tests: list[Test]) -> Test:
    if not tests:
        return _never
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda run: first(run) or second(run)

    def any_holds(run: Run) -> bool:
        for test in tests:  # noqa: SIM110 - a plain loop: any() would cost a generator per test
            if test(run):
                return True
        return False

    return any_holds


def _always(run: Run) -> bool:
    return True


def _never(run: Run) -> bool:
    return False


def _refused(condition: Any) -> Test:
    def refuse(run: Run) -> bool:
        raise TypeError(f"not a condition: {condition!r}")

    return refuse


def _answer_in(condition: AnswerIn) -> Test:
    question, values = condition.question, condition.values
    if None in values:  # an unanswered question is in nothing
        return lambda run: run.answers.get(question) is not None and run.answers.get(question) in values
    return lambda run: run.answers.get(question) in values


def _answer_includes(condition: AnswerIncludes) -> Test:
    question, value = condition.question, condition.value
    return lambda run: value in (run.answers.get(question) or ())


def _fact_is(condition: FactIs) -> Test:
    name = condition.fact
    return lambda run: run.fact(name)


def _field_in(condition: FieldIn) -> Test:
    path, values = condition.path, condition.values
    parts = path.split(".")
    if len(parts) == 1:
        def slot_in(run: Run) -> bool:
            value = run.slots.get(path, _UNSET)
            return (run.slot_value(path) if value is _UNSET else value) in values

        return slot_in
    if len(parts) == 3:
        slot, attribute = f"{parts[0]}.{parts[1]}", parts[2]

        def attribute_in(run: Run) -> bool:
            record = run.slots.get(slot, _UNSET)
            if record is _UNSET:
                record = run.slot_value(slot)
            return (record.get(attribute) if isinstance(record, dict) else None) in values

        return attribute_in
    return lambda run: run.path_value(path) in values


def _field_includes(condition: FieldIncludes) -> Test:
    name, item = condition.field, condition.item
    return lambda run: item in run.included(name)


_LEAVES: dict[type, Callable[[Any], Test]] = {
    AnswerIn: _answer_in,
    AnswerIncludes: _answer_includes,
    FactIs: _fact_is,
    FieldIn: _field_in,
    FieldIncludes: _field_includes,
}
