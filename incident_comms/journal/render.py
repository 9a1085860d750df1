"""Showing the journal: what changed, the timeline of one incident, the open incidents.

Each view has one registry of formats (``TIMELINE_FORMATS``, ``LIST_FORMATS``,
``CHANGES_FORMATS``: name -> function returning text). Every string that comes from
the journal (titles, notes, names, ids) or a rule file goes through ``safetext.clean``
(markdown also neutralises pipes and HTML); times are shown in UTC, the one clock
people handing over across time zones share. In a terminal, text goes through rich
only to mark OVERDUE (never parsing markup), when ``terminal`` allows colour.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..checklist.timing import StatusCheck, format_span
from ..policy.model import Policy
from ..safetext import clean
from ..store import Entry, Incident
from .changes import POLICY, Change, changes
from .entries import parse_stored
from .state import ASSESSMENT, Standing, decision_of, headline

OVERDUE = "OVERDUE"


# ---- small pieces ------------------------------------------------------------------------
def when(moment: datetime | str | None) -> str:
    """A time to the minute, in UTC: ``2026-12-01 17:05 UTC``."""
    if moment is None:
        return "never"
    if isinstance(moment, str):
        moment = parse_stored(moment)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def clock(check: StatusCheck | None) -> str:
    """A due time for a person: ``due 23:00 UTC, in 4h 50m`` or ``OVERDUE by 10m (due ...)``."""
    if check is None:
        return "none due"
    basis = f"every {format_span(check.every)}, from {check.basis}"
    if check.overdue:
        return f"{OVERDUE} by {format_span(check.remaining)}: was due {when(check.due)} ({basis})"
    if check.remaining.total_seconds() == 0:
        return f"due now: {when(check.due)} ({basis})"
    return f"due {when(check.due)}, in {format_span(check.remaining)} ({basis})"


def change_line(change: Change) -> str:
    """One change, for a person: ``Headline: HOLD → SEND NOW``, ``+ Actions: write the plan``."""
    title = clean(change.title)
    if change.field == POLICY:
        return (f"The policy changed since the last assessment ({clean(change.item)} "
                f"{clean(change.before)} → {clean(change.after)})")
    if change.kind == "added":
        detail = f" ({clean(change.after)})" if change.after else ""
        return f"+ {title}: {clean(change.item)}{detail}"
    if change.kind == "removed":
        return f"- {title}: {clean(change.item)} (no longer in the decision)"
    item = f" {clean(change.item)}:" if change.item else ""
    return f"{title}:{item} {clean(change.before)} → {clean(change.after)}"


def _set_line(change: Change) -> str:
    """Set items read better by their text than their id."""
    text = change.after if change.kind == "added" else change.before
    sign = "+" if change.kind == "added" else "-"
    tail = "" if change.kind == "added" else " (no longer in the decision)"
    return f"{sign} {clean(change.title)}: {clean(text)}{tail}"


def describe_change(policy: Policy, change: Change) -> str:
    spec = policy.fields.get(change.field)
    if spec is not None and spec.type == "set" and change.kind in ("added", "removed"):
        return _set_line(change)
    return change_line(change)


def _md(text: Any) -> str:
    return clean(text).replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


# ---- what changed (comms assess --incident) ------------------------------------------------
def changes_text(policy: Policy, incident: Incident, previous: Entry | None, found: list[Change] | None) -> str:
    """The lines printed before a re-assessment's decision."""
    name = clean(incident.id)
    if previous is None:
        return f"{name}: first assessment of {clean(incident.title)!s}\n\n"
    since = f"since the last assessment ({when(previous.at)} by {clean(previous.who)})"
    if not found:
        return f"{name}: nothing changed {since}\n\n"
    lines = [f"{name}: what changed {since}"] + [f"  {describe_change(policy, c)}" for c in found or []]
    return "\n".join(lines) + "\n\n"


