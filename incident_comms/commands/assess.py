"""Walk through the scoping questions and decide the comms for an incident.

Answers come from --answers FILE (YAML or JSON, or a saved record), from
--set QUESTION=VALUE, and, in a terminal, from prompts for the rest. Without a
terminal it never prompts: missing answers exit 2 and are listed.

The decision is printed as a plan: first what the Comms Lead does now, then each
message grouped by when it goes out, the to-do list, who to involve, the update
cadence, and the scoping answers as a block to paste into the incident channel.
--explain adds, under each line, the rule that decided it (file:line in the policy
folder) and its reason; the JSON record always carries them (`fired`).

Formats: text (wrapped at word boundaries to the terminal, or to 80 columns or
$COLUMNS when piped; colour in a terminal, never with NO_COLOR, always with
FORCE_COLOR, none with TERM=dumb), markdown (pastes into GitHub and Slack), json
(the record; the README documents its keys).

With --incident ID it keeps the incident's journal (created on first use, with
--title): it starts from the incident's last answers (in a terminal each previous
answer is the question's default; without one, the last answers plus --answers and
--set are the new answers), saves the assessment (UTC time, answers, decision,
policy, who: $COMMS_USER, else the login name) and prints first what changed since
the last one. See `comms incident`.

Exit codes: 0 decided; 2 bad input, missing answers or an incomplete policy;
3 internal error (a bug in comms); 130 interrupted, 143 terminated (nothing is
saved).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ..errors import CommsError
from .options import answers_option, force_option, journal_option, no_input_option, rules_option, set_option

# The core is imported inside the command, so that `comms --help` (which imports
# every command module) does not pay for YAML, the policy reader and the engine.
FORMATS = ("text", "markdown", "json")  # the names of render.FORMATS (a test checks)


def assess(
    answers: Path | None = answers_option(),
    set_: list[str] = set_option(),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text, markdown or json (the record)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also save the JSON record to this file (atomically)."
    ),
    force: bool = force_option("--output"),
    rules: str | None = rules_option(),
    no_input: bool = no_input_option(),
    explain: bool = typer.Option(
        False, "--explain", help="Show why: under each line, the rule, its file:line and its reason."
    ),
    incident: str | None = typer.Option(
        None, "--incident", "-i", help="Keep this incident's journal (e.g. inc-2026-12-01-flags): start from its last answers."
    ),
    title: str | None = typer.Option(None, "--title", help="With --incident: its title, when it is declared."),
    journal: str | None = journal_option(),
) -> int:
    from ..output import check_writable
    from ..policy.load import load_policy, resolve_rules_dir

    if fmt not in FORMATS:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if output is not None:
        check_writable(output, force)
    if title is not None and incident is None:
        raise CommsError("--title goes with --incident ID")
    policy = load_policy(resolve_rules_dir(rules), sections=())
    from ..console import warn

    keeper = _Keeper.start(incident, title, journal, policy) if incident is not None else None
    last = keeper.last_answers if keeper is not None else {}
    given, ignored = _collect_answers(policy, answers, set_, no_input, last)
    from ..answers import ignored_warning

    warnings = [ignored_warning(qid) for qid in ignored]
    for message in warnings:
        warn(message)
    from ..engine import decide  # after the questions: the first one is on screen sooner
    from ..output import write_atomic
    from ..record import build_record, to_json

    decision = decide(policy, given)
    if decision.undecided:
        raise CommsError(
            f"the policy decides no value for {', '.join(decision.undecided)} with these answers "
            f"(run `comms lint {policy.root}`)"
        )
    record = build_record(policy, given, decision, warnings)
    if output is not None:  # before printing: a reader that goes away must not cost the record
        write_atomic(output, to_json(record), force)
    changes = keeper.save(record) if keeper is not None else None  # saved before anything is printed
    _show(record, policy, fmt, explain, changes)
    return 0


class _Keeper:
    """The journal side of `assess --incident`: opened (and checked) before any question."""

    def __init__(self, incident_id: str, title: str | None, path: Any, policy: Any) -> None:
        self.incident_id, self.title, self.path, self.policy = incident_id, title, path, policy
        self.last_answers: dict[str, Any] = {}

    @classmethod
    def start(cls, incident_id: str, title: str | None, journal: str | None, policy: Any) -> _Keeper:
        from ..console import warn
        from ..journal.assessing import last_answers
        from ..journal.entries import checked_id, checked_text
        from ..store import journal_path, open_journal

        keeper = cls(checked_id(incident_id), checked_text(title, "--title") if title is not None else None,
                     journal_path(journal), policy)
        opened = open_journal(keeper.path, create=True)
        assert opened is not None
        try:
            found = opened.incident(keeper.incident_id)
            if found is not None and found.closed_at is not None:
                raise CommsError(f"{incident_id!r} is closed; `comms incident reopen {incident_id}` first")
            keeper.last_answers, dropped = last_answers(policy, opened.last_assessment(keeper.incident_id))
        finally:
            opened.close()
        for message in dropped:
            warn(message)
        return keeper

    def save(self, record: dict[str, Any]) -> Any:
        """Save the assessment; what changed since the one before it (read in the same transaction)."""
        from ..checklist.timing import current_time
        from ..journal.changes import changes
        from ..journal.entries import current_user, new_entry, new_incident
        from ..store import open_journal

        now, who = current_time(), current_user()
        declared = new_incident(self.incident_id, self.title or self.incident_id, now, who)
        opened = open_journal(self.path, create=True)
        assert opened is not None
        try:
            incident, previous = opened.add_assessment(declared, new_entry("assessment", {"record": record}, now, now, who))
        finally:
            opened.close()
        found = changes(self.policy, previous.body.get("record") or {}, record) if previous is not None else None
        return incident, previous, found


def _collect_answers(policy: Any, answers: Path | None, set_: list[str], no_input: bool,
                     last: dict[str, Any] | None = None) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The answers to every asked question, and the ids of given answers that are not asked.

    Without a terminal (or with --no-input) missing answers are an error; in a
    terminal they are asked, keeping every given answer for when its question comes.
    `last` (an incident's last answers) fills in what is not given, without a
    terminal; in one, each is its question's default.
    """
    from ..answers import check_answers, coerce, parse_set_options, read_answers_file

    last = last or {}
    raw, locs = read_answers_file(answers) if answers else ({}, {})
    options = parse_set_options(set_)
    raw.update(options)
    for qid in options:
        locs.pop(qid, None)  # a --set answer is not where the file wrote it
    prompting = not no_input and _in_a_terminal()
    merged = raw if prompting else {**last, **raw}
    checked = check_answers(policy, merged, locs, source="--set")
    ignored = tuple(qid for qid in checked.ignored if qid in raw)  # the journal's own are dropped quietly
    if not checked.missing:
        return checked.answers, ignored
    if not prompting:
        listed = ", ".join(checked.missing)
        raise CommsError(f"missing answers: {listed} (give them with --answers FILE or --set ID=VALUE)")
    for qid, value in raw.items():  # fail before the first prompt, not halfway through
        coerce(policy.question(qid), value, locs.get(qid) or "--set")
    from ..flow import run_flow
    from ..journal.assessing import with_last_answer
    from ..prompting import ask_question

    asked = run_flow(policy, raw, lambda question: ask_question(with_last_answer(question, last)))
    return asked, tuple(qid for qid in raw if qid not in asked)


def _in_a_terminal() -> bool:
    """Both ends are a terminal (a closed stdin or stdout is not)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _show(record: dict[str, Any], policy: Any, fmt: str, explain: bool = False, changes: Any = None) -> None:
    from ..console import write_out
    from ..render import FORMATS as RENDERERS
    from ..render import Options
    from ..terminal import terminal

    shown = _with_journal(record, changes) if fmt == "json" else record
    options = Options(explain=explain, terminal=terminal())
    write_out(_changes_shown(policy, changes, fmt) + RENDERERS[fmt](shown, policy, options))


def _changes_shown(policy: Any, changes: Any, fmt: str) -> str:
    if changes is None or fmt == "json":
        return ""
    from ..journal.render import changes_markdown, changes_text

    return (changes_markdown if fmt == "markdown" else changes_text)(policy, *changes)


def _with_journal(record: dict[str, Any], changes: Any) -> dict[str, Any]:
    """The record, with the incident and what changed under "journal" (a key added for --incident)."""
    if changes is None:
        return record
    from ..journal.render import changes_json

    incident, previous, found = changes
    return {**record, "journal": {"incident": incident.id, "first": previous is None,
                                  "changes": changes_json(found or [])}}
