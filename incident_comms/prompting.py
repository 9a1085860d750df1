"""The one prompting seam: the only module that imports questionary."""

from __future__ import annotations

from typing import Any

from .policy.model import MULTIPLE, YES_NO, Question
from .safetext import clean


def ask_question(question: Question) -> Any:
    """Ask one question in the terminal; Ctrl-C raises KeyboardInterrupt."""
    import questionary

    message = clean(question.prompt)
    if question.kind == YES_NO:
        return questionary.confirm(message, default=bool(question.default)).unsafe_ask()
    choices = [questionary.Choice(clean(c.label), value=c.value) for c in question.choices]
    if question.kind == MULTIPLE:
        return questionary.checkbox(message, choices=choices).unsafe_ask()
    default = question.default if question.default in question.values else None
    return questionary.select(message, choices=choices, default=default).unsafe_ask()
