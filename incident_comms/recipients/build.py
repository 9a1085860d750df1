"""From the rows of a user export to the people to email, the findings and the summary.

Kept: rows whose org is impacted (every org of the export, or those of ``--orgs``)
and whose role is one of the policy's ``recipient_roles``, with a valid email.
A person is their email without letter case or surrounding spaces; the first
spelling seen is the one written (it is what the user typed, and what Customer.io
may already hold). Each person's orgs are joined into one field in alphabetical
order (ignoring letter case; then by org id), the handbook's way: "A", "A and B",
"A, B and C"; an org name repeated among one person's orgs is written once and
reported. An org's name is the one on its first row; another name for the same
org id on a later row is reported.

Dropped rows are counted by reason (the summary); members are not findings, but
every row that stops a real owner or admin from getting the right email is.
"""

from __future__ import annotations

from collections.abc import Iterable

from .columns import column_index
from .model import COLUMNS, EMAIL, ORG_ID, ORG_NAME, ROLE, Finding, Person, Result, Settings, Summary
from .orgs import Impacted
from .table import Table, shown_cell
from .values import clean_org_name, email_fault, starts_a_formula

# Why a row was dropped, as the summary and the JSON contract name it.
NOT_OWNER_OR_ADMIN, NOT_IMPACTED, UNKNOWN_ROLE = "not_owner_or_admin", "not_impacted", "unknown_role"
MISSING_EMAIL, INVALID_EMAIL, MISSING_ORG_ID, MALFORMED_ROW = "missing_email", "invalid_email", "missing_org_id", "malformed_row"
DROP_REASONS = (NOT_OWNER_OR_ADMIN, NOT_IMPACTED, UNKNOWN_ROLE, MISSING_EMAIL, INVALID_EMAIL, MISSING_ORG_ID, MALFORMED_ROW)


def build(export: Table, settings: Settings, columns: dict[str, str], impacted: Impacted | None = None) -> Result:
    """The Customer.io rows for an export; `columns` maps email, role, org_id, org_name to header names."""
    indexes = {logical: column_index(export, logical, columns[logical]) for logical in COLUMNS}
    builder = _Builder(export, settings, indexes, impacted)
    for number, record in export.rows():
        builder.add(number, record)
    return builder.result()


