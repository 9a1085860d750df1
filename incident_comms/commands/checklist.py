"""Print the Comms Lead's checklist: the whole role, or what applies to one incident.

Bare `comms checklist` prints the whole role, from appointment to handover, and
what is not the Comms Lead's to do. Each item cites its handbook section.

With --from RECORD (saved by `comms assess --output`) or --answers FILE (the two
are exclusive) it shows only what applies to that incident, with the decided
actions in it. The decision is worked out again from the answers with the current
policy; if the record was made with another policy (its sha256 differs) a warning
goes to stderr first.

With --started and/or --last-status-update it prints when the next status-page
check is due: 6 hours (the policy's setting) after the last status update, or,
with only --started, after the start (the first update is taken to be posted when
the incident was declared). Exactly at the due time it is due, not overdue; after
it, it is OVERDUE. A resolved incident has no more checks. Times: ISO 8601 with or
without a zone (no zone = local time; 2026-08-11T14:05, 2026-08-11T14:05+02:00,
...Z), "45m ago", "2h ago", "1h30m ago" or "now". A time in the future, or one
that cannot be read, is an error naming the option.

Formats: text (checkboxes; wrapped at word boundaries to the terminal's width, or
to 80 columns or $COLUMNS when piped; colour in a terminal, never with NO_COLOR,
always with FORCE_COLOR, none with TERM=dumb), markdown (a GitHub task list
to paste into Slack or an issue) and json. --output FILE writes the chosen format
to FILE (atomically) instead of stdout.

Exit codes: 0 printed; 2 bad input (a bad record, answers file, time or option,
or a policy whose checklist has problems); 3 internal error (a bug in comms);
130 interrupted, 143 terminated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import CommsError
from .options import answers_option, force_option, journal_option, rules_option

if TYPE_CHECKING:
    from datetime import datetime

    from ..checklist.model import Checklist
    from ..checklist.tailor import View
    from ..checklist.timing import StatusCheck
    from ..policy.model import Policy


def checklist(
    from_: Path | None = typer.Option(
        None, "--from", help="A record saved by `comms assess --output`: show only what applies to it."
    ),
    answers: Path | None = answers_option("A YAML or JSON answers file: show only what applies to it."),
    started: str | None = typer.Option(
        None, "--started", help='When the incident started: ISO 8601, "2h ago" or "now".'
    ),
    last_status_update: str | None = typer.Option(
        None, "--last-status-update", help='When the status page was last updated: ISO 8601, "45m ago" or "now".'
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text, markdown or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    force: bool = force_option("--output"),
    rules: str | None = rules_option(),
    incident: str | None = typer.Option(
        None, "--incident", "-i",
        help="An incident of the journal: its last assessment, start and last status update (the flags override).",
    ),
    journal: str | None = journal_option(),
) -> int:
    from ..checklist.render import FORMATS

    if fmt not in FORMATS:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if from_ is not None and answers is not None:
        raise CommsError("--from and --answers are exclusive: give a saved record or an answers file, not both")
    if incident is not None and (from_ is not None or answers is not None):
        raise CommsError("--incident is exclusive with --from and --answers: give one source of answers")
    if output is not None:
        from ..output import check_writable

        check_writable(output, force)
    if incident is not None:
        return _for_incident(incident, journal, started, last_status_update, rules, fmt, output, force)
    times = _times(started, last_status_update) if started is not None or last_status_update is not None else None
    if from_ is None and answers is None and times is None and not _rich_terminal(fmt, output):
        _write_out(_full_list(rules, fmt, output), output, force)
        return 0
    policy, items = _load(rules)
    status_check = _status_check(items, *times) if times is not None else None
    view = _view(policy, items, from_, answers, status_check)
    _emit(view, fmt, output, force)
    return 0


def _times(started: str | None, last_update: str | None) -> tuple[datetime | None, datetime | None, datetime]:
    """The start and last update as aware datetimes (or None), and now."""
    from ..checklist.timing import current_time, parse_time

    now = current_time()
    start = parse_time(started, "--started", now) if started is not None else None
    update = parse_time(last_update, "--last-status-update", now) if last_update is not None else None
    return start, update, now


def _for_incident(incident_id: str, journal: str | None, started: str | None, last_update: str | None,
                  rules: str | None, fmt: str, output: Path | None, force: bool) -> int:
    """The checklist of a journal incident: tailored to its last assessment, timed from its entries."""
    from ..journal.checklist import incident_inputs

    start, update, now = _times(started, last_update)
    inputs = incident_inputs(incident_id, journal)
    policy, items = _load(rules)
    status_check = _status_check(items, start or inputs.started, update or inputs.last_status_update, now)
    if inputs.answers is None:
        view = _view(policy, items, None, None, status_check)
    else:
        from ..engine import decide

        given = _checked(policy, inputs.answers, {}, inputs.source, inputs.policy_sha256)
        from ..checklist.tailor import tailored_view

        decision = decide(policy, given)
        if decision.undecided:
            raise CommsError(f"the policy decides no value for {', '.join(decision.undecided)} with these answers")
        view = tailored_view(items, policy, given, decision, inputs.source, status_check)
    _emit(view, fmt, output, force)
    return 0


def _load(rules: str | None) -> tuple[Policy, Checklist]:
    from ..checklist.read import load_checklist
    from ..policy.load import load_policy, resolve_rules_dir

    policy = load_policy(resolve_rules_dir(rules), ("checklist",))
    return policy, load_checklist(policy)


def _status_check(
    items: Checklist, start: datetime | None, update: datetime | None, now: datetime
) -> StatusCheck | None:
    """The next status-page check (only worked out when a time option is given)."""
    from datetime import timedelta

    from ..checklist.timing import next_status_check

    every = timedelta(hours=items.settings.status_check_every_hours)
    return next_status_check(start, update, every, now)


def _view(
    policy: Policy, items: Checklist, record: Path | None, answers: Path | None, status_check: StatusCheck | None
) -> View:
    from ..checklist.tailor import full_view, tailored_view

    source = record or answers
    if source is None:
        return full_view(items, status_check)
    given = _answers(policy, record, answers)
    from ..engine import decide

    decision = decide(policy, given)
    if decision.undecided:
        raise CommsError(f"the policy decides no value for {', '.join(decision.undecided)} with these answers")
    return tailored_view(items, policy, given, decision, str(source), status_check)


def _answers(policy: Policy, record: Path | None, answers_file: Path | None) -> dict[str, Any]:
    """Checked answers from the record or the answers file; missing answers are an error."""
    from ..answers import read_answers_file
    from ..record_file import read_record

    if record is not None:
        saved = read_record(record)
        return _checked(policy, saved.answers, {}, str(record), saved.policy_sha256)
    assert answers_file is not None
    raw, locs = read_answers_file(answers_file)
    return _checked(policy, raw, locs, str(answers_file), None)


def _checked(policy: Policy, raw: dict[str, Any], locs: dict[str, Any], source: str, sha256: str | None) -> dict[str, Any]:
    """Answers checked against the policy; a record made with another policy is warned about once they check."""
    from ..answers import check_answers, ignored_warning
    from ..console import warn
    from ..errors import Location

    checked = check_answers(policy, raw, locs, source=source)  # answers for an older policy: one error line
    if sha256 is not None and sha256 != policy.sha256:
        warn(f"{source}: made with a different policy (sha256 differs); deciding again with {policy.root}")
    for qid in checked.ignored:
        warn(ignored_warning(qid))
    if checked.missing:
        raise CommsError(f"missing answers: {', '.join(checked.missing)}", Location(source))
    return checked.answers


def _full_list(rules: str | None, fmt: str, output: Path | None) -> str:
    """The whole checklist, rendered."""
    from ..checklist.tailor import full_view

    _, items = _load(rules)
    return _rendered(full_view(items, None), fmt, output)


def _rich_terminal(fmt: str, output: Path | None) -> bool:
    """Whether the text is shown with colour, with rich.

    Colour follows the one terminal setup of every command (NO_COLOR, FORCE_COLOR,
    TERM=dumb: see ``terminal.py``); plain text is wrapped to its width.
    """
    from ..terminal import terminal

    return output is None and fmt == "text" and terminal().color


def _emit(view: View, fmt: str, output: Path | None, force: bool) -> None:
    if _rich_terminal(fmt, output):
        from ..checklist.rich_text import print_view
        from ..terminal import terminal

        print_view(view, terminal())
    else:
        _write_out(_rendered(view, fmt, output), output, force)


def _write_out(text: str, output: Path | None, force: bool) -> None:
    if output is not None:
        from ..output import write_atomic

        write_atomic(output, text, force)
    else:
        from ..console import write_out

        write_out(text)


def _width(output: Path | None) -> int:
    """Plain text in a file is 80 columns wide; on stdout, as wide as the terminal setup says."""
    from ..checklist.render import WIDTH
    from ..terminal import terminal

    return WIDTH if output is not None else terminal().width


def _rendered(view: View, fmt: str, output: Path | None) -> str:
    from ..checklist import render

    if fmt == "json":
        return render.to_json(view)
    if fmt == "markdown":
        return render.markdown(view)
    return render.plain(view, _width(output))
