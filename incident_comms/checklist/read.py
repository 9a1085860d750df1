"""Reading the ``checklist:`` section of a policy into a :class:`Checklist`.

Reading never stops at the first problem: every problem is collected with check id
``checklist`` (for ``comms lint``), and :func:`load_checklist` raises the first one
for ``comms checklist``. What is checked: the shape of each entry, unknown keys,
conditions (unknown questions, facts, fields and values), links to decided actions,
citations (every item needs one; pages must be declared), placeholders in texts and
duplicate ids.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import CommsError, Location
from ..policy.citing import read_cite, read_pages
from ..policy.conditions import ConditionReader
from ..policy.model import SET, Condition, Policy
from ..policy.schema import LINE_DUPLICATE, FiledReader, Seen
from ..policy.sections.checklist import ITEM, SECTION, SETTINGS, SETTINGS_ENTRY
from ..problems import Problem
from ..yamlsafe import YMap, loc_of
from .cadence import read_cadence, read_message_timing
from .model import Checklist, Cite, Item, Section, Settings

CHECK_ID = "checklist"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def read_checklist(policy: Policy) -> tuple[Checklist | None, list[Problem]]:
    """The policy's checklist (None when it has none) and every problem found in it."""
    entries = [entry.value for entry in policy.entries("checklist")]
    reader = FiledReader(CHECK_ID, LINE_DUPLICATE)
    if not entries:
        return None, reader.problems
    conditions = ConditionReader(
        {q.id: q for q in policy.questions}, set(policy.facts), policy.fields, reader.report
    )
    settings_entries = [(i, e) for i, e in enumerate(entries) if isinstance(e, dict) and "settings" in e]
    settings = _settings(settings_entries, reader, conditions)
    settings = _checked_actions_field(policy, settings, settings_entries, reader)
    settings = _journal_settings(policy, settings, settings_entries, reader)
    builder = _SectionBuilder(policy, settings, reader, conditions)
    sections = [
        builder.section(entry, f"checklist[{i}]")
        for i, entry in enumerate(entries)
        if not (isinstance(entry, dict) and "settings" in entry)
    ]
    return Checklist(settings, tuple(s for s in sections if s is not None)), reader.problems


def load_checklist(policy: Policy) -> Checklist:
    """The policy's checklist, raising its first problem as a CommsError."""
    checklist, problems = read_checklist(policy)
    if problems:
        first = min(problems)
        more = f" (and {len(problems) - 1} more; run `comms lint {policy.root}`)" if len(problems) > 1 else ""
        raise CommsError(first.message + more, first.loc)
    if checklist is None:
        raise CommsError("this policy has no checklist (add a `checklist:` section)", Location(str(policy.root)))
    return checklist


# ---- settings ------------------------------------------------------------------------
def _settings(entries: list[tuple[int, Any]], reader: FiledReader, conditions: ConditionReader) -> Settings:
    if not entries:
        return Settings()
    for index, extra in entries[1:]:
        reader.report(CHECK_ID, f"checklist[{index}]: a second settings entry (one is allowed)", _where(extra))
    index, entry = entries[0]
    path, loc = f"checklist[{index}]", _where(entry)
    reader.entry(entry, path, loc, SETTINGS_ENTRY, ())  # only `settings:` beside it
    raw, loc = entry["settings"], loc_of(entry, "settings", loc)
    path += ".settings"
    if not reader.entry(raw, path, loc, SETTINGS):
        return Settings()
    stop_when = None
    if "status_checks_stop_when" in raw:
        where = loc_of(raw, "status_checks_stop_when", loc)
        stop_when = conditions.read(raw["status_checks_stop_when"], where, f"{path}.status_checks_stop_when")
    return Settings(
        title=reader.text(raw, "title", path, loc, Settings.title),
        actions_field=reader.text(raw, "actions_field", path, loc, Settings.actions_field),
        status_check_every_hours=_hours(raw, path, loc, reader),
        status_checks_stop_when=stop_when,
        placeholders=_placeholders(raw, path, loc, reader),
        pages=read_pages(raw, path, loc, reader),
    )


def _checked_actions_field(policy: Policy, settings: Settings, entries: list[tuple[int, Any]],
                           reader: FiledReader) -> Settings:
    """The actions field must be a set field of the policy; otherwise no actions are linked."""
    spec = policy.fields.get(settings.actions_field)
    if spec is not None and spec.type == SET:
        return settings
    where = _where(entries[0][1]) if entries else Location(str(policy.root))
    found = f"a field of type {spec.type}" if spec is not None else "not a field of the policy"
    reader.report(CHECK_ID, f"settings.actions_field: {settings.actions_field!r} is {found}; name a set field", where)
    return settings.replace(actions_field="")


def _journal_settings(policy: Policy, settings: Settings, entries: list[tuple[int, Any]],
                      reader: FiledReader) -> Settings:
    """The update cadence and message timing the journal uses (see ``cadence.py``)."""
    if not entries or not isinstance(entries[0][1].get("settings"), dict):
        return settings
    index, entry = entries[0]
    raw, loc = entry["settings"], loc_of(entry, "settings", _where(entry))
    path = f"checklist[{index}].settings"
    return settings.replace(
        update_cadence=read_cadence(raw, path, loc, policy, reader, CHECK_ID),
        message_timing=read_message_timing(raw, path, loc, policy, reader, CHECK_ID),
    )


