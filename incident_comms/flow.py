"""The question flow, free of any prompting library.

`ask` is called for each question that is asked and not already answered; it
returns the answer (the real one, in ``prompting``, uses questionary; tests inject
their own). Questions are taken in order and asked only when their condition holds
for the answers so far, so a skipped question is never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .answers import coerce
from .engine import is_asked
from .policy.model import Policy, Question

Ask = Callable[[Question], Any]


def run_flow(policy: Policy, prefilled: Mapping[str, Any], ask: Ask) -> dict[str, Any]:
    """Answers to every asked question, in asking order: from `prefilled`, else from `ask`.

    Each answer is checked as an answers-file answer would be, so prompting and
    ``--answers`` give identical answers (several choices in the question's order).
    """
    answers: dict[str, Any] = {}
    for question in policy.questions:
        if not is_asked(question, answers, policy):
            continue
        raw = prefilled[question.id] if question.id in prefilled else ask(question)
        answers[question.id] = coerce(question, raw, "prompt")
    return answers
