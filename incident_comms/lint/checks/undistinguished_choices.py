"""undistinguished-choices: every choice of a question can make a difference.

A question that is not marked ``informational: true`` is there to steer the
decision. This check warns when

- no condition (in rules, facts, ``ask_when``, invariants, checklist items or
  drafts) tests the question at all, or
- some of its choices are never told apart: every condition that accepts one of
  them accepts the others too (for a several-choices question: choices that no
  condition tests, so picking them changes nothing).

Either a rule is missing, or the choices could be merged, or the question is only
kept for the record and should say ``informational: true``. A choice that only
changes the tailored checklist still changes what the Comms Lead is told to do,
so checklist conditions count; so do the drafts' (a choice that picks the wording).

PASS::

    questions:
      - id: severity
        kind: single
        choices: [{value: minor}, {value: major}, {value: critical}]
    facts:
      - {id: critical, when: {severity: critical}}
      - {id: major_or_critical, when: {severity: {in: [major, critical]}}}

FAIL (``none`` and ``delayed`` are always treated alike)::

    questions:
      - id: data_impact
        kind: single
        choices: [{value: none}, {value: delayed}, {value: lost}]
    facts:
      - {id: data_lost, when: {data_impact: lost}}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ...lint.context import LintContext
from ...policy.model import MULTIPLE, AnswerIncludes, Question
from ...problems import Problem
from ...verify.space import AnswerSpace, atoms, value_classes
from ..verified import shared_analysis
from .checklist import checklist_conditions
from .drafts import draft_conditions

ID = "undistinguished-choices"
LEVEL = "warning"


def check(ctx: LintContext) -> Iterable[Problem]:
    """A problem per unused question and per group of choices no condition tells apart."""
    if ctx.policy is None:
        return []
    layout = shared_analysis(ctx).layout()  # the verifier's: its tests and classes are made once per run
    more: dict[str, list[Any]] = {}
    for condition in (*checklist_conditions(ctx), *draft_conditions(ctx)):
        for atom in atoms(condition):
            more.setdefault(atom.question, []).append(atom)
    return [p for q in ctx.policy.questions if not q.informational
            for p in _problems(q, layout.tests.get(q.id, []) + more.get(q.id, []), _classes(layout, q, more))]


def _classes(layout: AnswerSpace, question: Question, more: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
    """The question's value classes with the checklist's and drafts' tests too (the verifier's
    own, unless those tests tell more values apart)."""
    if question.kind == MULTIPLE:
        return []
    if question.id in more or question.id not in layout.var_of:
        return value_classes(question, layout.tests.get(question.id, []) + more.get(question.id, []))
    return [values for values in layout.variables[layout.var_of[question.id]].classes if values]


def _problems(question: Question, tests: list[Any], classes: list[tuple[Any, ...]]) -> Iterator[Problem]:
    if not tests:
        yield _problem(
            question,
            f"question {question.id!r} is tested by no condition, so its answer never changes the decision; "
            "use it in a rule, or mark it informational: true",
        )
    elif question.kind == MULTIPLE:
        tested = {t.value for t in tests if isinstance(t, AnswerIncludes)}
        untested = [v for v in question.values if v not in tested]
        if untested:
            yield _problem(
                question,
                f"{_choices(untested)} of {question.id!r} {_are(untested)} tested by no condition, "
                "so picking them changes nothing",
            )
    else:
        for values in classes:
            if len(values) > 1:
                yield _problem(
                    question,
                    f"{_choices(values)} of {question.id!r} are treated alike by every condition; "
                    "add a rule that tells them apart, or merge them",
                )


def _problem(question: Question, message: str) -> Problem:
    return Problem(question.loc, ID, LEVEL, message)


def _choices(values: Sequence[Any]) -> str:
    shown = [_text(v) for v in values]
    if len(shown) == 1:
        return f"choice {shown[0]}"
    return "choices " + ", ".join(shown[:-1]) + " and " + shown[-1]


def _are(values: list[Any]) -> str:
    return "is" if len(values) == 1 else "are"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
