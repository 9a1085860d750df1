"""Answers: read from a file or ``--set id=value``, checked against the questions.

An answers file is a YAML or JSON mapping of question ids to answers. A saved
assessment record (``comms assess --output``) is accepted too: its ``answers`` are
used. Yes-no answers are true/false (``yes``/``no`` also read); several-choices
answers are lists (``--set products=logs,cdp`` on the command line).

A file written for an earlier version of the policy is refused with one line that
names the replacement, from the questions' ``replaces`` (see ``rules/README.md``): an
old question id, or an old answer such as ``data_exposed: true``. A choice answered
``no`` or ``off`` (which YAML reads as false) is told so.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .engine import asking
from .errors import CommsError, Location
from .frozen import Frozen
from .policy.model import MULTIPLE, YES_NO, Policy, Question
from .record_file import looks_like_record, record_from_tree
from .safetext import excerpt
from .textfiles import read_text
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
    if isinstance(raw, bool) or (isinstance(raw, list) and any(isinstance(v, bool) for v in raw)):
        value = raw if isinstance(raw, bool) else next(v for v in raw if isinstance(v, bool))
        word = _as_written(loc, value, in_list=not isinstance(raw, bool))
        said = f"`{word}` is a yes-no answer" if word.lower() in ("true", "false") else (
            f"YAML reads `{word}` as {str(value).lower()}")
        raise CommsError(f"{prefix}{question.id}: {said}; the choices are {_allowed(question)}", loc)
    if question.kind == MULTIPLE:
        items = _items(raw)
        bad = [item for item in items or () if item not in question.values]
        if items is None or bad:
            shown = bad[0] if bad else raw
            raise CommsError(f"{prefix}{question.id}: {excerpt(shown)} is not a choice ({_allowed(question)})", loc)
        return [v for v in question.values if v in items]
    if not isinstance(raw, str) or raw not in question.values:
        raise CommsError(f"{prefix}{question.id}: {excerpt(raw)} is not an answer ({_allowed(question)})", loc)
    return raw


def _allowed(question: Question) -> str:
    return ", ".join(question.values)


_YAML_BOOLEAN = r"(?i)\b(yes|no|true|false|on|off)\b"  # compiled (and kept by re) when an error needs it


def _as_written(loc: Location | None, value: bool, in_list: bool = False) -> str:
    """The word the answers file wrote for a YAML boolean (``no``, ``off``...), read back from
    its line (the first such word of a list written on it); ``true``/``false`` when it cannot
    be read again (not a regular file, say). Only ever called for an error message."""
    fallback = str(value).lower()
    if loc is None or loc.line < 1:
        return fallback
    try:
        path = Path(loc.path)
        if not stat.S_ISREG(path.stat().st_mode):
            return fallback
        lines = read_text(path).splitlines()
    except (OSError, CommsError):
        return fallback
    line = lines[loc.line - 1] if loc.line <= len(lines) else ""
    start = max(loc.column - 1, 0)
    boolean = re.compile(_YAML_BOOLEAN)
    found = boolean.search(line, start) if in_list else boolean.match(line, start)
    return found.group(1) if found else fallback


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
    by_id = {question.id: question for question in policy.questions}
    for qid in raw:
        _refuse_earlier_version(policy, by_id, qid, raw[qid], locs.get(qid), source)
        if qid not in by_id:
            raise CommsError(
                f"{'' if qid in locs else source + ': '}unknown question {excerpt(qid)} (questions: {', '.join(by_id)})",
                locs.get(qid),
            )
    answers: dict[str, Any] = {}
    missing: list[str] = []
    ignored: list[str] = []
    for question, asked in asking(policy, answers):  # sees each answer as it is added
        if question.id not in raw:
            if asked and question.optional:
                answers[question.id] = question.default
            elif asked:
                missing.append(question.id)
            continue
        if asked:
            answers[question.id] = coerce(question, raw[question.id], locs.get(question.id) or source)
        else:
            ignored.append(question.id)
    return CheckedAnswers(answers, tuple(missing), tuple(ignored))


def _refuse_earlier_version(
    policy: Policy, by_id: Mapping[str, Question], qid: str, raw: Any, loc: Location | None, source: str
) -> None:
    """One line naming the replacement, for an id or an answer of an earlier policy version."""
    question = by_id.get(qid)
    if question is not None and question.replaces is None:  # the common case: nothing to refuse
        return
    prefix = "" if loc else f"{source}: "
    shown = _shown(raw)
    replacement = policy.replacement_for(qid) if question is None else None
    if replacement is not None and replacement.replaces is not None:
        now = _old_answer(replacement, raw)
        hint = f"; {qid}: {shown} is now {replacement.id}: {now}" if now is not None else ""
        raise CommsError(
            f"{prefix}{qid!r} is a question of an earlier version of the policy: it is now {replacement.id!r}"
            f" ({', '.join(map(str, replacement.values))}){hint}",
            loc,
        )
    if question is None or question.replaces is None or _is_current(question, raw):
        return
    now = _old_answer(question, raw)
    if now is not None:
        raise CommsError(
            f"{prefix}{qid}: {shown} is an answer of an earlier version of the policy; it is now {qid}: {now}"
            f" (the answers are {', '.join(map(str, question.values))})",
            loc,
        )


def _old_answer(question: Question, raw: Any) -> Any:
    """What an old answer is now (a yes-no word such as ``--set x=yes`` read as yes-no too)."""
    assert question.replaces is not None
    now = question.replaces.answer_for(raw)
    if now is None and isinstance(raw, str) and _yes_no(raw) is not None:
        now = question.replaces.answer_for(_yes_no(raw))
    return now


def _is_current(question: Question, raw: Any) -> bool:
    try:
        coerce(question, raw, "answers")
    except CommsError:
        return False
    return True


def _shown(raw: Any) -> str:
    return str(raw).lower() if isinstance(raw, bool) else str(raw)
