"""Reading the ``drafts:`` section of a policy into :class:`Drafts`.

Reading never stops at the first problem: every problem is collected with check id
``drafts`` (for ``comms lint``), and :func:`load_drafts` raises the first one for
``comms draft``. What is checked here: the shape of each entry and unknown keys;
what a draft is ``for`` (a key of a records field, or an item of a set field, of the
policy); conditions; citations (every draft needs one; pages must be declared);
duplicate ids; and each template: it parses, and uses only known variables and
filters. Whether every planned message has exactly one draft is proved separately
(``complete.py``).
"""

from __future__ import annotations

from typing import Any

from ..errors import CommsError, Location
from ..policy.citing import read_cite, read_pages
from ..policy.conditions import ConditionReader
from ..policy.model import RECORDS, SET, FieldSpec, Policy
from ..policy.schema import ID_PATTERN, LINE_DUPLICATE, FiledReader, Seen
from ..policy.sections.drafts import DETAIL, DRAFT, SETTINGS, SETTINGS_ENTRY
from ..problems import Problem
from ..yamlsafe import YMap, loc_of
from . import templates
from .model import Cite, Detail, Draft, Drafts, Settings, Target, Template

CHECK_ID = "drafts"


def read_drafts(policy: Policy) -> tuple[Drafts | None, list[Problem]]:
    """The policy's drafts (None when it has none) and every problem found in them."""
    entries = [entry.value for entry in policy.entries("drafts")]
    reader = FiledReader(CHECK_ID, LINE_DUPLICATE)
    if not entries:
        return None, reader.problems
    conditions = ConditionReader(
        {q.id: q for q in policy.questions}, set(policy.facts), policy.fields, reader.report
    )
    settings_entries = [(i, e) for i, e in enumerate(entries) if isinstance(e, dict) and "settings" in e]
    settings = _settings(policy, settings_entries, reader)
    builder = _DraftBuilder(policy, settings, reader, conditions)
    drafts = [
        builder.draft(entry, f"drafts[{i}]")
        for i, entry in enumerate(entries)
        if not (isinstance(entry, dict) and "settings" in entry)
    ]
    first = _where(entries[0], policy)
    return Drafts(settings, tuple(d for d in drafts if d is not None), first), reader.problems


def load_drafts(policy: Policy) -> Drafts:
    """The policy's drafts, raising their first problem as a CommsError."""
    drafts, problems = read_drafts(policy)
    if problems:
        first = min(problems)
        more = f" (and {len(problems) - 1} more; run `comms lint {policy.root}`)" if len(problems) > 1 else ""
        raise CommsError(first.message + more, first.loc)
    if drafts is None:
        raise CommsError("this policy has no drafts (add a `drafts:` section)", Location(str(policy.root)))
    return drafts


# ---- settings ------------------------------------------------------------------------
def _settings(policy: Policy, entries: list[tuple[int, Any]], reader: FiledReader) -> Settings:
    if not entries:
        return _checked_messages_field(policy, Settings(), Location(str(policy.root)), reader)
    for index, extra in entries[1:]:
        reader.report(CHECK_ID, f"drafts[{index}]: a second settings entry (one is allowed)", _where(extra, policy))
    index, entry = entries[0]
    path, loc = f"drafts[{index}]", _where(entry, policy)
    reader.entry(entry, path, loc, SETTINGS_ENTRY, ())  # only `settings:` beside it
    raw, loc = entry["settings"], loc_of(entry, "settings", loc)
    path += ".settings"
    if not reader.entry(raw, path, loc, SETTINGS):
        return Settings()
    settings = Settings(
        messages_field=reader.text(raw, "messages_field", path, loc, Settings.messages_field),
        details=_details(raw, path, loc, reader),
        values=_values(raw, path, loc, reader),
        pages=read_pages(raw, path, loc, reader),
    )
    return _checked_messages_field(policy, settings, loc_of(raw, "messages_field", loc), reader)


