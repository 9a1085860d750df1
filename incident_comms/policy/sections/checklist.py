"""The ``checklist:`` section: the Comms Lead's checklist (``comms checklist``).

A list: one settings entry (``{settings: ...}``), then sections of items. Read by
``checklist/read.py`` into a ``Checklist``, after the policy it refers to is read;
its problems are the ``checklist`` lint check's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..format import CONDITION, FLAG, ID, TEXT, Key, Map, list_of, names_to, ref

if TYPE_CHECKING:
    from ...checklist.model import Checklist
    from ...problems import Problem
    from ..model import Policy

NAME = "checklist"
DOC = "the Comms Lead's checklist (see `checklist.yaml`)"
SHAPE = "list"
CHECKS = ("checklist",)

CITE = Map("cite", "The handbook section it follows.", (
    Key("page", TEXT, "A page declared in the settings' pages.", required=True),
    Key("section", TEXT, "The handbook section title.", required=True),
))
PAGE = Map("page", "A handbook page.", (
    Key("title", TEXT, "The page's title.", required=True),
    Key("url", TEXT, "Where it is."),
))
CADENCE = Map("checklist_update_cadence", "How often updates go out (the journal's update clock).", (
    Key("field", TEXT, "The enum field that says how often updates go out.", required=True),
    Key("channel", TEXT, "The channel whose `comms incident log --sent` restarts the clock.", required=True),
    Key("minutes", {"type": "object", "additionalProperties": {"type": "number"}},
        "The longest gap in minutes for each value of that field (none: no updates due).", required=True),
))
MESSAGES = Map("checklist_messages", "Which messages the journal shows as waiting.", (
    Key("field", TEXT, "The records field holding the messages.", required=True),
    Key("timing", TEXT, "Its attribute that says when each goes out.", required=True),
    Key("now", TEXT, "The value of that attribute meaning now.", required=True),
    Key("status_page", TEXT, "The key that `--status-page-updated` counts as sent."),
))
SETTINGS = Map("checklist_settings", "The checklist's settings.", (
    Key("title", TEXT, "The checklist's title."),
    Key("placeholders", names_to({"pattern": r"^[a-z_][a-z0-9_]*$"}, TEXT), "Texts that {name} in items stands for."),
    Key("actions_field", TEXT, "The set field whose decided items link to checklist items (default actions)."),
    Key("status_check_every_hours", {"type": "number", "exclusiveMinimum": 0, "maximum": 168},
        "How often to check the status page (hours, up to 168)."),
    Key("status_checks_stop_when", CONDITION, "When status-page checks are no longer shown."),
    Key("pages", names_to(TEXT, ref("page")), "The handbook pages items cite."),
    Key("update_cadence", ref("checklist_update_cadence"), "The journal's update clock."),
    Key("messages", ref("checklist_messages"), "The journal's waiting messages."),
))
SETTINGS_ENTRY = Map("checklist_settings_entry", "The settings entry.", (
    Key("settings", ref("checklist_settings"), "The checklist's settings (one entry).", required=True),
))
SECTION = Map("checklist_section", "A titled group of items.", (
    Key("id", ID, "Section id (unique in the checklist).", required=True),
    Key("title", TEXT, "The section's title.", required=True),
    Key("when", CONDITION, "Shown only when this holds."),
    Key("cite", ref("cite"), "The handbook section its items follow (an item may say its own)."),
    Key("full_only", FLAG, "About the role, not one incident: only in the full checklist."),
    Key("items", list_of(ref("checklist_item")), "Its items.", required=True),
), id_key="id")
ITEM = Map("checklist_item", "One thing to do.", (
    Key("id", ID, "Item id (unique in the checklist; default: its action)."),
    Key("text", TEXT, "What to do ({placeholders} and policy settings are filled in).", required=True),
    Key("when", CONDITION, "Shown only when this holds."),
    Key("cite", ref("cite"), "The handbook section it follows (default: its section's)."),
    Key("action", TEXT, "The decided action (an item of the actions field) it carries out."),
), id_key="id")
MAPS = (SETTINGS_ENTRY, SETTINGS, CADENCE, MESSAGES, SECTION, ITEM, CITE, PAGE)


def json_schema() -> dict[str, Any]:
    entry = {"anyOf": [ref("checklist_settings_entry"), ref("checklist_section")]}
    return {**list_of(entry), "description": DOC}


def read(policy: Policy) -> tuple[Checklist | None, list[Problem]]:
    """The section's model (None when the policy has no such section) and its problems."""
    from ...checklist.read import read_checklist

    return read_checklist(policy)
