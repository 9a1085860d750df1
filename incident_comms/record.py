"""The assessment record: the JSON contract of ``comms assess --format json``.

Keys (stable; documented in the README):

- ``version``: the comms version that made the record;
- ``policy``: ``{"path", "sha256", "name", "version"}`` of the rule folder used (name
  and version as the policy declares them, null when it does not);
- ``answers``: the answers to the questions that were asked;
- ``decision``: one key per decision field: bool and enum values (ids), lists of
  records for records fields, and ``[{"id", "text"}]`` for set fields;
- ``labels``: the text of each decided enum value (``{"headline": "WAIT: ..."}``);
- ``fired``: the rules that decided something, in rule order, each with ``rule``,
  ``file`` (relative to the policy folder), ``line``, ``reason`` (its ``because``)
  and ``decided`` (the slots);
- ``warnings``: answers ignored because their question was not asked.
"""

from __future__ import annotations

from typing import Any

from . import __version__
from .engine import Decision
from .paths import shown_path
from .policy.model import ENUM, SET, Policy
from .safetext import json_text


def build_record(policy: Policy, answers: dict[str, Any], decision: Decision, warnings: list[str]) -> dict[str, Any]:
    """The record of one assessment, as plain JSON-ready data."""
    return {
        "version": __version__,
        "policy": policy_json(policy),
        "answers": answers,
        "decision": decision_json(policy, decision),
        "labels": labels_json(policy, decision),
        "fired": [
            {
                "rule": fired.rule.id,
                "file": in_policy_folder(policy, fired.rule.loc.path),
                "line": fired.rule.loc.line,
                "reason": fired.rule.because,
                "decided": list(fired.slots),
            }
            for fired in decision.fired
        ],
        "warnings": warnings,
    }


def decision_json(policy: Policy, decision: Decision) -> dict[str, Any]:
    """The decision fields as JSON data: set items become ``{"id", "text"}``."""
    result: dict[str, Any] = {}
    for name, spec in policy.fields.items():
        value = decision.values[name]
        if spec.type == SET:
            value = [{"id": item, "text": spec.label(item)} for item in value]
        result[name] = value
    return result


def policy_json(policy: Policy) -> dict[str, Any]:
    """Which policy decided: its folder, digest, and the name and version it declares (or null)."""
    return {
        "path": shown_path(str(policy.root)),
        "sha256": policy.sha256,
        "name": _declared(policy, "name"),
        "version": _declared(policy, "version"),
    }


def _declared(policy: Policy, key: str) -> Any:
    value = getattr(policy, key, None)
    return value if value not in ("", None) else None


def labels_json(policy: Policy, decision: Decision) -> dict[str, str]:
    """The text of each decided enum value, by field (undecided fields are left out)."""
    return {
        name: spec.label(decision.values[name])
        for name, spec in policy.fields.items()
        if spec.type == ENUM and decision.values[name] is not None
    }


def in_policy_folder(policy: Policy, path: str) -> str:
    """`path` relative to the policy folder (POSIX), as "why" and ``fired`` show it."""
    import os
    from pathlib import PurePath

    try:
        return PurePath(os.path.relpath(path, policy.root)).as_posix()
    except ValueError:  # another drive (Windows)
        return shown_path(path)


def to_json(record: dict[str, Any]) -> str:
    return json_text(record)
