"""The incident journal: list open incidents, show one's timeline, log what was done.

An incident is declared by its first `comms assess --incident ID`; every assessment
and every logged event is kept in the journal (default
$XDG_DATA_HOME/comms/journal.db, else ~/.local/share/comms/journal.db; --journal
PATH or COMMS_JOURNAL for another). Times are shown in UTC.

Exit codes: 0 done; 2 bad input (an unknown or invalid incident id, a bad time or
option, a journal that is corrupt, read-only or from a newer comms, a conflicting
import); 3 internal error (a bug in comms); 130 interrupted, 143 terminated.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import CommsError
from .options import journal_option, rules_option

if TYPE_CHECKING:
    from datetime import datetime

    from ..checklist.model import Settings
    from ..policy.model import Policy
    from ..store import Journal

AT_HELP = 'When it happened: ISO 8601 (no zone = local time), "20m ago", "1h30m ago" or "now" (the default).'


def list_incidents(
    all_: bool = typer.Option(False, "--all", help="Closed incidents too."),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text or json."),
    journal: str | None = journal_option(),
    rules: str | None = rules_option(),
) -> int:
    """List open incidents: headline now, next status-page check and update due (OVERDUE when past),
    messages waiting and on what, last assessed and by whom."""
    from ..journal.render import LIST_FORMATS, write
    from ..journal.state import standing
    from ..paths import shown_path

    _check_format(fmt, LIST_FORMATS)
    path = _path(journal)
    policy, settings = _policy(rules)
    now = _now()
    standings = []
    opened = _open(path, create=False)
    if opened is not None:
        try:
            for incident in opened.incidents(include_closed=all_):
                standings.append(standing(policy, settings, incident, opened.entries(incident.id), now))
        finally:
            opened.close()
    write(LIST_FORMATS[fmt](policy, standings, shown_path(str(path))), fmt)
    return 0


def show(
    incident_id: str = typer.Argument(..., metavar="ID", help="The incident id."),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text, markdown (a handover note) or json."),
    journal: str | None = journal_option(),
    rules: str | None = rules_option(),
) -> int:
    """Show an incident's timeline: assessments, decision changes, logged events, due times."""
    from ..journal.render import TIMELINE_FORMATS, write
    from ..journal.state import standing

    _check_format(fmt, TIMELINE_FORMATS)
    incident_id = _checked(incident_id)
    policy, settings = _policy(rules)
    opened = _existing(_path(journal))
    try:
        incident = _incident(opened, incident_id)
        entries = opened.entries(incident_id)
    finally:
        opened.close()
    write(TIMELINE_FORMATS[fmt](policy, standing(policy, settings, incident, entries, _now()), entries), fmt)
    return 0


def log(
    incident_id: str = typer.Argument(..., metavar="ID", help="The incident id."),
    sent: str | None = typer.Option(None, "--sent", help="A message went out on this channel (email, ...)."),
    count: int | None = typer.Option(None, "--count", min=0, help="With --sent: how many recipients."),
    status_page_updated: bool = typer.Option(False, "--status-page-updated", help="The status page was updated."),
    handover_to: str | None = typer.Option(None, "--handover-to", help="Comms handed over to this person."),
    note: str | None = typer.Option(None, "--note", help="A note (with another event, it is that event's note)."),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    journal: str | None = journal_option(),
    rules: str | None = rules_option(),
) -> int:
    """Log what was done: --sent CHANNEL [--count N], --status-page-updated, --handover-to NAME,
    --note TEXT; each --at TIME. Several in one call are logged together, at one time."""
    from ..journal.entries import checked_text, current_user, new_entry

    incident_id = _checked(incident_id)
    events = _events(sent, count, status_page_updated, handover_to, rules)
    if note is not None:
        note = checked_text(note, "--note")
    if not events and note is None:
        raise CommsError("nothing to log: give --sent, --status-page-updated, --handover-to or --note")
    now = _now()
    moment = _at(at, now)
    who = current_user()
    extra = {"note": note} if note is not None else {}
    entries = [new_entry(kind, {**body, **extra}, moment, now, who) for kind, body in events]
    if not events:
        entries = [new_entry("note", {"text": note}, moment, now, who)]
    _write(journal, lambda j: j.add_entries(incident_id, entries))
    print(f"logged for {incident_id}: {', '.join(e.kind.replace('_', ' ') for e in entries)}", file=sys.stderr)
    return 0


def close(
    incident_id: str = typer.Argument(..., metavar="ID", help="The incident id."),
    note: str | None = typer.Option(None, "--note", help="Why, or what is left."),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    journal: str | None = journal_option(),
) -> int:
    """Close an incident: it leaves `comms incident list` (see --all) and takes no more entries."""
    return _close_or_reopen(incident_id, note, at, journal, reopen=False)


def reopen(
    incident_id: str = typer.Argument(..., metavar="ID", help="The incident id."),
    note: str | None = typer.Option(None, "--note", help="Why."),
    at: str | None = typer.Option(None, "--at", help=AT_HELP),
    journal: str | None = journal_option(),
) -> int:
    """Reopen a closed incident."""
    return _close_or_reopen(incident_id, note, at, journal, reopen=True)


