"""Reading a saved assessment record: the one reader, for `--answers` and `checklist --from`.

A record is the JSON object `comms assess --output` writes. It is read with the
hardened reader of every comms file (JSON is YAML), so the same limits apply and a
duplicate key anywhere in it is refused with its line, as in an answers file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import CommsError, Location
from .frozen import Frozen
from .yamlsafe import YMap, load_file


class SavedRecord(Frozen):
    """The parts of a ``comms assess --output`` record that are read back."""

    answers: YMap
    policy_sha256: str | None


def looks_like_record(tree: Any) -> bool:
    """Whether a file read as answers is a saved record (answers and a decision)."""
    return isinstance(tree, YMap) and "answers" in tree and "decision" in tree


def read_record(path: Path) -> SavedRecord:
    """Read a saved assessment record; anything that is not one is a CommsError."""
    return record_from_tree(load_file(path), Location(str(path)))


def read_record_tree(path: Path) -> YMap:
    """The whole of a saved record, checked as :func:`read_record` checks it, with its decision."""
    tree = load_file(path)
    record_from_tree(tree, Location(str(path)))
    if not isinstance(tree.get("decision"), dict):
        raise CommsError("not a saved record: it has no \"decision\" object (comms assess --output)", tree.loc)
    return tree


def record_from_tree(tree: Any, where: Location) -> SavedRecord:
    """The record in a file's tree (read by :func:`read_record` or as an answers file)."""
    if tree is None:
        raise CommsError("not a saved record: the file is empty (save one with `comms assess --output`)", where)
    if not isinstance(tree, YMap):
        raise CommsError("not a saved record: expected a JSON object from `comms assess --output`", where)
    if "answers" not in tree:
        raise CommsError("not a saved record: it has no \"answers\" (save one with `comms assess --output`)", where)
    answers = tree["answers"]
    if not isinstance(answers, YMap):
        raise CommsError("\"answers\" must be an object of question ids to answers", tree.loc_of("answers"))
    return SavedRecord(answers, _sha256(tree, where))


def _sha256(tree: YMap, where: Location) -> str | None:
    policy = tree.get("policy")
    if policy is None:
        return None
    if not isinstance(policy, dict) or not isinstance(policy.get("sha256", ""), str):
        raise CommsError("\"policy\" must be an object with a \"sha256\" text", tree.loc_of("policy"))
    return policy.get("sha256")
