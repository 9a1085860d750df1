"""The shape checks every section reader shares, and the words of rule files.

:class:`SchemaReader` checks mappings, keys, texts, flags, ids and lists, reporting
each problem with its check id and place instead of raising; the section readers
build on it (``catalogue.py``, ``decisions.py``, and the checklist's). Problems carry a check id
(one of ``readchecks.py``'s constants), the key path and the file:line:column. Reading never
stops at the first problem, so that ``comms lint`` can report them all; the loader
raises the first error for the commands that need a usable policy.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..problems import ERROR, WARNING, Problem
from ..safetext import excerpt, shorten
from ..yamlsafe import YMap, loc_of
from .format import ID_PATTERN, Map
from .readchecks import DUPLICATE_ID, SCHEMA, UNKNOWN_KEY


class SchemaReader:
    """Collects problems while turning YAML sections into model objects."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def report(self, check: str, message: str, loc: Location, level: str = ERROR) -> None:
        self.problems.append(Problem(loc, check, level, shorten(message)))

    def entry(self, raw: Any, path: str, loc: Location, declared: Map, required: tuple[str, ...] | None = None) -> bool:
        """Check `raw` against its declaration: a mapping with its required keys and no others.

        `required` overrides the declared required keys where they depend on another
        key (a checklist item with an ``action`` needs no ``id``).
        """
        return self.mapping(raw, path, loc, declared.names, declared.required if required is None else required)

    def mapping(self, raw: Any, path: str, loc: Location, allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
        """Check that `raw` is a mapping with the required keys and no unknown ones."""
        if not isinstance(raw, dict):
            self.report(SCHEMA, f"{path}: expected a mapping, found {kind_of(raw)}", loc)
            return False
        for key in raw:
            if key not in allowed:
                hint = _close_matches(key, allowed)
                suffix = f"; did you mean {hint[0]!r}?" if hint else f" (allowed: {', '.join(allowed)})"
                where = raw.key_loc(key) if isinstance(raw, YMap) else loc
                self.report(UNKNOWN_KEY, f"{path}: unknown key {key!r}{suffix}", where)
        missing = [k for k in required if k not in raw]
        for key in missing:
            self.report(SCHEMA, f"{path}: missing required key {key!r}", loc)
        return not missing

    def text(self, raw: Any, key: str, path: str, loc: Location, default: str = "") -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            self.report(SCHEMA, f"{path}.{key}: expected text, found {kind_of(value)}", loc_of(raw, key, loc))
            return default
        return value

    def flag(self, raw: Any, key: str, path: str, loc: Location) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.report(SCHEMA, f"{path}.{key}: expected true or false, found {kind_of(value)}", loc_of(raw, key, loc))
            return False
        return value

    def ident(self, raw: Any, key: str, path: str, loc: Location) -> str | None:
        value = raw.get(key)
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            where = loc_of(raw, key, loc)
            self.report(SCHEMA, f"{path}.{key}: {excerpt(value)} is not an id (lowercase letters, digits, _ and -)", where)
            return None
        return value

    def items(self, raw: Any, path: str, loc: Location) -> list[tuple[int, Any, Location]]:
        """The entries of a list section, with their locations."""
        if not isinstance(raw, list):
            self.report(SCHEMA, f"{path}: expected a list, found {kind_of(raw)}", loc)
            return []
        return [(i, item, loc_of(raw, i, loc)) for i, item in enumerate(raw)]

    # How a second id is reported; `first` is where the first one is. The checklist's and
    # drafts' readers say the key path and the line instead (their messages predate this).
    DUPLICATE = "duplicate {noun} id {ident!r} (first at {first})"

    def unique(self, seen: Seen, ident: str, path: str, loc: Location) -> bool:
        """Whether `ident` is the first of its declaration in `seen`; a second one is reported at `loc`."""
        first = seen.first.get(ident)
        if first is None:
            seen.first[ident] = loc
            return True
        declared = seen.declared
        message = self.DUPLICATE.format(noun=declared.noun, ident=ident, path=path, key=declared.id_key or "id",
                                        first=first)
        self.report(DUPLICATE_ID, message, loc)
        return False

# How a section read after the policy names a duplicate id: the key path and the first line.
LINE_DUPLICATE = "{path}.{key}: duplicate {noun} id {ident!r} (first at line {first.line})"


class FiledReader(SchemaReader):
    """A schema reader that files every problem under one lint check.

    Sections read after the policy (checklist, drafts, recipients) report all their
    problems under their own check, whatever shape check found them.
    """

    def __init__(self, check_id: str, duplicate: str | None = None) -> None:
        super().__init__()
        self.check_id = check_id
        if duplicate is not None:
            self.DUPLICATE = duplicate

    def report(self, check: str, message: str, loc: Location, level: str = ERROR) -> None:
        super().report(self.check_id, message, loc, level)


class Seen:
    """The ids of one declared mapping met so far, in one scope (the policy, one question's choices)."""

    def __init__(self, declared: Map) -> None:
        self.declared = declared
        self.first: dict[str, Location] = {}


def _close_matches(key: Any, allowed: tuple[str, ...]) -> list[str]:
    import difflib  # only for a misspelt key

    return difflib.get_close_matches(key, allowed, n=1)


def kind_of(value: Any) -> str:
    """How a wrong value is named in a message: "a list", "true", "int 5"."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    return f"{type(value).__name__} {excerpt(value)}"


def known_ids(names: Any) -> str:
    """" (known: a, b, ...)" for a message, at most twelve, sorted; "" when there are none."""
    names = sorted(names)
    return f" (known: {', '.join(names[:12])}{', ...' if len(names) > 12 else ''})" if names else ""


__all__ = ["ID_PATTERN", "WARNING", "SchemaReader", "Seen"]
