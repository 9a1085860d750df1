"""The section table and key reference of ``rules/README.md``, written from the registry.

``tests/test_format.py`` checks that the README holds exactly this text between its
markers (and rewrites it with ``COMMS_UPDATE_SNAPSHOTS=1``).
"""

from __future__ import annotations

from typing import Any

from ..format import ID_PATTERN
from . import all_sections

TABLE_MARKERS = ("<!-- sections: begin (written from incident_comms/policy/sections) -->", "<!-- sections: end -->")
KEYS_MARKERS = ("<!-- keys: begin (written from incident_comms/policy/sections) -->", "<!-- keys: end -->")


def section_table() -> str:
    """One row per section: its name and what it holds."""
    rows = [f"| `{section.NAME}` | {section.DOC} |" for section in all_sections()]
    return "\n".join(["| section | what it holds |", "|---|---|", *rows]) + "\n"


def key_reference() -> str:
    """For each mapping every section declares: its keys, which are required, and what each is for."""
    parts: list[str] = []
    for section in all_sections():
        for declared in section.MAPS:
            rows = [f"| `{key.name}` | {type_name(key.schema)} | {'yes' if key.required else ''} | {_cell(key.doc)} |"
                    for key in declared.keys]
            ident = f" Its id key: `{declared.id_key}`." if declared.id_key else ""
            parts.append("\n".join([
                f"**`{section.NAME}`: {declared.name}**. {_cell(declared.doc)}{ident}",
                "",
                "| key | type | required | what it is |",
                "|---|---|---|---|",
                *rows,
            ]))
    return "\n\n".join(parts) + "\n"


def type_name(schema: dict[str, Any]) -> str:
    """A key's type as the docs say it: id, text, true/false, a list, a condition, ..."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1].replace("_", " ")
    if "enum" in schema:
        return " \\| ".join(f"`{value}`" for value in schema["enum"])
    kinds = schema.get("type", "")
    if isinstance(kinds, list):
        return " or ".join(_TYPES.get(str(kind), str(kind)) for kind in kinds)
    if kinds == "string" and schema.get("pattern") == ID_PATTERN.pattern:
        return "id"
    if kinds == "array":
        return f"list of {type_name(schema.get('items', {}))}"
    return _TYPES.get(str(kinds), "any")


_TYPES = {"string": "text", "boolean": "true/false", "integer": "whole number", "number": "number",
          "array": "list", "object": "mapping"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def replaced(readme: str, markers: tuple[str, str], body: str) -> str:
    """`readme` with the text between `markers` replaced by `body` (ValueError without them)."""
    begin, end = markers
    head, rest = readme.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}{end}{tail}"
