"""The JSON Schema (draft-07) of rule files, for editors: completion, hover, red squiggles.

Printed by ``comms schema`` and checked in as ``schema/comms-rules.schema.json``;
rule files point at it with a modeline, which yaml-language-server (VS Code,
Neovim, ...) reads::

    # yaml-language-server: $schema=../schema/comms-rules.schema.json

Draft-07 because yaml-language-server supports no later draft. The schema is the
editor's view of the format; ``comms lint`` stays the authority (it also checks
references between files, which a JSON Schema cannot).
"""

from __future__ import annotations

import json
from typing import Any

from .policy.format import list_of, ref

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file, as a JSON-ready dict: each section's declarations."""
    from .policy.sections import all_sections

    definitions: dict[str, Any] = {}
    for section in all_sections():
        definitions.update({declared.name: declared.json_schema() for declared in section.MAPS})
    return {
        "$schema": DRAFT_07,
        "title": "comms rule file",
        "description": "One file of a comms policy folder: any of its sections.",
        "type": "object",
        "additionalProperties": False,
        "properties": {section.NAME: section.json_schema() for section in all_sections()},
        "definitions": {**definitions, **_condition_definitions()},
    }


def schema_text() -> str:
    """The schema as the JSON text ``comms schema`` prints and the repository holds."""
    return json.dumps(rules_schema(), indent=2, ensure_ascii=False) + "\n"


def _condition_definitions() -> dict[str, Any]:
    """The condition language, from its declarations (``policy/conditions.py``)."""
    from .policy.conditions import ANSWER_IN, ANSWER_INCLUDES, COMBINED, FIELD_TEST

    conditions = list_of(ref("condition"))
    return {
        "condition": {
            "description": "A condition (see rules/README.md): all, any, not, fact, field, or question answers.",
            "anyOf": [
                {**conditions, "description": "A list: all of these hold."},
                FIELD_TEST.json_schema(),
                COMBINED.json_schema(),
            ],
        },
        "answer_test": {"anyOf": [{"type": ["string", "boolean"]}, ANSWER_IN.json_schema(), ANSWER_INCLUDES.json_schema()]},
    }