def changes_markdown(policy: Policy, incident: Incident, previous: Entry | None,
                     found: list[Change] | None) -> str:
    if previous is None:
        return f"**{_md(incident.id)}**: first assessment\n\n"
    since = f"since {when(previous.at)} ({_md(previous.who)})"
    if not found:
        return f"**{_md(incident.id)}**: nothing changed {since}\n\n"
    lines = [f"**{_md(incident.id)}**: what changed {since}", ""]
    lines += [f"- {_md(describe_change(policy, c))}" for c in found or []]
    return "\n".join(lines) + "\n\n"


def changes_json(found: list[Change]) -> list[dict[str, Any]]:
    return [
        {"field": c.field, "kind": c.kind, "item": c.item, "before": c.before, "after": c.after} for c in found
    ]


# ---- one incident's timeline (comms incident show) ----------------------------------------
def _event_text(policy: Policy, entry: Entry) -> str:
    body = entry.body
    note = f": {clean(body['note'])}" if body.get("note") else ""
    if entry.kind == ASSESSMENT:
        shown = headline(policy, body.get("record") or {})
        return f"assessed: {clean(shown[1]) if shown else 'decided'}"
    if entry.kind == "sent":
        count = f" ({body['count']})" if isinstance(body.get("count"), int) else ""
        return f"sent {clean(body.get('channel', '?'))}{count}{note}"
    if entry.kind == "status_page_updated":
        return f"status page updated{note}"
    if entry.kind == "handover":
        return f"handed over to {clean(body.get('to', '?'))}{note}"
    if entry.kind == "note":
        return f"note: {clean(body.get('text', ''))}"
    if entry.kind in ("closed", "reopened"):
        return f"{entry.kind}{note}"
    return clean(entry.kind)


def timeline(policy: Policy, entries: list[Entry]) -> list[tuple[Entry, str, list[str]]]:
    """Each entry with its line and, for a re-assessment, the changes it made."""
    shown: list[tuple[Entry, str, list[str]]] = []
    previous: Entry | None = None
    for entry in entries:
        details: list[str] = []
        if entry.kind == ASSESSMENT:
            if previous is not None:
                found = changes(policy, previous.body.get("record") or {}, entry.body.get("record") or {})
                details = [describe_change(policy, c) for c in found] or ["nothing changed"]
            else:
                details = ["first assessment"]
            previous = entry
        shown.append((entry, _event_text(policy, entry), details))
    return shown


def _standing_lines(policy: Policy, standing: Standing) -> list[tuple[str, str]]:
    """(label, value) pairs: where the incident stands now."""
    rows = [("now", clean(standing.headline[1]) if standing.headline else "not assessed yet")]
    rows.append(("status page", clock(standing.status_check)))
    if standing.update_channel:
        rows.append((f"next {clean(standing.update_channel)}", clock(standing.update_due)))
    rows.append(("waiting", _waiting(policy, standing)))
    if standing.last is not None:
        rows.append(("last assessed", f"{when(standing.last.at)} by {clean(standing.last.who)}"))
    return rows


def _waiting(policy: Policy, standing: Standing) -> str:
    parts = []
    for message in standing.waiting:
        state = "due now, not logged as sent" if message.due_now else _timing_label(policy, message.timing)
        parts.append(f"{clean(message.key)} ({clean(state)})")
    return ", ".join(parts) or "nothing"


def _timing_label(policy: Policy, timing: str) -> str:
    for spec in policy.fields.values():
        for attribute, values in spec.attributes.items():
            if timing in values:
                return spec.attribute_label(attribute, timing)
    return timing


def _header(incident: Incident) -> list[str]:
    state = f"closed {when(incident.closed_at)}" if incident.closed_at else "open"
    return [
        f"{clean(incident.id)} · {clean(incident.title)} ({state})",
        f"declared {when(incident.created_at)} by {clean(incident.created_by)}",
    ]


def timeline_text(policy: Policy, standing: Standing, entries: list[Entry]) -> str:
    lines = [*_header(standing.incident), ""]
    width = max(len(label) for label, _ in _standing_lines(policy, standing))
    lines += [f"  {label.ljust(width)}  {value}" for label, value in _standing_lines(policy, standing)]
    lines += ["", "Timeline"]
    day = ""
    for entry, text, details in timeline(policy, entries):
        stamp = when(entry.at)
        if stamp[:10] != day:
            day = stamp[:10]
            lines.append(f"  {day}")
        lines.append(f"    {stamp[11:16]}  {clean(entry.who)}: {text}")
        lines += [f"           {detail}" for detail in details]
    return "\n".join(lines) + "\n"


