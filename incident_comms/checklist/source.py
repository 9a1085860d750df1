"""Where a tailored checklist's answers come from: a saved record or an answers file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import CommsError, Location
from ..frozen import Frozen
from ..yamlsafe import read_text


class SavedRecord(Frozen):
    """The parts of a ``comms assess --output`` record the checklist uses."""

    answers: dict[str, Any]
    policy_sha256: str | None


def read_record(path: Path) -> SavedRecord:
    """Read a saved assessment record; anything that is not one is a CommsError."""
    where = Location(str(path))
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = Location(str(path), exc.lineno, exc.colno)
        raise CommsError(f"not a saved record (invalid JSON: {exc.msg}); for an answers file use --answers", where) from None
    except (RecursionError, ValueError):
        raise CommsError("not a saved record (JSON nested too deeply or numbers too long)", where) from None
    if not isinstance(data, dict):
        raise CommsError("not a saved record: expected a JSON object from `comms assess --output`", where)
    if "answers" not in data:
        raise CommsError("not a saved record: it has no \"answers\" (save one with `comms assess --output`)", where)
    answers = data["answers"]
    if not isinstance(answers, dict):
        raise CommsError("\"answers\" must be an object of question ids to answers", where)
    return SavedRecord(answers, _sha256(data.get("policy"), where))


def _sha256(policy: Any, where: Location) -> str | None:
    if policy is None:
        return None
    if not isinstance(policy, dict) or not isinstance(policy.get("sha256", ""), str):
        raise CommsError("\"policy\" must be an object with a \"sha256\" text", where)
    return policy.get("sha256")
