"""Decide saved records again under a policy: which incidents would be handled differently.

Each RECORD is a file saved by `comms assess --output`, or a folder of them
(its *.json files, recursively, in name order). Each record's answers are
decided again under the policy (--rules: a folder or REV:PATH read from git;
default $COMMS_RULES, else the bundled policy), and the new decision is
compared with the saved one, field by field (set fields by item ids). Answers
saved under an older policy are carried over through the new questions'
`replaces`; a record that still cannot be decided (an answer the policy does
not take, a question it asks that the record never answered) is listed as
not replayed, with the reason. --set ID=VALUE answers a question for every
record that does not answer it (a question the new policy added, say); a
record's own answers always win.

--incident ID (repeatable) replays every assessment the incident journal keeps
for that incident; --incidents replays those of every incident in the journal,
closed ones included (--journal PATH, or $COMMS_JOURNAL, names the journal;
default: see `comms incident --help`). Records and incidents may be mixed.

Formats (--format): text (default; the records that change, and why others
could not be replayed), json (version 1: version, rules, records [{path,
status: same|changed|not_replayed, problem, carried, changes [{field, before,
after}]}], summary {records, changed, not_replayed, same}).

Exit codes: 0 every record decided the same; 1 some decided differently or
not replayed; 2 bad input (a missing path, a file that is not a record, an
invalid policy); 3 internal error (a bug in comms); 130 interrupted, 143
terminated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .options import journal_option

FORMAT_NAMES = ("text", "json")


def replay(
    records: list[Path] | None = typer.Argument(None, help="Saved records, or folders of them.", metavar="[RECORD]...",
                                                show_default=False),
    rules: str | None = typer.Option(None, "--rules", "-r", help="The policy: a folder or REV:PATH (default: $COMMS_RULES, else the bundled policy)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    given: list[str] = typer.Option([], "--set", "-s", help="ID=VALUE: an answer for records that lack one (repeatable).", metavar="ID=VALUE"),
    incident_ids: list[str] = typer.Option([], "--incident", "-i", help="Replay this incident's assessments from the journal (repeatable)."),
    every_incident: bool = typer.Option(False, "--incidents", help="Replay the assessments of every incident in the journal."),
    journal: str | None = journal_option(),
) -> int:
    from ..answers import parse_set_options
    from ..console import write_out
    from ..errors import CommsError, ExitCode
    from ..paths import shown_path
    from ..policy import resolve_rules_dir
    from ..policydiff.replay import record_files
    from ..policydiff.replay import replay as replay_records
    from ..policydiff.replay_formats import FORMATS
    from ..policydiff.source import opened

    if fmt not in FORMAT_NAMES:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    if not records and not incident_ids and not every_incident:
        raise CommsError("nothing to replay: give RECORD files or folders, --incident ID or --incidents")
    files = record_files(records or [])
    if records and not files:
        raise CommsError("no records (*.json) in the folders given")
    extra = parse_set_options(given)
    with opened(rules or str(resolve_rules_dir(None))) as side:
        items = list(replay_records(side.policy, files, extra))
        if incident_ids or every_incident:
            items += _from_journal(side.policy, journal, None if every_incident else incident_ids, extra)
        write_out(FORMATS[fmt](items, shown_path(side.shown) if side.shown == side.spec else side.shown))
    return int(ExitCode.FINDINGS if any(i.problem or i.changes for i in items) else ExitCode.OK)


def _from_journal(policy: Any, journal: str | None, incident_ids: list[str] | None, extra: dict[str, Any]) -> list[Any]:
    from ..errors import CommsError
    from ..policydiff.replay import replay_journal
    from ..store import journal_path, open_journal

    path = journal_path(journal)
    opened_journal = open_journal(path, create=False)
    if opened_journal is None:
        raise CommsError(f"no journal at {path} (`comms assess --incident ID` starts one)")
    try:
        return list(replay_journal(policy, opened_journal, incident_ids, extra))
    finally:
        opened_journal.close()
