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
from ..policy import RULES_ENV

# The core is imported inside the command, so that `comms --help` (which imports
# every command module) does not pay for YAML, the policy reader and the engine.
FORMATS = ("text", "markdown", "json")  # the names of render.FORMATS (a test checks)


def assess(
    answers: Path | None = typer.Option(
        None, "--answers", "-a", help="YAML or JSON file of answers (question id: answer), or a saved record."
    ),
    set_: list[str] = typer.Option(
        [], "--set", "-s", help="Answer one question: --set severity=major, --set products=logs,cdp. Repeatable."
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text, markdown or json (the record)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also save the JSON record to this file (atomically)."
    ),
    force: bool = typer.Option(False, "--force", help="Let --output overwrite an existing file."),
    rules: str | None = typer.Option(
        None, "--rules", "-r", envvar=RULES_ENV, help="Policy folder (default: the bundled PostHog policy)."
    ),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt, even in a terminal."),
    explain: bool = typer.Option(
        False, "--explain", help="Show why: under each line, the rule, its file:line and its reason."
    ),
) -> int:
    from ..engine import decide
    from ..output import check_writable, write_atomic
    from ..policy.load import load_policy, resolve_rules_dir
    from ..record import build_record, to_json

    if fmt not in FORMATS:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if output is not None:
        check_writable(output, force)
    policy = load_policy(resolve_rules_dir(rules))
    given, ignored = _collect_answers(policy, answers, set_, no_input)
    from ..answers import ignored_warning

    warnings = [ignored_warning(qid) for qid in ignored]
    from ..console import warn

    for message in warnings:
        warn(message)
    decision = decide(policy, given)
    if decision.undecided:
        raise CommsError(
            f"the policy decides no value for {', '.join(decision.undecided)} with these answers "
            f"(run `comms lint {policy.root}`)"
        )
    record = build_record(policy, given, decision, warnings)
    if output is not None:  # before printing: a reader that goes away must not cost the record
        write_atomic(output, to_json(record), force)
    _show(record, policy, fmt, explain)
    return 0


def _collect_answers(policy: Any, answers: Path | None, set_: list[str], no_input: bool) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The answers to every asked question, and the ids of given answers that are not asked.

    Without a terminal (or with --no-input) missing answers are an error; in a
    terminal they are asked, keeping every given answer for when its question comes.
    """
    from ..answers import check_answers, coerce, parse_set_options, read_answers_file

    raw, locs = read_answers_file(answers) if answers else ({}, {})
    options = parse_set_options(set_)
    raw.update(options)
    for qid in options:
        locs.pop(qid, None)  # a --set answer is not where the file wrote it
    checked = check_answers(policy, raw, locs, source="--set")
    if not checked.missing:
        return checked.answers, checked.ignored
    if no_input or not _in_a_terminal():
        listed = ", ".join(checked.missing)
        raise CommsError(f"missing answers: {listed} (give them with --answers FILE or --set ID=VALUE)")
    for qid, value in raw.items():  # fail before the first prompt, not halfway through
        coerce(policy.question(qid), value, locs.get(qid) or "--set")
    from ..flow import run_flow
    from ..prompting import ask_question

    asked = run_flow(policy, raw, ask_question)
    return asked, tuple(qid for qid in raw if qid not in asked)


def _in_a_terminal() -> bool:
    """Both ends are a terminal (a closed stdin or stdout is not)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _show(record: dict[str, Any], policy: Any, fmt: str, explain: bool = False) -> None:
    from ..console import write_out
    from ..render import FORMATS as RENDERERS
    from ..render import Options
    from ..terminal import terminal

    write_out(RENDERERS[fmt](record, policy, Options(explain=explain, terminal=terminal())))