def timeline_markdown(policy: Policy, standing: Standing, entries: list[Entry]) -> str:
    header = _header(standing.incident)
    lines = [f"# {_md(header[0])}", "", _md(header[1]), "", "| | |", "|---|---|"]
    lines += [f"| {_md(label)} | {_md(value)} |" for label, value in _standing_lines(policy, standing)]
    lines += ["", "## Timeline", ""]
    for entry, text, details in timeline(policy, entries):
        lines.append(f"- **{when(entry.at)}** {_md(entry.who)}: {_md(text)}")
        lines += [f"  - {_md(detail)}" for detail in details]
    return "\n".join(lines) + "\n"


def timeline_json(policy: Policy, standing: Standing, entries: list[Entry]) -> str:
    data = {
        "incident": incident_json(standing.incident),
        "standing": standing_json(standing),
        "timeline": [
            {**entry_json(entry), **({"changes": details} if entry.kind == ASSESSMENT else {})}
            for entry, _, details in timeline(policy, entries)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def incident_json(incident: Incident) -> dict[str, Any]:
    return {"id": incident.id, "uid": incident.uid, "title": incident.title, "created_at": incident.created_at,
            "created_by": incident.created_by, "closed_at": incident.closed_at}


def entry_json(entry: Entry) -> dict[str, Any]:
    return {"uid": entry.uid, "kind": entry.kind, "at": entry.at, "recorded_at": entry.recorded_at,
            "who": entry.who, "body": entry.body}


def _due_json(check: StatusCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {"due": check.due.astimezone(timezone.utc).isoformat(), "overdue": check.overdue, "basis": check.basis,
            "every_minutes": check.every.total_seconds() / 60}


def standing_json(standing: Standing) -> dict[str, Any]:
    return {
        "headline": standing.headline[0] if standing.headline else None,
        "status_page_check": _due_json(standing.status_check),
        "next_update": {"channel": standing.update_channel, **(_due_json(standing.update_due) or {})}
        if standing.update_channel and standing.update_due else None,
        "waiting": [{"key": m.key, "timing": m.timing, "due_now": m.due_now} for m in standing.waiting],
        "decision": decision_of(standing.last),
        "last_assessed": {"at": standing.last.at, "by": standing.last.who} if standing.last else None,
    }


TIMELINE_FORMATS: dict[str, Callable[[Policy, Standing, list[Entry]], str]] = {
    "text": timeline_text,
    "markdown": timeline_markdown,
    "json": timeline_json,
}


# ---- the open incidents (comms incident list) --------------------------------------------
def list_text(policy: Policy, standings: list[Standing], journal: str) -> str:
    if not standings:
        return f"No incidents in {clean(journal)}.\n"
    blocks = []
    for standing in standings:
        incident = standing.incident
        state = " (closed)" if incident.closed_at else ""
        lines = [f"{clean(incident.id)}  {clean(incident.title)}{state}"]
        lines += [f"  {label}: {value}" for label, value in _standing_lines(policy, standing)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def list_json(policy: Policy, standings: list[Standing], journal: str) -> str:
    data = {"journal": journal,
            "incidents": [{**incident_json(s.incident), **standing_json(s)} for s in standings]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


LIST_FORMATS: dict[str, Callable[[Policy, list[Standing], str], str]] = {"text": list_text, "json": list_json}


# ---- printing -----------------------------------------------------------------------------------------
def write(text: str, fmt: str) -> None:
    """Print a rendered view; text in a colour terminal has OVERDUE marked."""
    from ..terminal import terminal

    if fmt == "text" and OVERDUE in text and terminal().color:
        from rich.console import Console
        from rich.text import Text

        shown = Text(text)
        shown.highlight_words([OVERDUE], style="bold white on red")
        Console(highlight=False, soft_wrap=True, force_terminal=True).print(shown, end="")
        return
    from ..console import write_out

    write_out(text)