def export(
    incident_id: str = typer.Argument(..., metavar="ID", help="The incident id."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically), not stdout."),
    force: bool = typer.Option(False, "--force", help="Let --output overwrite an existing file."),
    journal: str | None = journal_option(),
) -> int:
    """Export an incident, every entry of it, as JSON: `comms incident import` reads it on another machine."""
    from ..journal.transfer import export_document

    incident_id = _checked(incident_id)
    if output is not None:
        from ..output import check_writable

        check_writable(output, force)
    opened = _existing(_path(journal))
    try:
        text = export_document(_incident(opened, incident_id), opened.entries(incident_id))
    finally:
        opened.close()
    if output is not None:
        from ..output import write_atomic

        write_atomic(output, text, force)
    else:
        sys.stdout.write(text)
    return 0


def import_incident(
    file: Path = typer.Argument(..., metavar="FILE", help="A file written by `comms incident export`."),
    journal: str | None = journal_option(),
) -> int:
    """Import an exported incident. Entries already here are kept once; an incident of the same id
    declared elsewhere, or an entry that differs, refuses the whole import and changes nothing."""
    from ..journal.transfer import read_export

    incident, entries = read_export(file)
    added, known = _write(journal, lambda j: j.import_incident(incident, entries), create=True)
    print(f"imported {incident.id}: {added} entries added, {known} already in the journal", file=sys.stderr)
    return 0


# ---- shared ------------------------------------------------------------------------------------------
def _check_format(fmt: str, formats: dict[str, Any]) -> None:
    if fmt not in formats:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(formats)}")


def _checked(incident_id: str) -> str:
    from ..journal.entries import checked_id

    return checked_id(incident_id)


def _path(journal: str | None) -> Path:
    from ..store import journal_path

    return journal_path(journal)


def _now() -> datetime:
    from ..checklist.timing import current_time

    return current_time()


def _at(at: str | None, now: datetime) -> datetime:
    from ..checklist.timing import parse_time

    return now if at is None else parse_time(at, "--at", now)


def _open(path: Path, create: bool) -> Journal | None:
    from ..store import open_journal

    return open_journal(path, create)


def _existing(path: Path) -> Journal:
    opened = _open(path, create=False)
    if opened is None:
        raise CommsError(f"no journal at {path} yet (`comms assess --incident ID` starts one)")
    return opened


def _incident(opened: Journal, incident_id: str) -> Any:
    found = opened.incident(incident_id)
    if found is None:
        raise CommsError(f"no incident {incident_id!r} in {opened.path} (`comms incident list --all` lists them)")
    return found


def _write(journal: str | None, change: Any, create: bool = False) -> Any:
    opened = _open(_path(journal), create) if create else _existing(_path(journal))
    assert opened is not None
    try:
        return change(opened)
    finally:
        opened.close()


def _policy(rules: str | None) -> tuple[Policy, Settings]:
    """The policy and the checklist's settings (due times); defaults when the policy has no checklist."""
    from ..checklist.model import Settings
    from ..checklist.read import load_checklist, read_checklist
    from ..policy.load import load_policy, resolve_rules_dir

    policy = load_policy(resolve_rules_dir(rules), ("checklist",))
    checklist, problems = read_checklist(policy)
    if problems:
        load_checklist(policy)  # raises the first problem
    return policy, checklist.settings if checklist is not None else Settings()


def _events(sent: str | None, count: int | None, status_page: bool, handover_to: str | None,
            rules: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The events to log: (kind, body) pairs."""
    from ..journal.entries import checked_text

    if count is not None and sent is None:
        raise CommsError("--count goes with --sent CHANNEL")
    events: list[tuple[str, dict[str, Any]]] = []
    if sent is not None:
        events.append(("sent", {"channel": _channel(sent, rules), **({"count": count} if count is not None else {})}))
    if status_page:
        events.append(("status_page_updated", {}))
    if handover_to is not None:
        events.append(("handover", {"to": checked_text(handover_to, "--handover-to")}))
    return events


def _channel(sent: str, rules: str | None) -> str:
    """A channel is a key of one of the policy's records fields (email, status_page, ...)."""
    from ..policy.load import load_policy, resolve_rules_dir
    from ..policy.model import RECORDS

    policy = load_policy(resolve_rules_dir(rules), sections=())
    channels = [str(v) for spec in policy.fields.values() if spec.type == RECORDS for v in spec.values]
    if sent not in channels:
        shown = sent if len(sent) <= 40 else sent[:40] + "…"
        raise CommsError(f"--sent {shown!r}: not a channel of the policy ({', '.join(channels)})")
    return sent


def _close_or_reopen(incident_id: str, note: str | None, at: str | None, journal: str | None, reopen: bool) -> int:
    from ..journal.entries import checked_text, current_user, iso, new_entry

    incident_id = _checked(incident_id)
    body = {"note": checked_text(note, "--note")} if note is not None else {}
    now = _now()
    moment = _at(at, now)
    entry = new_entry("reopened" if reopen else "closed", body, moment, now, current_user())
    closed_at = None if reopen else iso(moment)
    _write(journal, lambda j: j.add_entries(incident_id, [entry], closed_at=closed_at, reopen=reopen))
    print(f"{'reopened' if reopen else 'closed'} {incident_id}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[..., int]] = {
    "list": list_incidents,
    "show": show,
    "log": log,
    "close": close,
    "reopen": reopen,
    "export": export,
    "import": import_incident,
}
