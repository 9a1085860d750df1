"""The ``questions:`` section: the scoping questions, a list of entries.

Read by ``policy/catalogue.py`` (and ``policy/versions.py`` for ``replaces``) into
``Question`` objects (``Policy.questions``).
"""

from __future__ import annotations

from typing import Any

from ..format import CONDITION, FLAG, ID, TEXT, WHOLE, Key, Map, list_of, ref
from ..model import QUESTION_KINDS
from ..readchecks import DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "questions"
DOC = "the scoping questions, in asking order"
SHAPE = "list"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID)

QUESTION = Map("question", "A scoping question.", (
    Key("id", ID, "Question id: answers files and conditions use it.", required=True),
    Key("prompt", TEXT, "The question, as asked.", required=True),
    Key("kind", {"enum": list(QUESTION_KINDS)}, "single: one choice; multiple: several; yes_no.", required=True),
    Key("help", TEXT, "Guidance shown with the question."),
    Key("choices", list_of(ref("choice"), minItems=1), "The answers (not for yes_no questions)."),
    Key("default", {"type": ["string", "boolean", "array"]}, "The suggested answer."),
    Key("ask_when", CONDITION, "Ask only when this holds (it may only use earlier questions)."),
    Key("order", WHOLE, "Asking order (lower first; ties keep file order)."),
    Key("informational", FLAG, "Kept in the record; no rule needs it."),
    Key("optional", FLAG, "An answers file may leave it out; its default is then the answer (needs a default)."),
    Key("replaces", ref("replaces"),
        "What it takes over from an earlier version: answers files using the old id or values are refused, naming it."),
), id_key="id")
CHOICE = Map("choice", "A choice with a label.", (
    Key("value", ID, "The answer value.", required=True),
    Key("label", TEXT, "Shown to people."),
    Key("help", TEXT, "Guidance for this choice."),
), id_key="value", shorthand=ID, shorthand_doc="A choice: its value is its label.")
REPLACES = Map("replaces", "What a question takes over from an earlier version of the policy.", (
    Key("id", ID, "The question's id in the earlier version (default: its own id)."),
    Key("values", {"type": "object", "minProperties": 1, "additionalProperties": {"type": ["string", "boolean"]}},
        "Old answer -> the answer it is now (true/false keys are yes-no answers)."),
), extra={"minProperties": 1})
MAPS = (QUESTION, REPLACES, CHOICE)


def json_schema() -> dict[str, Any]:
    return {**list_of(ref("question")), "description": DOC}
