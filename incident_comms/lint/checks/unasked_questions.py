"""unasked-questions: every question can be asked.

A question with ``ask_when`` is asked only when that condition holds for the
answers given before it. If no valid earlier answers make it hold, the question
is never asked and every rule that tests it never sees an answer.

PASS::

    questions:
      - {id: security, kind: yes_no, prompt: Is this a security incident?}
      - id: users_can_act
        ask_when: {security: true}
        kind: yes_no
        prompt: Can users reduce their risk?

FAIL (``data_exposed`` is asked only for a security incident that is not one)::

    questions:
      - {id: security, kind: yes_no, prompt: Is this a security incident?}
      - id: data_exposed
        ask_when: {all: [{security: true}, {security: false}]}
        kind: yes_no
        prompt: Is exposure of customer data confirmed?
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...lint.context import LintContext
from ...problems import Problem
from ...verify import Analysis
from ..verified import verified

ID = "unasked-questions"
LEVEL = "warning"


def check(ctx: LintContext) -> Iterable[Problem]:
    """A problem per question whose ask_when can never hold."""
    return verified(ctx, ID, _find)


def _find(analysis: Analysis) -> Iterator[Problem]:
    for question in analysis.never_asked():
        yield Problem(
            question.loc,
            ID,
            LEVEL,
            f"question {question.id!r} is never asked: its ask_when holds for no possible earlier answers",
        )
