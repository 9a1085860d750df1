"""`comms assess --incident ID`: start from the incident's last answers, save the assessment.

The last answers that no longer fit the policy (a question it does not have, a value
it does not accept) are dropped with a warning, so a changed policy asks them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..answers import coerce
from ..errors import CommsError
from ..policy.model import Policy, Question

if TYPE_CHECKING:  # the store (sqlite3) loads only with --incident, not before every first question
    from ..store import Entry


def last_answers(policy: Policy, entry: Entry | None) -> tuple[dict[str, Any], list[str]]:
    """The answers of the last assessment that still fit `policy`, and a warning for each dropped one."""
    record = entry.body.get("record") if entry is not None else None
    answers = record.get("answers") if isinstance(record, dict) else None
    if not isinstance(answers, dict):
        return {}, []
    kept: dict[str, Any] = {}
    warnings: list[str] = []
    known = set(policy.question_ids)
    for qid, value in answers.items():
        if qid not in known:
            warnings.append(f"the last assessment answered {qid!r}, which this policy does not ask; dropped")
            continue
        try:
            kept[qid] = coerce(policy.question(qid), value, "journal")
        except CommsError:
            warnings.append(f"the last answer to {qid!r} ({value!r}) does not fit this policy; asking again")
    return kept, warnings


def with_last_answer(question: Question, last: dict[str, Any]) -> Question:
    """The question with its last answer as the default (a re-assessment is a few Enters)."""
    return question.replace(default=last[question.id]) if question.id in last else question
