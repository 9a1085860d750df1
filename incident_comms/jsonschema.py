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

from .policy.model import FIELD_TYPES, QUESTION_KINDS
from .policy.schema import ID_PATTERN
from .recipients.model import COLUMNS as RECIPIENT_COLUMNS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
FACT_KEYS = ("id", "when", "description")
TEST_KEYS = ("name", "answers", "expect")
INVARIANT_KEYS = ("id", "when", "require", "because")
_ID = {"type": "string", "pattern": ID_PATTERN.pattern}
_TEXT = {"type": "string"}


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file, as a JSON-ready dict."""
    sections = {
        "policy": {"$ref": "#/definitions/policy"},
        "questions": _list_of("question", "The scoping questions, asked in `order` (then file order)."),
        "facts": _list_of("fact", "Derived facts: named conditions that rules share, written once."),
        "fields": {
            "type": "object",
            "description": "What the policy decides: field name -> definition.",
            "propertyNames": _ID,
            "additionalProperties": {"$ref": "#/definitions/field"},
        },
        "rules": _list_of("rule", "Rules: when a condition holds, decide fields (see rules/README.md)."),
        "tests": _list_of("test", "Worked examples: answers and what the policy must decide; `comms lint` runs them."),
        "invariants": _list_of("invariant", "Promises the policy keeps for every incident; `comms lint` proves them."),
        "checklist": {
            "type": "array",
            "description": "The Comms Lead's checklist (`comms checklist`): a settings entry, then sections.",
            "items": {"type": "object"},
        },
        "drafts": {
            "type": "array",
            "description": "Message drafts (`comms draft`): a settings entry, then one entry per draft.",
            "items": {"anyOf": [{"$ref": "#/definitions/drafts_settings"}, {"$ref": "#/definitions/draft"}]},
        },
        "recipients": {
            "$ref": "#/definitions/recipients",
            "description": "Who gets the incident email (`comms recipients`): roles, columns, the Customer.io attribute.",
        },
    }
    return {
        "$schema": DRAFT_07,
        "title": "comms rule file",
        "description": "One file of a comms policy folder: any of its sections.",
        "type": "object",
        "additionalProperties": False,
        "properties": sections,
        "definitions": _definitions(),
    }


def schema_text() -> str:
    """The schema as the JSON text ``comms schema`` prints and the repository holds."""
    return json.dumps(rules_schema(), indent=2, ensure_ascii=False) + "\n"


def _list_of(definition: str, description: str) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": {"$ref": f"#/definitions/{definition}"}}


def _object(properties: dict[str, Any], required: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _definitions() -> dict[str, Any]:
    return {
        "policy": _policy(),
        "question": _question(),
        "replaces": _replaces(),
        "choice": _choice(),
        "fact": _object(
            {"id": _described(_ID, "Fact id, used as {fact: ID}."),
             "when": _condition_ref("When the fact holds (answers and other facts only)."),
             "description": _described(_TEXT, "What the fact means.")},
            ("id", "when"), "A derived fact.",
        ),
        "field": _field(),
        "value": _value(),
        "rule": _object(
            {"id": _described(_ID, "Rule id (unique in the policy)."),
             "when": _condition_ref("When the rule applies (default: always)."),
             "then": {"type": "object", "minProperties": 1, "propertyNames": _ID,
                      "description": "What the rule decides: field -> value (a records field: key -> record or none)."},
             "because": {"type": "string", "minLength": 1, "description": "Why: cite the handbook."}},
            ("id", "then", "because"), "A rule: the first matching rule decides each slot; set fields collect items.",
        ),
        "test": _object(
            {"name": _described(_TEXT, "Test name (unique in the policy)."),
             "answers": {"type": "object", "description": "Answers to exactly the questions that are asked."},
             "expect": {"type": "object", "minProperties": 1,
                        "description": "Expected fields (or records slots such as messages.email)."}},
            TEST_KEYS, "A policy test case.",
        ),
        "invariant": _object(
            {"id": _described(_ID, "Invariant id."),
             "when": _condition_ref("When the promise applies (default: always)."),
             "require": _condition_ref("What must then hold of the decision."),
             "because": _described(_TEXT, "Why the policy promises this.")},
            ("id", "require", "because"), "A promise the policy keeps for every possible incident.",
        ),
        **_drafts_definitions(),
        "recipients": _recipients(),
        **_condition_definitions(),
    }


def _recipients() -> dict[str, Any]:
    roles = {"type": "array", "items": {"type": ["string", "integer"]}}
    column = {"type": "string", "minLength": 1}
    properties = {
        "attribute": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                      "description": "The Customer.io attribute for the org names; the email draft's Liquid uses it."},
        "fallback": {"type": "string", "minLength": 1, "pattern": '^[^"\\n]*$',
                     "description": "The Liquid default when a person has no org name (it should never show)."},
        "recipient_roles": _described({**roles, "minItems": 1}, "Role values that count as owner or admin."),
        "other_roles": _described(roles, "Known role values that are not emailed (others are reported)."),
        "columns": _object({name: _described(column, f"The export's {name} column.") for name in RECIPIENT_COLUMNS},
                           (), "The export's column names (the --*-column options override them)."),
    }
    return _object(properties, ("attribute", "recipient_roles"), "The recipients settings.")


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


def _condition_ref(description: str) -> dict[str, Any]:
    return {"$ref": "#/definitions/condition", "description": description}


def _question() -> dict[str, Any]:
    properties = {
        "id": _described(_ID, "Question id: answers files and conditions use it."),
        "prompt": _described(_TEXT, "The question, as asked."),
        "kind": {"enum": list(QUESTION_KINDS), "description": "single: one choice; multiple: several; yes_no."},
        "help": _described(_TEXT, "Guidance shown with the question."),
        "choices": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/choice"},
                    "description": "The answers (not for yes_no questions)."},
        "default": {"type": ["string", "boolean", "array"], "description": "The suggested answer."},
        "ask_when": _condition_ref("Ask only when this holds (it may only use earlier questions)."),
        "order": {"type": "integer", "description": "Asking order (lower first; ties keep file order)."},
        "informational": {"type": "boolean", "description": "Kept in the record; no rule needs it."},
        "optional": {"type": "boolean",
                     "description": "An answers file may leave it out; its default is then the answer (needs a default)."},
        "replaces": {"$ref": "#/definitions/replaces",
                     "description": "What it takes over from an earlier version: answers files using the old id or values are refused, naming it."},
    }
    return _object(properties, ("id", "prompt", "kind"), "A scoping question.")


def _policy() -> dict[str, Any]:
    properties = {
        "name": _described(_TEXT, "The policy's name, carried by every record."),
        "version": {"type": ["integer", "string"], "minimum": 0, "minLength": 1, "maxLength": 64,
                    "description": "The policy's own version (2, or text such as 2026-12), carried by every record."},
        "settings": {"type": "object", "propertyNames": {"pattern": r"^[a-z_][a-z0-9_]*$"},
                     "additionalProperties": _TEXT,
                     "description": "Names (of people, channels) that {name} in any label or text stands for."},
    }
    return _object(properties, (), "Which policy this is (one `policy:` section per folder).")


def _replaces() -> dict[str, Any]:
    properties = {
        "id": _described(_ID, "The question's id in the earlier version (default: its own id)."),
        "values": {"type": "object", "minProperties": 1,
                   "additionalProperties": {"type": ["string", "boolean"]},
                   "description": "Old answer -> the answer it is now (true/false keys are yes-no answers)."},
    }
    return {**_object(properties, (), "What a question takes over from an earlier version of the policy."),
            "minProperties": 1}


def _choice() -> dict[str, Any]:
    long_form = _object(
        {"value": _described(_ID, "The answer value."), "label": _described(_TEXT, "Shown to people."),
         "help": _described(_TEXT, "Guidance for this choice.")},
        ("value",), "A choice with a label.",
    )
    return {"anyOf": [_described(_ID, "A choice: its value is its label."), long_form]}


def _value() -> dict[str, Any]:
    long_form = _object(
        {"value": _described(_ID, "The value id."), "label": _described(_TEXT, "Shown to people.")},
        ("value",), "A value with a label.",
    )
    return {"anyOf": [_described(_ID, "A value id."), long_form]}


def _field() -> dict[str, Any]:
    properties = {
        "type": {"enum": list(FIELD_TYPES), "description": "bool, enum (one value), set (items) or records."},
        "description": _described(_TEXT, "Shown with the decision."),
        "required": {"type": "boolean", "description": "Every assessment must decide it (lint proves it)."},
        "headline": {"type": "boolean", "description": "The field shown as the headline."},
        "values": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/value"},
                   "description": "The values (enum), items (set) or keys (records)."},
        "key": _described(_TEXT, "Records: the name of the key attribute (e.g. channel)."),
        "attributes": {"type": "object", "minProperties": 1, "propertyNames": _ID,
                       "additionalProperties": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/value"}},
                       "description": "Records: each attribute and its values (an id, or {value, label}), in order."},
        "group_by": _described(_ID, "Records: the attribute by which the plan groups records, in its declared order."),
    }
    return _object(properties, ("type",), "A decision field.")


def _names_to(name: dict[str, Any], value: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "propertyNames": name, "additionalProperties": value, "description": description}


def _drafts_definitions() -> dict[str, Any]:
    name = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
    detail = _object({"label": _described(_TEXT, "How it is asked for, and shown as [label] when not given."),
                      "help": _described(_TEXT, "Guidance shown when it is asked for.")},
                     ("label",), "An incident detail.")
    page = _object({"title": _TEXT, "url": _TEXT}, ("title",), "A handbook page.")
    settings = _object(
        {"messages_field": _described(_TEXT, "The records field whose every planned key needs a draft (default messages)."),
         "details": _names_to(name, detail, "The incident details templates may use as detail.NAME."),
         "values": _names_to(name, _TEXT, "Fixed texts templates may use as value.NAME."),
         "pages": {"type": "object", "additionalProperties": page, "description": "Handbook pages drafts cite."}},
        (), "The drafts' settings.",
    )
    template = _described(_TEXT, "A Liquid template (see rules/README.md for its variables).")
    draft = _object(
        {"id": _described(_ID, "Draft id (unique among drafts)."),
         "for": {"type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": _ID,
                 "additionalProperties": _ID,
                 "description": "What the draft is for: {RECORDS_FIELD: KEY} (a message) or {SET_FIELD: ITEM}."},
         "when": _condition_ref("When this draft is the one (default: always)."),
         "title": _described(_TEXT, "The draft's name, as shown."),
         "cite": _object({"page": _TEXT, "section": _TEXT}, ("page", "section"), "The handbook section it follows."),
         "subject": template,
         "body": template},
        ("id", "for", "body", "cite"), "One message draft.",
    )
    return {
        "drafts_settings": _object({"settings": settings}, ("settings",), "The settings entry."),
        "draft": draft,
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
