"""The ``invariants:`` section: promises the policy keeps for every incident.

Read by ``policy/decisions.py`` into ``Invariant`` objects (``Policy.invariants``);
``comms lint`` proves them.
"""

from __future__ import annotations

from typing import Any

from ..format import CONDITION, ID, TEXT, Key, Map, list_of, ref
from ..readchecks import DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "invariants"
DOC = "promises `comms lint` proves over every possible incident"
SHAPE = "list"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID)

INVARIANT = Map("invariant", "A promise the policy keeps for every possible incident.", (
    Key("id", ID, "Invariant id.", required=True),
    Key("when", CONDITION, "When the promise applies (default: always)."),
    Key("require", CONDITION, "What must then hold of the decision.", required=True),
    Key("because", TEXT, "Why the policy promises this.", required=True),
), id_key="id")
MAPS = (INVARIANT,)


def json_schema() -> dict[str, Any]:
    return {**list_of(ref("invariant")), "description": DOC}
