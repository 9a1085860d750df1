"""The assessment record: the JSON contract of ``comms assess --format json``.

Keys (stable; documented in the README):

- ``version``: the comms version that made the record;
- ``policy``: ``{"path", "sha256"}`` of the rule folder used;
- ``answers``: the answers to the questions that were asked;
- ``decision``: one key per decision field: bool and enum values, lists of records
  for records fields, and ``[{"id", "text"}]`` for set fields;
- ``fired``: the rules that decided something, in rule order, each with ``rule``,
  ``file``, ``line``, ``reason`` (its ``because``) and ``decided`` (the slots);
- ``warnings``: answers ignored because their question was not asked.
"""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .engine import Decision
from .paths import shown_path
from .policy.model import SET, Policy


def build_record(policy: Policy, answers: dict[str, Any], decision: Decision, warnings: list[str]) -> dict[str, Any]:
    """The record of one assessment, as plain JSON-ready data."""
    return {
        "version": __version__,
        "policy": {"path": shown_path(str(policy.root)), "sha256": policy.sha256},
        "answers": answers,
        "decision": decision_json(policy, decision),
        "fired": [
            {
                "rule": fired.rule.id,
                "file": shown_path(fired.rule.loc.path),
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
            value = [{"id": item, "text": spec.labels.get(item, item)} for item in value]
        result[name] = value
    return result


def to_json(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"



