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

The journal's assessments are not read yet: replay saved record files.

Formats (--format): text (default; the records that change, and why others
could not be replayed), json (version 1: version, rules, records [{path,
status: same|changed|not_replayed, problem, carried, changes [{field, before,
after}]}], summary {records, changed, not_replayed, same}).

Exit codes: 0 every record decided the same; 1 some decided differently or
not replayed; 2 bad input (a missing path, a file that is not a record, an
invalid policy).
"""

from __future__ import annotations

from pathlib import Path

import typer

FORMAT_NAMES = ("text", "json")


def replay(
    records: list[Path] = typer.Argument(..., help="Saved records, or folders of them.", metavar="RECORD..."),
    rules: str | None = typer.Option(None, "--rules", "-r", help="The policy: a folder or REV:PATH (default: $COMMS_RULES, else the bundled policy)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    given: list[str] = typer.Option([], "--set", "-s", help="ID=VALUE: an answer for records that lack one (repeatable).", metavar="ID=VALUE"),
) -> int:
    from ..answers import parse_set_options
    from ..console import write_out
    from ..errors import CommsError, ExitCode
    from ..policy import resolve_rules_dir
    from ..policydiff.replay import record_files
    from ..policydiff.replay import replay as replay_records
    from ..policydiff.replay_formats import FORMATS
    from ..policydiff.source import opened

    if fmt not in FORMAT_NAMES:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    files = record_files(records)
    if not files:
        raise CommsError("no records (*.json) in the folders given")
    with opened(rules or str(resolve_rules_dir(None))) as side:
        items = list(replay_records(side.policy, files, parse_set_options(given)))
        write_out(FORMATS[fmt](items, side.shown))
    return int(ExitCode.FINDINGS if any(i.problem or i.changes for i in items) else ExitCode.OK)
