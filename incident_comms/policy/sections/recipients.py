"""The ``recipients:`` section: who gets the incident email (``comms recipients``).

One mapping of settings. Read by ``recipients/settings.py`` into ``Settings``,
after the policy is read; its problems are the ``recipients`` lint check's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...recipients.model import COLUMNS
from ..format import Key, Map, list_of, ref

if TYPE_CHECKING:
    from ...problems import Problem
    from ...recipients.model import Settings
    from ..model import Policy

NAME = "recipients"
DOC = "who gets the incident email: `comms recipients` settings (see below)"
EXPECTED = "a mapping of settings"  # the loader's message when the section is not a mapping
SHAPE = "mapping"
CHECKS = ("recipients",)

_ROLES = list_of({"type": ["string", "integer"]})
_COLUMN = {"type": "string", "minLength": 1}
COLUMNS_MAP = Map("recipients_columns", "The export's column names (the --*-column options override them).",
                  tuple(Key(name, _COLUMN, f"The export's {name} column.") for name in COLUMNS))
RECIPIENTS = Map("recipients", "The recipients settings.", (
    Key("attribute", {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "The Customer.io attribute for the org names; the email draft's Liquid uses it.", required=True),
    Key("fallback", {"type": "string", "minLength": 1, "pattern": '^[^"\\n]*$'},
        "The Liquid default when a person has no org name (it should never show)."),
    Key("recipient_roles", {**_ROLES, "minItems": 1}, "Role values that count as owner or admin.", required=True),
    Key("other_roles", _ROLES, "Known role values that are not emailed (others are reported)."),
    Key("columns", ref("recipients_columns"), "The export's column names (the --*-column options override them)."),
))
MAPS = (RECIPIENTS, COLUMNS_MAP)


def json_schema() -> dict[str, Any]:
    return {**ref("recipients"), "description": DOC}


def read(policy: Policy) -> tuple[Settings | None, list[Problem]]:
    """The section's model (None when the policy has no such section) and its problems."""
    from ...recipients.settings import read_settings

    return read_settings(policy)
