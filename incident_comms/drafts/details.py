"""Incident details from ``--detail NAME=TEXT`` and ``--details FILE``, checked against the settings.

A details file is a YAML or JSON mapping of detail names to text, read by the same
hardened reader as rule and answers files. ``--detail`` wins over the file. Names
must be declared in the drafts' settings; values must be text (quote a time such as
``"14:00"``, which YAML would read as a number). Empty text counts as not given.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import CommsError, Location
from ..yamlsafe import YMap, load_file
from .model import Settings

MAX_DETAIL = 10_000  # characters: a detail is a sentence or a link, not a document


def parse_detail_options(options: list[str]) -> dict[str, str]:
    """``--detail name=text`` options as a mapping (the last one wins)."""
    result: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name.strip():
            raise CommsError(f"--detail {option[:60]!r}: expected NAME=TEXT, e.g. --detail title='Flags are slow'")
        result[name.strip()] = value.strip()
    return result


def read_details_file(path: Path) -> tuple[dict[str, Any], dict[str, Location]]:
    """The details in a file, with where each is written."""
    tree = load_file(path)
    where = Location(str(path), 1, 1)
    if tree is None:
        return {}, {}
    if not isinstance(tree, YMap):
        raise CommsError("a details file must be a mapping of detail names to text", where)
    return dict(tree), {key: tree.key_loc(key) for key in tree}


def check_details(
    settings: Settings, raw: Mapping[str, Any], locs: Mapping[str, Location] | None = None
) -> dict[str, str]:
    """The given details, checked: known names, text values; empty ones dropped."""
    locs = locs or {}
    known = ", ".join(settings.details) or "none are declared"
    checked: dict[str, str] = {}
    for name, value in raw.items():
        where = locs.get(name)
        prefix = "" if where else "--detail "
        if name not in settings.details:
            raise CommsError(f"{prefix}unknown detail {str(name)[:60]!r} (details: {known})", where)
        if not isinstance(value, str):
            raise CommsError(f"{prefix}{name}: expected text, found {type(value).__name__}; quote it", where)
        if len(value) > MAX_DETAIL:
            raise CommsError(f"{prefix}{name}: longer than {MAX_DETAIL:,} characters", where)
        if value.strip():
            checked[name] = value.strip()
    return checked
