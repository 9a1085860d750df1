"""The words of the rule-file format's declarations: a key, and a mapping of keys.

Each section module (``policy/sections/``) declares the mappings it reads as
:class:`Map` tables, the way pre-commit declares its config with ``cfgv.Map``:
every key with the JSON Schema of its value, whether it is required and a one-line
doc. From that one table come the reader's key checks (unknown keys with "did you
mean", missing required keys: :meth:`SchemaReader.entry`), the JSON Schema that
``comms schema`` prints (:meth:`Map.json_schema`) and the key tables of
``rules/README.md`` (``policy/sections/docs.py``). Nothing else lists keys.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from ..frozen import Frozen

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")

# JSON Schema fragments (draft-07) the declarations share.
ID: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN.pattern}
TEXT: dict[str, Any] = {"type": "string"}
FLAG: dict[str, Any] = {"type": "boolean"}
WHOLE: dict[str, Any] = {"type": "integer"}


def ref(definition: str) -> dict[str, Any]:
    """A reference to another declaration of the schema (``{"$ref": ...}``)."""
    return {"$ref": f"#/definitions/{definition}"}


CONDITION = ref("condition")


def list_of(item: dict[str, Any], **more: Any) -> dict[str, Any]:
    """A list whose entries are `item`."""
    return {"type": "array", **more, "items": item}


def names_to(name: dict[str, Any], value: dict[str, Any], **more: Any) -> dict[str, Any]:
    """A mapping of names (shaped as `name`) to values shaped as `value`."""
    return {"type": "object", **more, "propertyNames": name, "additionalProperties": value}


class Key(Frozen):
    """One key of a mapping: its value's JSON Schema, whether it must be there, and what it is for."""

    name: str
    schema: dict[str, Any]
    doc: str
    required: bool = False


class Map(Frozen):
    """A mapping in a rule file: its keys, and which one (if any) is an id unique in the policy.

    `id_key` drives the readers' duplicate-id check (:class:`schema.Seen`); an entry of
    a mapping of names (``fields:``) has none: its name is its id.

    `name` is its name among the schema's definitions; `shorthand`, when given, is the
    JSON Schema of a short form also accepted in its place (a value id for ``{value,
    label}``), with `shorthand_doc` saying what it means. `extra` adds JSON Schema
    keywords a key list cannot say (``minProperties``).
    """

    name: str
    doc: str
    keys: tuple[Key, ...]
    id_key: str = ""
    shorthand: dict[str, Any] | None = None
    shorthand_doc: str = ""
    extra: dict[str, Any] = {}

    @property
    def noun(self) -> str:
        """What one entry is called in messages: the last word of its name (``checklist_item``: item)."""
        return self.name.rsplit("_", 1)[-1]

    @cached_property  # asked for once per entry read: 20,000 times for 20,000 rules
    def names(self) -> tuple[str, ...]:
        """Every key it may have, in declared order."""
        return tuple(key.name for key in self.keys)

    @cached_property
    def required(self) -> tuple[str, ...]:
        """The keys it must have."""
        return tuple(key.name for key in self.keys if key.required)

    def json_schema(self) -> dict[str, Any]:
        """Its JSON Schema: an object with exactly these keys (or the shorthand)."""
        properties = {key.name: {**key.schema, "description": key.doc} for key in self.keys}
        long_form = {
            "type": "object",
            "description": self.doc,
            "properties": properties,
            "required": list(self.required),
            "additionalProperties": False,
            **self.extra,
        }
        if self.shorthand is None:
            return long_form
        return {"anyOf": [{**self.shorthand, "description": self.shorthand_doc}, long_form]}


__all__ = ["CONDITION", "FLAG", "ID", "ID_PATTERN", "TEXT", "WHOLE", "Key", "Map", "list_of", "names_to", "ref"]
