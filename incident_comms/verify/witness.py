"""Turning a region into something a person can use: a real answers file and a short description."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine import is_asked
from ..policy.model import ALWAYS, MULTIPLE, Question
from .diagram import FALSE
from .space import AnswerSpace, Variable


def counterexample(space: AnswerSpace, region: int) -> dict[str, Any] | None:
    """Answers, one per asked question, that lie in `region` (None if it is empty).

    `region` must lie within the valid space. Values not pinned by the region are
    the question's default, else its first choice; unchosen items stay unpicked.
    """
    path = space.diagram.some_path(region, preferences(space))
    return None if path is None else answers_at(space, path)


def answers_at(space: AnswerSpace, path: dict[int, int]) -> dict[str, Any]:
    """The answers file for a point of the valid space (var -> value index; a missing
    variable takes the question's default, else its first choice, or no item)."""
    answers: dict[str, Any] = {}
    for question in space.policy.questions:
        if question.ask_when != ALWAYS and not is_asked(question, answers, space.policy):
            continue
        if question.kind == MULTIPLE:
            answers[question.id] = _items(space, question, path)
        else:
            var = space.var_of[question.id]
            answers[question.id] = _representative(question, space.variables[var], path.get(var))
    return answers


def _items(space: AnswerSpace, question: Question, path: dict[int, int]) -> list[Any]:
    return [item for item in question.values if path.get(space.choice_var.get((question.id, item), -1)) == 1]


def _representative(question: Question, variable: Variable, index: int | None) -> Any:
    asked = [c for c in variable.classes if c]
    values = variable.classes[index] if index is not None and variable.classes[index] else asked[0]
    return question.default if question.default in values else values[0]


def preferences(space: AnswerSpace) -> list[list[int]]:
    """For each variable, the class holding the question's default first."""
    return [
        [i for i, values in enumerate(v.classes) if not v.is_choice and v.question.default in values]
        for v in space.variables
    ]


Inside = Callable[[dict[int, set[int]]], bool]


def describe(space: AnswerSpace, region: int) -> str:
    """A short description of a part of `region`, such as ``security=true, definite_impact=false``.

    Starts from one path into the region, drops every test the region does not
    need and widens the rest, so it reads like the rule someone forgot to write.
    """
    path = space.diagram.some_path(region, preferences(space))
    if path is None:
        return ""
    return describe_around(space, path, lambda literals: _inside(space, literals, region))


def describe_around(space: AnswerSpace, path: dict[int, int], inside: Inside) -> str:
    """Like ``describe``, for the region around a point that `inside` tells apart: whether
    every valid answer matching some tests (var -> allowed value indexes) lies in it."""
    literals = {var: {value} for var, value in path.items()}
    for var in list(literals):
        trial = {v: s for v, s in literals.items() if v != var}
        if inside(trial):
            literals = trial
    for var in literals:
        for value in range(len(space.variables[var].classes)):
            if value not in literals[var] and inside({**literals, var: literals[var] | {value}}):
                literals[var] = literals[var] | {value}
    shown = sorted(literals.items(), key=lambda item: space.asking_order(item[0]))
    return ", ".join(_show(space.variables[var], sorted(allowed)) for var, allowed in shown) or "any answers"


def _inside(space: AnswerSpace, literals: dict[int, set[int]], region: int) -> bool:
    dd = space.diagram
    box = dd.conj(dd.cube(literals), space.valid)
    return box != FALSE and dd.subset(box, region)


def _show(variable: Variable, allowed: list[int]) -> str:
    name = variable.question.id
    if variable.is_choice:
        verb = "includes" if allowed == [1] else "does not include"
        return f"{name} {verb} {variable.choice}"
    values = [value for i in allowed for value in variable.classes[i]]
    unasked = any(not variable.classes[i] for i in allowed)
    if not values:
        return f"{name} not asked"
    shown = [_text(v) for v in values]
    text = f"{name}={shown[0]}" if len(shown) == 1 else f"{name} in {{{', '.join(shown)}}}"
    return f"{text} or not asked" if unasked else text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