def join_names(names: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C": the handbook's way of naming several orgs in one field."""
    items = list(names)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class _Org:
    __slots__ = ("name", "names_seen", "recipients", "row", "rows")

    def __init__(self, name: str, row: int) -> None:
        self.name = name  # as on its first row (stripped)
        self.row = row
        self.names_seen = {name}
        self.recipients = 0
        self.rows = 0


class _Person:
    __slots__ = ("email", "orgs", "raw", "row")

    def __init__(self, email: str, raw: str, row: int) -> None:
        self.email = email
        self.raw = raw
        self.row = row
        self.orgs: dict[str, int] = {}  # org id -> the row that made them a recipient for it


class _Builder:
    """Goes through the rows once, then settles names, merges and org-level findings."""

    def __init__(self, export: Table, settings: Settings, indexes: dict[str, int], impacted: Impacted | None) -> None:
        self.export = export
        self.impacted = impacted
        self.indexes = indexes
        self.at = (indexes[EMAIL], indexes[ROLE], indexes[ORG_ID], indexes[ORG_NAME])
        self.width = len(export.header)
        self.recipient_roles = {r.strip().casefold() for r in settings.recipient_roles}
        self.other_roles = {r.strip().casefold() for r in settings.other_roles}
        self.known_roles = ", ".join(shown_cell(r) for r in (*settings.recipient_roles, *settings.other_roles))
        self.fallback = settings.fallback
        self.findings: list[Finding] = [*export.findings, *(impacted.findings if impacted else ())]
        self.dropped = dict.fromkeys(DROP_REASONS, 0)
        self.orgs: dict[str, _Org] = {}
        self.people: dict[str, _Person] = {}
        self.unknown_roles: dict[str, int] = {}  # the role as shown -> rows
        self.rows = self.spellings_merged = self.duplicate_rows = 0

    def find(self, row: int, logical: str, check: str, message: str) -> None:
        index = self.indexes[logical]
        self.findings.append(Finding(self.export.path, row, index + 1, check, message, self.export.column_name(index)))

    def drop(self, reason: str) -> None:
        self.dropped[reason] += 1

    def add(self, row: int, record: list[str]) -> None:
        if len(record) != self.width:
            if any(cell.strip() for cell in record):
                self.rows += 1
                self._malformed(row, record)
            return
        self.rows += 1
        email_at, role_at, org_id_at, org_name_at = self.at
        org_id = record[org_id_at].strip()
        if not org_id:
            self.find(row, ORG_ID, "missing-org-id", "no org id: the row cannot be matched to an org")
            return self.drop(MISSING_ORG_ID)
        if self.impacted is not None and org_id not in self.impacted.rows:
            return self.drop(NOT_IMPACTED)
        name = record[org_name_at].strip()
        org = self.orgs.get(org_id)
        if org is None or name not in org.names_seen:  # a new org, or another name for one
            org = self._org(org_id, name, row)
        org.rows += 1
        role = record[role_at].strip().casefold()
        if role not in self.recipient_roles:
            return self._not_a_recipient(row, role, record[role_at])
        self._recipient(row, record[email_at], org_id, org)

    def _malformed(self, row: int, record: list[str]) -> None:
        self.findings.append(Finding(
            self.export.path, row, 0, "row-shape",
            f"{len(record)} fields where the header has {self.width} (a value with an unquoted "
            f"{_delimiter_name(self.export.delimiter)}?): the values may be in the wrong columns",
        ))
        self.drop(MALFORMED_ROW)

    def _org(self, org_id: str, name: str, row: int) -> _Org:
        org = self.orgs.get(org_id)
        if org is None:
            org = self.orgs[org_id] = _Org(name, row)
        else:
            org.names_seen.add(name)
            self.find(row, ORG_NAME, "org-name-conflict",
                      f"org {shown_cell(org_id)} has another name on row {org.row}; the name on row {org.row} is used")
        return org

    def _not_a_recipient(self, row: int, role: str, raw: str) -> None:
        if role in self.other_roles:
            return self.drop(NOT_OWNER_OR_ADMIN)
        shown = shown_cell(raw.strip()) if role else "(empty)"
        self.unknown_roles[shown] = self.unknown_roles.get(shown, 0) + 1
        what = "no role" if not role else f"unknown role {shown}"
        self.find(row, ROLE, "unknown-role", f"{what} (known: {self.known_roles}); the row is left out")
        self.drop(UNKNOWN_ROLE)

    def _recipient(self, row: int, raw: str, org_id: str, org: _Org) -> None:
        email = raw.strip()
        fault = email_fault(email)
        if fault is not None:
            check, reason = ("missing-email", MISSING_EMAIL) if not email else ("invalid-email", INVALID_EMAIL)
            self.find(row, EMAIL, check, f"not an email address: {fault}" if email else "no email address")
            return self.drop(reason)
        key = email.casefold()
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Person(email, raw, row)
        elif raw != person.raw:
            self.spellings_merged += 1
            self.find(row, EMAIL, "duplicate-person",
                      f"the same person as row {person.row}, spelt differently ({_how_spelt(raw, person.raw)}); merged")
        if org_id in person.orgs:
            self.duplicate_rows += 1
        else:
            person.orgs[org_id] = row
            org.recipients += 1

    # ---- after the last row ----------------------------------------------------------
    def result(self) -> Result:
        names = self._org_names()
        people = tuple(self._person(p, names) for p in self.people.values())
        self._orgs_without_recipients()
        if not people:
            self.findings.append(Finding(self.export.path, 0, 0, "no-recipients",
                                         "no owner or admin of an impacted org with a valid email: nothing to send"))
        summary = Summary(
            rows=self.rows,
            people=len(people),
            orgs=sum(1 for org in self.orgs.values() if org.recipients),
            several_orgs=sum(1 for p in self.people.values() if len(p.orgs) > 1),
            spellings_merged=self.spellings_merged,
            duplicate_rows=self.duplicate_rows,
            dropped={reason: count for reason, count in self.dropped.items() if count},
            unknown_roles=dict(sorted(self.unknown_roles.items(), key=lambda item: (-item[1], item[0]))),
        )
        return Result(people, tuple(sorted(self.findings)), summary)

    def _org_names(self) -> dict[str, str]:
        """Each org's name fit for a subject line (orgs with recipients only), with its findings."""
        names: dict[str, str] = {}
        for org_id, org in self.orgs.items():
            if not org.recipients:
                continue
            name, faults = clean_org_name(org.name)
            names[org_id] = name
            shown = shown_cell(org_id)
            if faults == ["empty"]:
                self.find(org.row, ORG_NAME, "org-name",
                          f"org {shown} has no name: the email shows the fallback ({self.fallback!r}) unless the person has other orgs")
            for fault in faults if faults != ["empty"] else ():
                self.find(org.row, ORG_NAME, "org-name", f"org {shown}: the name has {fault}")
            if starts_a_formula(name):
                self.find(org.row, ORG_NAME, "formula", _formula_message(name))
        return names

    def _person(self, person: _Person, names: dict[str, str]) -> Person:
        if starts_a_formula(person.email):
            self.find(person.row, EMAIL, "formula", _formula_message(person.email))
        if len(person.orgs) == 1:  # most people: nothing to merge
            return Person(person.email, names[next(iter(person.orgs))], person.row)
        by_name: dict[str, list[str]] = {}
        for org_id in person.orgs:
            if names[org_id]:
                by_name.setdefault(names[org_id].casefold(), []).append(org_id)
        for org_ids in by_name.values():
            if len(org_ids) > 1:
                ids = ", ".join(shown_cell(o) for o in org_ids)
                self.find(person.orgs[org_ids[1]], ORG_NAME, "same-org-name",
                          f"owner or admin of {len(org_ids)} orgs with the same name (org ids {ids}): "
                          "the email cannot tell them apart")
        ordered = sorted(by_name.values(), key=lambda ids: (names[ids[0]].casefold(), names[ids[0]], ids[0]))
        return Person(person.email, join_names(names[ids[0]] for ids in ordered), person.row)

    def _orgs_without_recipients(self) -> None:
        if self.impacted is None:
            return
        for org_id, row in self.impacted.rows.items():
            org = self.orgs.get(org_id)
            if org is not None and org.recipients:
                continue
            why = "is not in the export" if org is None else f"has no owner or admin with a valid email in the export ({org.rows} rows)"
            self.findings.append(Finding(self.impacted.path, row, 1, "org-without-recipients",
                                         f"impacted org {shown_cell(org_id)} {why}"))


def _how_spelt(raw: str, first: str) -> str:
    ways = []
    if raw.strip() != first.strip():
        ways.append("letter case")
    if raw != raw.strip() or first != first.strip():
        ways.append("spaces around it")
    return " and ".join(ways)


def _formula_message(value: str) -> str:
    return (f"starts with {value[0]!r}, which a spreadsheet runs as a formula if the CSV is opened in one; "
            "written as is (Customer.io does not run it)")


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon"}.get(delimiter, "tab")


