"""The decision engine: ``decide(policy, answers) -> Decision``. Pure and deterministic.

How rules combine (also in ``rules/README.md``):

- Rules apply in order: files by name, then rules as written.
- A bool or enum field, and each key of a records field (``messages.email``), is
  decided by the **first** matching rule that sets it; later matches are ignored for
  it (DMN hit policy FIRST). Writing ``none`` for a record decides "no record".
- A set field (``actions``) **collects** the items of every matching rule, in the
  order the field declares them (DMN COLLECT).
- A condition may test a decided field; fields are worked out on demand, and the
  loader refuses fields that depend on themselves.
- An answer to a question that is not asked is ignored; a test of an unanswered
  question is false.

How it is fast (``comms lint`` decides once per ``tests:`` case): from a policy's second
decide on, each of its conditions (a rule's ``when``, a fact, a question's ``ask_when``)
is compiled into a plain Python closure, kept in a :class:`program.Program` on the policy object
itself (one per policy, gone with it): 118 decides of the default policy take less than
half the time. The first decide walks the conditions instead (:class:`program.Walk`), so a
command that decides once (``comms assess``) compiles nothing. Both read a condition
the same way: items left to right, stopping at the first that settles it, fields worked
out on demand in that order (the order of a rule's slots in ``fired`` depends on it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .frozen import Frozen
from .policy.model import (
    ALWAYS,
    RECORDS,
    SET,
    Condition,
    Policy,
    Question,
    Rule,
)
from .program import Program, program_of


class Fired(Frozen):
    """A rule that decided something, and the slots it decided."""

    rule: Rule
    slots: tuple[str, ...]

    def __init__(self, rule: Rule, slots: tuple[str, ...]) -> None:
        # Frozen's general __init__ costs ~1.3 us; a decide makes ~17 of these.
        self.__dict__.update(rule=rule, slots=slots)


class Decision(Frozen):
    """What the policy decides for one incident, and why.

    `values` maps each field to its value: a bool or enum value (None if
    undecided), a list of set items, or a list of records (each with the key
    attribute first). `decided_by` maps each slot (``send``, ``messages.email``,
    ``actions.give_users_clear_steps``) to the rule that decided it.
    """

    values: dict[str, Any]
    decided_by: dict[str, Rule]
    fired: tuple[Fired, ...]
    undecided: tuple[str, ...]


def is_asked(question: Question, answers: Mapping[str, Any], policy: Policy) -> bool:
    """Whether `question` is asked, given the answers to the questions before it."""
    if question.ask_when is ALWAYS:  # most questions: nothing to evaluate
        return True
    program = program_of(policy)
    return program.test(question.ask_when)(program.run(answers))


def asking(policy: Policy, answers: Mapping[str, Any]) -> Iterator[tuple[Question, bool]]:
    """Each question in asking order, with whether it is asked given `answers` as they are
    when it comes up: the caller may add a question's answer before taking the next one.

    The same as ``is_asked`` for each question in turn, for a fraction of its cost.
    """
    program = program_of(policy)
    run = program.run(answers)
    for question, asked in program.questions():
        if asked is None:
            yield question, True
            continue
        if run.worked_out():  # facts of fewer answers: start again
            run = program.run(answers)
        yield question, asked(run)


def asked_answers(policy: Policy, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the questions that are asked, in asking order."""
    return _asked(program_of(policy), answers)


def _asked(program: Program, answers: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    run = program.run(kept)  # sees each answer as it is kept
    for question, asked in program.questions():
        qid = question.id
        if qid not in answers:
            continue
        if asked is not None:
            if run.worked_out():  # facts of fewer answers: start again
                run = program.run(kept)
            if not asked(run):
                continue
        kept[qid] = answers[qid]
    return kept


def decide(policy: Policy, answers: Mapping[str, Any]) -> Decision:
    """Apply the policy to valid answers (see ``answers.check_answers``).

    Answers to questions that are not asked are ignored, whatever the caller passed.
    """
    program = program_of(policy, deciding=True)
    run = program.run(_asked(program, answers))
    values: dict[str, Any] = {}
    for name, kind in program.kinds:
        if kind == SET:
            values[name] = list(run.set_items(name))
        elif kind == RECORDS:
            values[name] = run.records(name)
        else:
            values[name] = run.slot_value(name)
    slots, decided_by = run.slots, run.decided_by  # every single-valued slot is worked out by now
    undecided = tuple(slot for slot in program.required_slots if slots[slot] is None)
    by_rule: dict[str, list[str]] = {}
    for slot, rule in decided_by.items():
        if rule.id in by_rule:
            by_rule[rule.id].append(slot)
        else:
            by_rule[rule.id] = [slot]
    fired = tuple(Fired(rule, tuple(by_rule[rule.id])) for rule in policy.rules if rule.id in by_rule)
    ordered = {slot: decided_by[slot] for item in fired for slot in item.slots}
    return Decision(values, ordered, fired, undecided)


def holds(policy: Policy, answers: Mapping[str, Any], condition: Condition) -> bool:
    """Whether a condition holds for these answers (it may test decided fields)."""
    return condition_test(policy, answers)(condition)


def condition_test(policy: Policy, answers: Mapping[str, Any]) -> Callable[[Condition], bool]:
    """A test of many conditions against one incident: fields are decided once, then shared."""
    return program_of(policy).run(answers).walk
