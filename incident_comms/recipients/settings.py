"""Reading the ``recipients:`` section of a policy into :class:`Settings`.

The section is one mapping, in any one rule file (the default policy keeps it in
``rules/recipients.yaml``)::

    recipients:
      attribute: affected_org_names        # the Customer.io attribute; the email draft's Liquid uses it
      fallback: your organization          # the Liquid default, which should never show
      recipient_roles: [owner, admin]      # role values that count as owner or admin
      other_roles: [member]                # known roles that are not emailed
      columns: {email: email, role: role, org_id: org_id, org_name: org_name}

The drafts section (``comms draft``) must insert the org names with this same
``attribute`` (``Settings.liquid()`` gives the exact Liquid), so that the CSV and
the email agree: :func:`draft_disagreements` reports a draft whose Liquid reads
another org attribute (``customer.NAME`` with ``org`` in NAME). Every problem is
filed under the lint check ``recipients``; the command stops at the first one.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import CommsError, Location
from ..policy.model import Policy
from ..policy.schema import FiledReader, kind_of
from ..policy.sections.recipients import COLUMNS_MAP, RECIPIENTS
from ..problems import Problem
from ..yamlsafe import YMap, loc_of
from .model import COLUMNS, Settings

CHECK_ID = "recipients"
# A Liquid variable name (customer.NAME), and not one Customer.io keeps for itself.
ATTRIBUTE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESERVED_ATTRIBUTES = ("email", "id", "cio_id", "created_at")
CUSTOMER_ATTRIBUTE = re.compile(r"\bcustomer\.([A-Za-z_][A-Za-z0-9_]*)")


def read_settings(policy: Policy) -> tuple[Settings | None, list[Problem]]:
    """The policy's recipients settings (None when it has none) and every problem found in them."""
    entries = [entry.value for entry in policy.entries("recipients")]
    reader = FiledReader(CHECK_ID)
    if not entries:
        return None, reader.problems
    for extra in entries[1:]:
        reader.report(CHECK_ID, "recipients: a second recipients section (one is allowed)", _where(extra))
    raw = entries[0]
    loc = _where(raw)
    if not reader.entry(raw, "recipients", loc, RECIPIENTS):
        return Settings(), reader.problems
    attribute = reader.text(raw, "attribute", "recipients", loc, Settings.attribute)
    if attribute_fault(attribute):
        reader.report(CHECK_ID, f"recipients.attribute: {attribute_fault(attribute)}", loc_of(raw, "attribute", loc))
    recipient_roles = _roles(raw, "recipient_roles", loc, reader)
    other_roles = _roles(raw, "other_roles", loc, reader) if "other_roles" in raw else Settings.other_roles
    _disjoint(raw, recipient_roles, other_roles, loc, reader)
    settings = Settings(
        attribute=attribute,
        fallback=_fallback(raw, loc, reader),
        recipient_roles=recipient_roles,
        other_roles=other_roles,
        columns=_columns(raw, loc, reader),
    )
    return settings, reader.problems


def draft_disagreements(policy: Policy, settings: Settings) -> list[Problem]:
    """Drafts whose Customer.io Liquid reads an org attribute other than the one the CSV fills."""
    reader = FiledReader(CHECK_ID)
    for index, entry in enumerate(entry.value for entry in policy.entries("drafts")):
        if not isinstance(entry, dict):
            continue
        for key in ("subject", "body"):
            text = entry.get(key)
            names = set(CUSTOMER_ATTRIBUTE.findall(text)) if isinstance(text, str) else set()
            for name in sorted(n for n in names if "org" in n.lower() and n != settings.attribute):
                reader.report(CHECK_ID, f"drafts[{index}].{key}: reads customer.{name}, but comms recipients fills "
                              f"customer.{settings.attribute} (recipients.attribute); use that name",
                              loc_of(entry, key, _where(entry)))
    return reader.problems


def load_settings(policy: Policy) -> Settings:
    """The policy's recipients settings, raising their first problem as a CommsError."""
    settings, problems = read_settings(policy)
    if problems:
        first = min(problems)
        more = f" (and {len(problems) - 1} more; run `comms lint {policy.root}`)" if len(problems) > 1 else ""
        raise CommsError(first.message + more, first.loc)
    if settings is None:
        raise CommsError("this policy has no recipients settings (add a `recipients:` section)",
                         Location(str(policy.root)))
    return settings


def attribute_fault(name: str) -> str | None:
    """Why `name` cannot be the Customer.io attribute, or None."""
    if not ATTRIBUTE.fullmatch(name):
        return f"{name!r} is not a Liquid name (letters, digits and _, not starting with a digit)"
    if name.lower() in RESERVED_ATTRIBUTES:
        return f"{name!r} is a Customer.io attribute of its own; choose a new, unique name"
    return None


def _roles(raw: Any, key: str, loc: Location, reader: FiledReader) -> tuple[str, ...]:
    value, where = raw.get(key), loc_of(raw, key, loc)
    ok = isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value)
    if not ok or (key == "recipient_roles" and not value):
        reader.report(CHECK_ID, f"recipients.{key}: expected a list of role values, found {kind_of(value)}", where)
        return getattr(Settings, key)
    roles = tuple(str(v).strip() for v in value)
    if any(not role for role in roles):
        reader.report(CHECK_ID, f"recipients.{key}: an empty role value", where)
    return roles


def _disjoint(raw: Any, recipients: tuple[str, ...], others: tuple[str, ...], loc: Location, reader: FiledReader) -> None:
    both = sorted({r.casefold() for r in recipients} & {o.casefold() for o in others})
    if both:
        reader.report(CHECK_ID, f"recipients.other_roles: {', '.join(both)} also in recipient_roles",
                      loc_of(raw, "other_roles", loc))


def _fallback(raw: Any, loc: Location, reader: FiledReader) -> str:
    fallback = reader.text(raw, "fallback", "recipients", loc, Settings.fallback)
    if not fallback.strip() or '"' in fallback or any(ord(ch) < 32 for ch in fallback):
        reader.report(CHECK_ID, "recipients.fallback: expected a short text without double quotes or line breaks",
                      loc_of(raw, "fallback", loc))
        return Settings.fallback
    return fallback


def _columns(raw: Any, loc: Location, reader: FiledReader) -> dict[str, str]:
    columns = dict(Settings.columns)
    if "columns" not in raw:
        return columns
    value, where = raw["columns"], loc_of(raw, "columns", loc)
    if not reader.entry(value, "recipients.columns", where, COLUMNS_MAP):
        return columns
    for logical in value:
        name = value[logical]
        if logical in COLUMNS and isinstance(name, str) and name.strip():
            columns[logical] = name.strip()
        elif logical in COLUMNS:
            reader.report(CHECK_ID, f"recipients.columns.{logical}: expected a column name, found {kind_of(name)}",
                          loc_of(value, logical, where))
    return columns


def _where(raw: Any) -> Location:
    return raw.loc if isinstance(raw, YMap) else Location("recipients")