def _hours(raw: Any, path: str, loc: Location, reader: FiledReader) -> float:
    value = raw.get("status_check_every_hours", Settings.status_check_every_hours)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 24 * 7:
        where = loc_of(raw, "status_check_every_hours", loc)
        reader.report(CHECK_ID, f"{path}.status_check_every_hours: expected a number of hours (up to 168)", where)
        return Settings.status_check_every_hours
    return float(value)


def _placeholders(settings: Any, path: str, loc: Location, reader: FiledReader) -> dict[str, str]:
    raw, loc, path = settings.get("placeholders", {}), loc_of(settings, "placeholders", loc), f"{path}.placeholders"
    if not isinstance(raw, dict):
        reader.report(CHECK_ID, f"{path}: expected a mapping of names to text", loc)
        return {}
    result: dict[str, str] = {}
    for name, value in raw.items():
        if not PLACEHOLDER.fullmatch("{" + name + "}") or not isinstance(value, str):
            reader.report(CHECK_ID, f"{path}.{name}: expected a lowercase name with text", loc_of(raw, name, loc))
            continue
        result[name] = value
    return result


# ---- sections and items ----------------------------------------------------------------
class _SectionBuilder:
    """Reads sections and their items, remembering ids to catch duplicates."""

    def __init__(self, policy: Policy, settings: Settings, reader: FiledReader, conditions: ConditionReader) -> None:
        self.policy = policy
        self.settings = settings
        self.reader = reader
        self.conditions = conditions
        self.section_ids = Seen(SECTION)
        self.item_ids = Seen(ITEM)
        self.actions: dict[str, Location] = {}

    def section(self, raw: Any, path: str) -> Section | None:
        loc = _where(raw)
        if not self.reader.entry(raw, path, loc, SECTION):
            return None
        sid = self.reader.ident(raw, "id", path, loc)
        if sid is not None:
            self.reader.unique(self.section_ids, sid, path, loc_of(raw, "id", loc))
        cite = self._cite(raw, path, loc)
        items = [
            self.item(item, f"{path}.items[{i}]", where, cite)
            for i, item, where in self.reader.items(raw["items"], f"{path}.items", loc_of(raw, "items", loc))
        ]
        return Section(
            id=sid or "",
            title=self._fill(self.reader.text(raw, "title", path, loc), f"{path}.title", loc),
            items=tuple(i for i in items if i is not None),
            cite=cite,
            when=self._when(raw, path, loc),
            full_only=self.reader.flag(raw, "full_only", path, loc),
            loc=loc,
        )

    def item(self, raw: Any, path: str, loc: Location, section_cite: Cite | None) -> Item | None:
        if not isinstance(raw, dict):
            self.reader.report(CHECK_ID, f"{path}: expected a mapping with id, text and cite", loc)
            return None
        required = ITEM.required if "action" in raw else ("id", *ITEM.required)  # the action is its id
        if not self.reader.entry(raw, path, loc, ITEM, required):
            return None
        action = self._action(raw, path, loc)
        iid = self.reader.ident(raw, "id", path, loc) if "id" in raw else action
        if iid is not None:
            self.reader.unique(self.item_ids, iid, path, loc_of(raw, "id", loc))
        cite = self._cite(raw, path, loc) if "cite" in raw else section_cite
        if cite is None and "cite" not in raw:  # a bad cite is already reported
            self.reader.report(CHECK_ID, f"{path}: no handbook citation (add cite: {{page, section}})", loc)
        return Item(
            id=iid or "",
            text=self._fill(self.reader.text(raw, "text", path, loc), f"{path}.text", loc_of(raw, "text", loc)),
            cite=cite,
            when=self._when(raw, path, loc),
            action=action,
            loc=loc,
        )

    def _when(self, raw: Any, path: str, loc: Location) -> Condition | None:
        if "when" not in raw:
            return None
        return self.conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when")

    def _action(self, raw: Any, path: str, loc: Location) -> str | None:
        if "action" not in raw:
            return None
        action, where = raw["action"], loc_of(raw, "action", loc)
        name = self.settings.actions_field
        spec = self.policy.fields.get(name)
        if spec is None or spec.type != SET:
            return None  # settings.actions_field is reported once, by _checked_actions_field
        if action not in spec.values:
            known = ", ".join(str(v) for v in spec.values)
            self.reader.report(CHECK_ID, f"{path}.action: unknown action {action!r} (known: {known})", where)
            return None
        if action in self.actions:
            first = self.actions[action]
            self.reader.report(CHECK_ID, f"{path}.action: {action!r} already has an item (line {first.line})", where)
        self.actions.setdefault(action, where)
        return action

    def _cite(self, raw: Any, path: str, loc: Location) -> Cite | None:
        return read_cite(raw, path, loc, self.reader, self.settings.pages) if "cite" in raw else None

    def _fill(self, text: str, path: str, loc: Location) -> str:
        """The text with each {placeholder} replaced; unknown names are problems."""
        values = {
            **self.policy.settings,
            **self.settings.placeholders,
            "status_check_every_hours": _hours_text(self.settings),
        }

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                known = ", ".join(sorted(values))
                self.reader.report(CHECK_ID, f"{path}: unknown placeholder {{{name}}} (known: {known})", loc)
                return match.group(0)
            return values[name]

        return PLACEHOLDER.sub(replace, text)


def _hours_text(settings: Settings) -> str:
    hours = settings.status_check_every_hours
    return str(int(hours)) if hours == int(hours) else str(hours)


def _where(raw: Any) -> Location:
    return raw.loc if isinstance(raw, YMap) else Location("checklist")
