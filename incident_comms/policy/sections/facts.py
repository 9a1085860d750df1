"""The ``facts:`` section: derived facts, named conditions that rules share.

Read by ``policy/catalogue.py`` into ``Fact`` objects (``Policy.facts``).
"""

from __future__ import annotations

from typing import Any

from ..format import CONDITION, ID, TEXT, Key, Map, list_of, ref
from ..readchecks import CYCLES, DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "facts"
DOC = "named conditions, written once and used by many rules"
SHAPE = "list"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID, CYCLES)

FACT = Map("fact", "A derived fact.", (
    Key("id", ID, "Fact id, used as {fact: ID}.", required=True),
    Key("when", CONDITION, "When the fact holds (answers and other facts only).", required=True),
    Key("description", TEXT, "What the fact means."),
), id_key="id")
MAPS = (FACT,)


def json_schema() -> dict[str, Any]:
    return {**list_of(ref("fact")), "description": DOC}
