"""Walk through the scoping questions and decide the comms for an incident.

Answers come from --answers FILE (YAML or JSON, or a saved record), from
--set QUESTION=VALUE, and, in a terminal, from prompts for the rest. Without a
terminal it never prompts: missing answers exit 2 and are listed.

Exit codes: 0 decided; 2 bad input, missing answers or an incomplete policy;
130 interrupted (nothing is saved).
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
FORMATS = ("text", "markdown", "json")  # the same as render.FORMATS (a test checks)


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
) -> int:
    from ..answers import check_answers, parse_set_options, read_answers_file
    from ..engine import decide
    from ..output import check_writable, write_atomic
    from ..policy.load import load_policy, resolve_rules_dir
    from ..record import build_record, to_json

    if fmt not in FORMATS:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if output is not None:
        check_writable(output, force)
    policy = load_policy(resolve_rules_dir(rules))
    raw, locs = read_answers_file(answers) if answers else ({}, {})
    raw.update(parse_set_options(set_))
    checked = check_answers(policy, raw, locs, source="--set")
    given = checked.answers
    if checked.missing:
        if no_input or not (sys.stdin.isatty() and sys.stdout.isatty()):
            listed = ", ".join(checked.missing)
            raise CommsError(f"missing answers: {listed} (give them with --answers FILE or --set ID=VALUE)")
        given = _ask(policy, raw)
    checked = check_answers(policy, {**raw, **given})
    from ..cli import warn

    warnings = [f"ignored the answer to {qid!r}: that question is not asked for these answers" for qid in checked.ignored]
    for message in warnings:
        warn(message)
    decision = decide(policy, checked.answers)
    if decision.undecided:
        raise CommsError(
            f"the policy decides no value for {', '.join(decision.undecided)} with these answers "
            f"(run `comms lint {policy.root}`)"
        )
    record = build_record(policy, checked.answers, decision, warnings)
    _show(record, policy, fmt)
    if output is not None:
        write_atomic(output, to_json(record), force)
    return 0


def _ask(policy: Any, raw: dict[str, Any]) -> dict[str, Any]:
    from ..answers import check_answers
    from ..flow import run_flow
    from ..prompting import ask_question

    prefilled = {qid: value for qid, value in check_answers(policy, raw).answers.items()}
    return run_flow(policy, prefilled, ask_question)


def _show(record: dict[str, Any], policy: Any, fmt: str) -> None:
    from ..record import to_json
    from ..render import markdown, print_text

    if fmt == "json":
        sys.stdout.write(to_json(record))
    elif fmt == "markdown":
        sys.stdout.write(markdown(record, policy))
    else:
        print_text(record, policy)
