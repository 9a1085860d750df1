"""The ``tests:`` section: worked examples, answers and what the policy must decide.

Read by ``policy/decisions.py`` into ``PolicyTest`` objects (``Policy.tests``);
``comms lint`` runs them (``policy/testing.py``).
"""

from __future__ import annotations

from typing import Any

from ..format import TEXT, Key, Map, list_of, ref
from ..readchecks import DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "tests"
DOC = "named answer sets with the decision they must give"
SHAPE = "list"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID)

TEST = Map("test", "A policy test case.", (
    Key("name", TEXT, "Test name (unique in the policy).", required=True),
    Key("answers", {"type": "object"}, "Answers to exactly the questions that are asked.", required=True),
    Key("expect", {"type": "object", "minProperties": 1},
        "Expected fields (or records slots such as messages.email).", required=True),
), id_key="name")
MAPS = (TEST,)


def json_schema() -> dict[str, Any]:
    return {**list_of(ref("test")), "description": DOC}