def _checked_messages_field(policy: Policy, settings: Settings, loc: Location, reader: FiledReader) -> Settings:
    """The messages field must be a records field of the policy: its keys are what drafts cover."""
    spec = policy.fields.get(settings.messages_field)
    if spec is not None and spec.type == RECORDS:
        return settings
    found = f"a field of type {spec.type}" if spec is not None else "not a field of the policy"
    reader.report(CHECK_ID, f"settings.messages_field: {settings.messages_field!r} is {found}; name a records field", loc)
    return settings.replace(messages_field="")


def _names(raw: Any, key: str, path: str, loc: Location, reader: FiledReader, what: str) -> dict[str, Any]:
    value, where = raw.get(key, {}), loc_of(raw, key, loc)
    if not isinstance(value, dict):
        reader.report(CHECK_ID, f"{path}.{key}: expected a mapping of names to {what}", where)
        return {}
    return value


def _details(settings: Any, path: str, loc: Location, reader: FiledReader) -> dict[str, Detail]:
    raw = _names(settings, "details", path, loc, reader, "{label, help}")
    where, path = loc_of(settings, "details", loc), f"{path}.details"
    details: dict[str, Detail] = {}
    for name, value in raw.items():
        item_loc, item_path = loc_of(raw, name, where), f"{path}.{name}"
        if not isinstance(name, str) or not ID_PATTERN.fullmatch(name) or "-" in name:
            reader.report(CHECK_ID, f"{item_path}: {name!r} is not a detail name (lowercase letters, digits and _)", item_loc)
            continue
        if reader.entry(value, item_path, item_loc, DETAIL):
            label = reader.text(value, "label", item_path, item_loc)
            details[name] = Detail(name, label or name, reader.text(value, "help", item_path, item_loc))
    return details


def _values(settings: Any, path: str, loc: Location, reader: FiledReader) -> dict[str, str]:
    raw = _names(settings, "values", path, loc, reader, "text")
    where = loc_of(settings, "values", loc)
    values: dict[str, str] = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not ID_PATTERN.fullmatch(name) or "-" in name or not isinstance(value, str):
            reader.report(CHECK_ID, f"{path}.values.{name}: expected a name (a-z, 0-9, _) with text", loc_of(raw, name, where))
            continue
        values[name] = value
    return values


