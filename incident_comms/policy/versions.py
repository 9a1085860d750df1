"""What a policy says about itself: its name, version and settings, and what its
questions replace from an earlier version.

- ``policy: {name, version, settings}`` (one per folder). Records carry the name and
  version; each setting is text that ``{name}`` in any label or text stands for, so
  that the names of people are written once.
- ``replaces: {id, values}`` on a question: the id an earlier version used, and what
  its old answers are now. Answers files written for that version are refused with a
  line that names the replacement (``answers.py``); ``comms diff`` matches incidents
  across versions with it.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Location
from ..frozen import Frozen
from ..yamlsafe import YMap, loc_of
from .model import Replaces
from .readchecks import DUPLICATE_ID, REFERENCES, SCHEMA
from .schema import SchemaReader, kind_of, known_ids
from .sections.policy import POLICY
from .sections.questions import REPLACES

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Keys of `replaces.values` are read as YAML 1.1 would read the old answer.
_OLD_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


class Metadata(Frozen):
    """The `policy:` section as read: name, version, settings."""

    name: str = ""
    version: int | str | None = None
    settings: dict[str, str] = {}


class VersionReader(SchemaReader):
    """Reads the `policy:` section and questions' `replaces`, and fills in settings."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: dict[str, str] = {}

    # ---- policy: {name, version, settings} -------------------------------------------
    def metadata(self, entries: list[tuple[Any, Any, Location, str]]) -> Metadata:
        """The one `policy:` section of the folder (none: an unnamed, unversioned policy)."""
        if not entries:
            return Metadata()
        for _, _, extra, _ in entries[1:]:
            self.report(DUPLICATE_ID, f"policy: a second policy section (first at {entries[0][2]})", extra)
        _, raw, loc, _ = entries[0]
        if not self.entry(raw, "policy", loc, POLICY):
            return Metadata()
        version = raw.get("version")
        if version is not None and not _is_version(version):
            where = loc_of(raw, "version", loc)
            self.report(SCHEMA, f"policy.version: expected a whole number or text such as 2, found {kind_of(version)}", where)
            version = None
        meta = Metadata(self.text(raw, "name", "policy", loc), version, self._settings(raw, loc))
        self.settings = meta.settings
        return meta

    def _settings(self, raw: Any, loc: Location) -> dict[str, str]:
        found, where = raw.get("settings", {}), loc_of(raw, "settings", loc)
        if not isinstance(found, dict):
            self.report(SCHEMA, f"policy.settings: expected a mapping of names to text, found {kind_of(found)}", where)
            return {}
        settings: dict[str, str] = {}
        for name, value in found.items():
            if not PLACEHOLDER.fullmatch("{" + name + "}") or not isinstance(value, str):
                self.report(SCHEMA, f"policy.settings.{name}: expected a lowercase name with text", loc_of(found, name, where))
                continue
            settings[name] = value
        return settings

    def prose(self, raw: Any, key: str, path: str, loc: Location, default: str = "") -> str:
        """A text shown to people, with each ``{setting}`` written in."""
        text = self.text(raw, key, path, loc, default)
        if "{" not in text:
            return text
        return self.fill(text, f"{path}.{key}", loc_of(raw, key, loc))

    def fill(self, text: str, path: str, loc: Location) -> str:
        """`text` with each ``{name}`` replaced by that setting; an unknown name is a problem."""

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.settings:
                self.report(REFERENCES, f"{path}: unknown setting {{{name}}}{known_ids(self.settings)}", loc)
                return match.group(0)
            return self.settings[name]

        return PLACEHOLDER.sub(replace, text)

    # ---- a question's replaces: {id, values} ----------------------------------------------
    def replaces(self, raw: Any, qid: str, values: tuple[Any, ...], path: str, loc: Location) -> Replaces | None:
        """What the question takes over from an earlier version (None when it says nothing)."""
        if "replaces" not in raw:
            return None
        found, where, path = raw["replaces"], loc_of(raw, "replaces", loc), f"{path}.replaces"
        if not self.entry(found, path, where, REPLACES) or not found:
            if isinstance(found, dict):
                self.report(SCHEMA, f"{path}: say the old id, the old values, or both", where)
            return None
        old_id = qid
        if "id" in found:
            old_id = self.ident(found, "id", path, where) or qid
        mapping = self._old_values(found, values, path, where)
        return Replaces(old_id, mapping)

    def _old_values(self, found: Any, values: tuple[Any, ...], path: str, loc: Location) -> dict[Any, Any]:
        raw, where = found.get("values", {}), loc_of(found, "values", loc)
        if not isinstance(raw, dict):
            self.report(SCHEMA, f"{path}.values: expected a mapping of old answers to answers, found {kind_of(raw)}", where)
            return {}
        mapping: dict[Any, Any] = {}
        for key, new in raw.items():
            old = _OLD_BOOLEANS.get(str(key).lower(), key)
            key_loc = raw.key_loc(key) if isinstance(raw, YMap) else where
            if new not in values or isinstance(new, bool) != isinstance(values[0], bool):
                self.report(REFERENCES, f"{path}.values.{key}: {new!r} is not an answer of this question", key_loc)
            elif old in values and type(old) is type(values[0]):
                self.report(SCHEMA, f"{path}.values.{key}: {key!r} is still an answer of this question", key_loc)
            else:
                mapping[old] = new
        return mapping

    def check_replaced_ids(self, shells: list[tuple[Any, Any, str]]) -> None:
        """An old id must not be a question of this policy, nor be replaced twice."""
        current = {question.id for question, _, _ in shells}
        seen: dict[str, str] = {}
        for question, raw, path in shells:
            old = question.replaces.id if question.replaces else question.id
            if old == question.id:
                continue
            where = loc_of(raw["replaces"], "id", question.loc)
            if old in current:
                self.report(REFERENCES, f"{path}.replaces.id: {old!r} is a question of this policy", where)
            elif old in seen:
                self.report(DUPLICATE_ID, f"{path}.replaces.id: {old!r} is already replaced by {seen[old]!r}", where)
            seen.setdefault(old, question.id)


def _is_version(value: Any) -> bool:
    """A version is a whole number (2) or a short text ("2026-12", "2.1")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and 0 < len(value.strip()) <= 64
