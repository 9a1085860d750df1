"""Answers: read from a file or ``--set id=value``, checked against the questions.

An answers file is a YAML or JSON mapping of question ids to answers. A saved
assessment record (``comms assess --output``) is accepted too: its ``answers`` are
used. Yes-no answers are true/false (``yes``/``no`` also read); several-choices
answers are lists (``--set products=logs,cdp`` on the command line).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .engine import is_asked
from .errors import CommsError, Location
from .frozen import Frozen
from .policy.model import MULTIPLE, YES_NO, Policy, Question
from .record_file import looks_like_record, record_from_tree
from .safetext import excerpt
from .yamlsafe import YMap, load_file

_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off"}


class CheckedAnswers(Frozen):
    """Answers to the questions that are asked, in asking order."""

    answers: dict[str, Any]
    missing: tuple[str, ...]  # asked, but not answered
    ignored: tuple[str, ...]  # answered, but not asked (each is a warning)


def ignored_warning(qid: str) -> str:
    """The warning for an answer given to a question that is not asked."""
    return f"ignored the answer to {qid!r}: that question is not asked for these answers"


def read_answers_file(path: Path) -> tuple[dict[str, Any], dict[str, Location]]:
    """The answers in a file, with where each is written."""
    tree = load_file(path)
    where = Location(str(path), 1, 1)
    if looks_like_record(tree):
        tree = record_from_tree(tree, where).answers
    if tree is None:
        raise CommsError("empty answers file: expected a mapping of question ids to answers", where)
    if not isinstance(tree, YMap):
        raise CommsError("an answers file must be a mapping of question ids to answers", where)
    return dict(tree), {key: tree.loc_of(key) for key in tree}


def parse_set_options(options: list[str]) -> dict[str, str]:
    """``--set id=value`` options as a mapping (the last one wins)."""
    result: dict[str, str] = {}
    for option in options:
        qid, sep, value = option.partition("=")
        if not sep or not qid.strip():
            raise CommsError(f"--set {excerpt(option)}: expected QUESTION=VALUE, e.g. --set severity=major")
        result[qid.strip()] = value.strip()
    return result


def coerce(question: Question, raw: Any, where: str | Location) -> Any:
    """Turn a raw answer (YAML value or command-line text) into a checked answer."""
    loc = where if isinstance(where, Location) else None
    prefix = "" if loc else f"{where}: "
    if question.kind == YES_NO:
        value = _yes_no(raw)
        if value is None:
            raise CommsError(f"{prefix}{question.id}: {excerpt(raw)} is not an answer (yes or no)", loc)
        return value
    allowed = ", ".join(question.values)
    if question.kind == MULTIPLE:
        items = _items(raw)
        bad = [item for item in items or () if item not in question.values]
        if items is None or bad:
            shown = bad[0] if bad else raw
            raise CommsError(f"{prefix}{question.id}: {excerpt(shown)} is not a choice ({allowed})", loc)
        return [v for v in question.values if v in items]
    if not isinstance(raw, str) or raw not in question.values:
        raise CommsError(f"{prefix}{question.id}: {excerpt(raw)} is not an answer ({allowed})", loc)
    return raw


def _yes_no(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        text = raw.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else None
    return None


def _items(raw: Any) -> list[str] | None:
    if isinstance(raw, str):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return list(raw)
    return None


def check_answers(
    policy: Policy, raw: Mapping[str, Any], locs: Mapping[str, Location] | None = None, source: str = "answers"
) -> CheckedAnswers:
    """Check raw answers against the questions.

    Unknown question ids, and values outside an asked question's choices, are errors
    that name the allowed values. Answers to questions not asked are ignored (not
    checked) and listed in `ignored`; asked questions without an answer are listed
    in `missing`.
    """
    locs = locs or {}
    known = policy.question_ids
    for qid in raw:
        if qid not in known:
            raise CommsError(
                f"{'' if qid in locs else source + ': '}unknown question {excerpt(qid)} (questions: {', '.join(known)})",
                locs.get(qid),
            )
    answers: dict[str, Any] = {}
    missing: list[str] = []
    ignored: list[str] = []
    for question in policy.questions:
        asked = is_asked(question, answers, policy)
        if question.id not in raw:
            if asked:
                missing.append(question.id)
            continue
        if asked:
            answers[question.id] = coerce(question, raw[question.id], locs.get(question.id) or source)
        else:
            ignored.append(question.id)
    return CheckedAnswers(answers, tuple(missing), tuple(ignored))