# ---- drafts ----------------------------------------------------------------------------
class _DraftBuilder:
    """Reads drafts, remembering ids to catch duplicates."""

    def __init__(self, policy: Policy, settings: Settings, reader: FiledReader, conditions: ConditionReader) -> None:
        self.policy = policy
        self.settings = settings
        self.reader = reader
        self.conditions = conditions
        self.ids = Seen(DRAFT)
        self.recipients = _recipients(policy)
        self.texts = {bytes_path: data.decode("utf-8", "replace") for bytes_path, data in zip(
            (str(p) for p in policy.files), policy.contents, strict=False)}

    def draft(self, raw: Any, path: str) -> Draft | None:
        loc = _where(raw, self.policy)
        if not self.reader.entry(raw, path, loc, DRAFT):
            return None
        did = self.reader.ident(raw, "id", path, loc)
        if did is not None:
            self.reader.unique(self.ids, did, path, loc_of(raw, "id", loc))
        target = self._target(raw, path, loc)
        cite = self._cite(raw, path, loc)
        when = None
        if "when" in raw:
            when = self.conditions.read(raw["when"], loc_of(raw, "when", loc), f"{path}.when")
        subject = self._template(raw, "subject", path, loc, target)
        body = self._template(raw, "body", path, loc, target)
        if did is None or target is None or body is None:
            return None
        return Draft(
            id=did,
            target=target,
            title=self.reader.text(raw, "title", path, loc, default=did),
            subject=subject,
            body=body,
            cite=cite,
            when=when,
            loc=loc,
        )

    def _target(self, raw: Any, path: str, loc: Location) -> Target | None:
        value, where, for_path = raw["for"], loc_of(raw, "for", loc), f"{path}.for"
        if not isinstance(value, dict) or len(value) != 1:
            self.reader.report(CHECK_ID, f"{for_path}: expected one field and its key, e.g. {{messages: email}}", where)
            return None
        (name, key), = value.items()
        spec = self.policy.fields.get(name)
        if spec is None or spec.type not in (RECORDS, SET):
            usable = sorted(n for n, s in self.policy.fields.items() if s.type in (RECORDS, SET))
            self.reader.report(CHECK_ID, f"{for_path}: {name!r} is not a records or set field (use one of: {', '.join(usable)})", where)
            return None
        if key not in spec.values:
            known = ", ".join(str(v) for v in spec.values)
            self.reader.report(CHECK_ID, f"{for_path}.{name}: {key!r} is not {_what(spec)} of {name} (known: {known})", where)
            return None
        return Target(name, key)

    def _template(self, raw: Any, key: str, path: str, loc: Location, target: Target | None) -> Template | None:
        if key not in raw:
            return None
        where = loc_of(raw, key, loc)
        source = raw[key]
        if not isinstance(source, str) or not source.strip():
            self.reader.report(CHECK_ID, f"{path}.{key}: expected template text", where)
            return None
        template = Template(source, where, self._block_style(where))
        try:
            reading = templates.analysis(template)
        except templates.TemplateProblem as problem:
            self.reader.report(CHECK_ID, f"{path}.{key}: {problem.message}", problem.loc)
            return template
        for message, at in templates.unknown_variables(template, reading, self._known(target)):
            self.reader.report(CHECK_ID, f"{path}.{key}: {message}", at)
        for name, at in templates.unknown_filters(template, reading):
            self.reader.report(CHECK_ID, f"{path}.{key}: unknown filter {name!r}", at)
        self._customer_io(template, f"{path}.{key}")
        return template

    def _customer_io(self, template: Template, path: str) -> None:
        """Customer.io's Liquid must fall back to the recipients section's text for its attribute.

        That it reads the attribute the CSV fills is the ``recipients`` check's
        (``recipients.settings.draft_disagreements``); this adds the fallback, at its line.
        """
        recipients = self.recipients
        if recipients is None:
            return
        for attribute, default, at in templates.customer_attributes(template):
            if attribute == recipients.attribute and default is not None and default != recipients.fallback:
                self.reader.report(CHECK_ID, f"{path}: the fallback {default!r} differs from the recipients "
                                   f"section's ({recipients.liquid()})", at)

    def _known(self, target: Target | None) -> dict[str, frozenset[str]]:
        policy, settings = self.policy, self.settings
        known = {
            "detail": frozenset(settings.details),
            "answer": frozenset(policy.question_ids),
            "decision": frozenset(policy.fields),
            "value": frozenset(settings.values),
        }
        spec = policy.fields.get(target.field) if target is not None else None
        if spec is not None and spec.type == RECORDS:
            known["message"] = frozenset((spec.key, *spec.attributes))
        elif spec is not None:
            known["item"] = frozenset(("id", "text"))
        return known

    def _block_style(self, where: Location) -> str:
        """``|`` or ``>`` when the value at `where` is a YAML block scalar, else ""."""
        lines = self.texts.get(where.path, "").splitlines()
        if not 0 < where.line <= len(lines):
            return ""
        indicator = lines[where.line - 1][where.column - 1:where.column]
        return indicator if indicator in ("|", ">") else ""

    def _cite(self, raw: Any, path: str, loc: Location) -> Cite | None:
        return read_cite(raw, path, loc, self.reader, self.settings.pages)


def _recipients(policy: Policy) -> Any:
    """The recipients settings when the policy has a clean recipients section (its own check reports the rest)."""
    if not policy.entries("recipients"):
        return None
    from ..recipients.settings import read_settings

    settings, problems = read_settings(policy)
    return settings if not problems else None


def _what(spec: FieldSpec) -> str:
    return "a key" if spec.type == RECORDS else "an item"


def _where(raw: Any, policy: Policy) -> Location:
    return raw.loc if isinstance(raw, YMap) else Location(str(policy.root))


__all__ = ["CHECK_ID", "load_drafts", "read_drafts"]
