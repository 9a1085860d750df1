"""The ``rules:`` section: when to decide what, and why.

Read by ``policy/decisions.py`` into ``Rule`` objects (``Policy.rules``).
"""

from __future__ import annotations

from typing import Any

from ..format import CONDITION, ID, Key, Map, list_of, ref
from ..readchecks import CYCLES, DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "rules"
DOC = "when to decide what, and why"
SHAPE = "list"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID, CYCLES)

RULE = Map("rule", "A rule: the first matching rule decides each slot; set fields collect items.", (
    Key("id", ID, "Rule id (unique in the policy).", required=True),
    Key("when", CONDITION, "When the rule applies (default: always)."),
    Key("then", {"type": "object", "minProperties": 1, "propertyNames": ID},
        "What the rule decides: field -> value (a records field: key -> record or none).", required=True),
    Key("because", {"type": "string", "minLength": 1}, "Why: cite the handbook.", required=True),
), id_key="id")
MAPS = (RULE,)


def json_schema() -> dict[str, Any]:
    return {**list_of(ref("rule")), "description": DOC}
