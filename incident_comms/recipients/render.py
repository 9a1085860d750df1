"""The recipients outputs: the Customer.io CSV, and the summary as text or JSON.

The CSV is the only output that holds personal data. The summary never does: it
gives counts, and for each kind of finding a few places (file, row, column) with
what is wrong; ``--format json`` lists every finding the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from ..frozen import Frozen
from ..safetext import clean
from .build import DROP_REASONS
from .model import Finding, Person, Result

JSON_VERSION = 1
EXAMPLES = 5  # places shown for each kind of finding in the text summary
# The order findings are listed in, and the kinds there are (the README documents each).
CHECKS = (
    "bom", "delimiter", "row-shape", "missing-org-id", "unknown-role", "missing-email", "invalid-email",
    "duplicate-person", "org-name", "org-name-conflict", "same-org-name", "formula", "org-without-recipients",
    "no-recipients",
)
DROPPED_WORDS = {
    "not_owner_or_admin": "not an owner or admin", "not_impacted": "not an impacted org",
    "unknown_role": "unknown role", "missing_email": "no email", "invalid_email": "invalid email",
    "missing_org_id": "no org id", "malformed_row": "malformed row",
}
WRITTEN, CHECKED, STRICT, EMPTY = "written", "checked", "not_written_strict", "not_written_empty"


class Report(Frozen):
    """A run: its inputs, its result, and what became of the CSV (`outcome`, one of the four above)."""

    export: str
    orgs: str | None
    output: str | None
    attribute: str
    liquid: str
    result: Result
    outcome: str


def customerio_csv(people: tuple[Person, ...], attribute: str) -> str:
    """The CSV to upload to Customer.io: `email` and the attribute, one person a line (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("email", attribute))
    writer.writerows((p.email, p.orgs) for p in people)
    return out.getvalue()


# ---- JSON ------------------------------------------------------------------------------
def to_json(report: Report) -> str:
    """The summary as the JSON contract of the README (version 1; keys only ever added)."""
    summary = report.result.summary
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        "export": report.export,
        "orgs": report.orgs,
        "output": report.output,
        "written": report.outcome == WRITTEN,
        "outcome": report.outcome,
        "attribute": report.attribute,
        "liquid": report.liquid,
        "summary": {
            "rows": summary.rows,
            "people": summary.people,
            "orgs": summary.orgs,
            "several_orgs": summary.several_orgs,
            "spellings_merged": summary.spellings_merged,
            "duplicate_rows": summary.duplicate_rows,
            "dropped": {reason: summary.dropped.get(reason, 0) for reason in DROP_REASONS},
            "unknown_roles": summary.unknown_roles,
            "findings": len(report.result.findings),
        },
        "findings": [_finding_json(f) for f in _ordered(report.result.findings)],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {"check": finding.check, "file": finding.file, "row": finding.row, "column": finding.column,
            "column_number": finding.column_number, "message": finding.message}


# ---- text ------------------------------------------------------------------------------
def to_text(report: Report) -> str:
    """The summary a tired person reads at a glance: counts, findings with places, the Liquid."""
    lines = [*_counts(report), ""]
    findings = report.result.findings
    if findings:
        lines += [f"{len(findings):,} finding{'s' if len(findings) != 1 else ''}",
                  *_finding_lines(findings, report.result.summary.unknown_roles), ""]
    lines += [f"In the email: {report.liquid}", _outcome(report)]
    return "\n".join(clean(line) for line in lines) + "\n"


def _counts(report: Report) -> list[str]:
    summary = report.result.summary
    lines = [(f"Recipients from {_path(report.export)}: {summary.people:,} people to email, "
             f"owners and admins of {summary.orgs:,} orgs ({summary.rows:,} rows read)")]
    if summary.several_orgs:
        lines.append(f"  {summary.several_orgs:,} with several orgs, merged into one field (\"A and B\")")
    merged = [f"{_rows(summary.spellings_merged)} of a person spelt differently"] if summary.spellings_merged else []
    merged += [f"{_rows(summary.duplicate_rows)} repeating a person and org"] if summary.duplicate_rows else []
    if merged:
        lines.append(f"  merged: {', '.join(merged)}")
    dropped = [(DROPPED_WORDS[r], n) for r, n in summary.dropped.items() if n]
    if dropped:
        total = sum(n for _, n in dropped)
        lines.append(f"  {_rows(total)} left out: " + ", ".join(f"{n:,} {why}" for why, n in dropped))
    return lines


def _rows(count: int) -> str:
    return f"{count:,} row" if count == 1 else f"{count:,} rows"


def _finding_lines(findings: tuple[Finding, ...], unknown_roles: dict[str, int]) -> list[str]:
    lines: list[str] = []
    for check, group in _grouped(findings):
        lines.append(f"  {check} ({len(group):,})")
        if check == "unknown-role":  # which values: a wrong --role-column shows at once
            values = [f"{value} ({_rows(n)})" for value, n in list(unknown_roles.items())[:EXAMPLES]]
            more = f", and {len(unknown_roles) - EXAMPLES:,} more" if len(unknown_roles) > EXAMPLES else ""
            lines.append(f"    values: {', '.join(values)}{more}")
        lines += [f"    {_place(f)} {f.message}" for f in group[:EXAMPLES]]
        if len(group) > EXAMPLES:
            lines.append(f"    … and {len(group) - EXAMPLES:,} more (--format json lists every one)")
    return lines


def _place(finding: Finding) -> str:
    place = _path(finding.file)
    if finding.row:
        place += f":{finding.row}" + (f":{finding.column_number}" if finding.column_number else "")
    return place + (f" {finding.column}:" if finding.column else ":")


def _outcome(report: Report) -> str:
    people = report.result.summary.people
    words: dict[str, Callable[[], str]] = {
        WRITTEN: lambda: f"Wrote {_path(report.output or '')}: {people:,} people, columns email and {report.attribute}.",
        CHECKED: lambda: "Checked only (--check): nothing written.",
        STRICT: lambda: f"Nothing written: {len(report.result.findings):,} findings and --strict.",
        EMPTY: lambda: "Nothing written: no one to email.",
    }
    return words[report.outcome]()


def _grouped(findings: tuple[Finding, ...]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for finding in _ordered(findings):
        groups.setdefault(finding.check, []).append(finding)
    return list(groups.items())


def _ordered(findings: tuple[Finding, ...]) -> list[Finding]:
    rank = {check: i for i, check in enumerate(CHECKS)}
    return sorted(findings, key=lambda f: (rank.get(f.check, len(CHECKS)), f))


def _path(path: str) -> str:
    """A file name that cannot start a CI workflow command (``::``, ``##[``) at the start of a line."""
    return f"./{path}" if path.startswith((":", "#")) else path


FORMATS: dict[str, Callable[[Report], str]] = {"text": to_text, "json": to_json}
