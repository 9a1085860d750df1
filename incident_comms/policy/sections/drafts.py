"""The ``drafts:`` section: message drafts (``comms draft``).

A list: one settings entry (``{settings: ...}``), then one entry per draft. Read by
``drafts/read.py`` into ``Drafts``, after the policy it refers to is read; its
problems are the ``drafts`` lint check's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..format import CONDITION, ID, TEXT, Key, Map, list_of, names_to, ref

if TYPE_CHECKING:
    from ...drafts.model import Drafts
    from ...problems import Problem
    from ..model import Policy

NAME = "drafts"
DOC = "message drafts for `comms draft`, as Liquid templates (see below)"
SHAPE = "list"
CHECKS = ("drafts",)

_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEMPLATE = "A Liquid template (see rules/README.md for its variables)."
DETAIL = Map("drafts_detail", "An incident detail.", (
    Key("label", TEXT, "How it is asked for, and shown as [label] when not given.", required=True),
    Key("help", TEXT, "Guidance shown when it is asked for."),
))
SETTINGS = Map("drafts_settings", "The drafts' settings.", (
    Key("messages_field", TEXT, "The records field whose every planned key needs a draft (default messages)."),
    Key("details", names_to(_NAME, ref("drafts_detail")), "The incident details templates may use as detail.NAME."),
    Key("values", names_to(_NAME, TEXT), "Fixed texts templates may use as value.NAME."),
    Key("pages", {"type": "object", "additionalProperties": ref("page")}, "Handbook pages drafts cite."),
))
SETTINGS_ENTRY = Map("drafts_settings_entry", "The settings entry.", (
    Key("settings", ref("drafts_settings"), "The drafts' settings (one entry).", required=True),
))
DRAFT = Map("draft", "One message draft.", (
    Key("id", ID, "Draft id (unique among drafts).", required=True),
    Key("for", {"type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": ID,
                "additionalProperties": ID},
        "What the draft is for: {RECORDS_FIELD: KEY} (a message) or {SET_FIELD: ITEM}.", required=True),
    Key("when", CONDITION, "When this draft is the one (default: always)."),
    Key("title", TEXT, "The draft's name, as shown."),
    Key("cite", ref("cite"), "The handbook section it follows.", required=True),
    Key("subject", TEXT, _TEMPLATE),
    Key("body", TEXT, _TEMPLATE, required=True),
), id_key="id")
MAPS = (SETTINGS_ENTRY, SETTINGS, DETAIL, DRAFT)  # cite and page: the checklist's


def json_schema() -> dict[str, Any]:
    entry = {"anyOf": [ref("drafts_settings_entry"), ref("draft")]}
    return {**list_of(entry), "description": DOC}


def read(policy: Policy) -> tuple[Drafts | None, list[Problem]]:
    """The section's model (None when the policy has no such section) and its problems."""
    from ...drafts.read import read_drafts

    return read_drafts(policy)
