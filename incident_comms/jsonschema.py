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

from .policy.format import ID as _ID
from .policy.format import ID_PATTERN
from .policy.format import TEXT as _TEXT

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file, as a JSON-ready dict: each section's declarations."""
    from .policy.sections import SECTIONS

    definitions: dict[str, Any] = {}
    for section in SECTIONS:
        definitions.update({declared.name: declared.json_schema() for declared in section.MAPS})
    return {
        "$schema": DRAFT_07,
        "title": "comms rule file",
        "description": "One file of a comms policy folder: any of its sections.",
        "type": "object",
        "additionalProperties": False,
        "properties": {section.NAME: section.json_schema() for section in SECTIONS},
        "definitions": {**definitions, **_condition_definitions()},
    }


def schema_text() -> str:
    """The schema as the JSON text ``comms schema`` prints and the repository holds."""
    return json.dumps(rules_schema(), indent=2, ensure_ascii=False) + "\n"


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


def _object(properties: dict[str, Any], required: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _condition_definitions() -> dict[str, Any]:
    list_of = {"type": "array", "items": {"$ref": "#/definitions/condition"}}
    scalar = {"type": ["string", "boolean"]}
    field_test = {
        "type": "object",
        "properties": {
            "field": _described(_TEXT, "A field, or records.KEY.ATTRIBUTE."),
            "is": _described(scalar, "The field has this value."),
            "in": {"type": "array", "minItems": 1, "items": scalar, "description": "The field has one of these."},
            "includes": _described(_TEXT, "A set field has this item; a records field a record for this key."),
        },
        "required": ["field"],
        "minProperties": 2,
        "maxProperties": 2,
        "additionalProperties": False,
        "description": "{field: NAME, is: VALUE} | {field: NAME, in: [...]} | {field: NAME, includes: ITEM}",
    }
    answer_test = {"anyOf": [
        scalar,
        _object({"in": {"type": "array", "minItems": 1, "items": scalar}}, ("in",), "The answer is one of these."),
        _object({"includes": _TEXT}, ("includes",), "The answer (several choices) includes this."),
    ]}
    keywords_and_answers = {  # several keys in one mapping: all of them hold
        "type": "object",
        "minProperties": 1,
        "properties": {
            "all": _described(list_of, "All of these hold."),
            "any": _described(list_of, "At least one of these holds."),
            "not": {"$ref": "#/definitions/condition", "description": "This does not hold."},
            "fact": {**_ID, "description": "This derived fact holds."},
        },
        "propertyNames": {"pattern": ID_PATTERN.pattern, "not": {"enum": ["field"]}},
        "additionalProperties": {"$ref": "#/definitions/answer_test"},
        "description": "{QUESTION: VALUE, fact: NAME, all: [...], ...}: every key holds.",
    }
    return {
        "condition": {
            "description": "A condition (see rules/README.md): all, any, not, fact, field, or question answers.",
            "anyOf": [
                _described(list_of, "A list: all of these hold."),
                field_test,
                keywords_and_answers,
            ],
        },
        "answer_test": answer_test,
    }
