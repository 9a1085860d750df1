"""The ``policy:`` section: which policy this is (one per folder).

Read by ``policy/versions.py``; its model is ``Policy.name``, ``.version`` and
``.settings``. Records carry the name and version; each setting is text that
``{name}`` in any label or text stands for.
"""

from __future__ import annotations

from typing import Any

from ..format import TEXT, Key, Map, names_to, ref
from ..readchecks import DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "policy"
DOC = "the policy's name, version and settings (one per folder)"
SHAPE = "mapping"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID)

POLICY = Map("policy", "Which policy this is (one `policy:` section per folder).", (
    Key("name", TEXT, "The policy's name, carried by every record."),
    Key("version", {"type": ["integer", "string"], "minimum": 0, "minLength": 1, "maxLength": 64},
        "The policy's own version (2, or text such as 2026-12), carried by every record."),
    Key("settings", names_to({"pattern": r"^[a-z_][a-z0-9_]*$"}, TEXT),
        "Names (of people, channels) that {name} in any label or text stands for."),
))
MAPS = (POLICY,)


def json_schema() -> dict[str, Any]:
    return {**ref("policy"), "description": DOC}
