"""Draft the messages the decision plans, from the policy's templates.

The answers come exactly as for `comms assess` (--answers FILE, --set ID=VALUE, and
prompts in a terminal for the rest), or from --from RECORD (saved by `comms assess
--output`; decided again with the current policy). Each planned message gets its
one draft (status page, email, support ticket, account update, security advisory,
...), and so does each decided action that has a draft of its own (the brief for
Sales and Support, ...), each citing its handbook section.

Incident details the questions do not hold (title, what customers see, what still
works, links, ...) come from --detail NAME=TEXT (repeatable) and --details FILE
(YAML or JSON: name: text); in a terminal the ones the drafts use are asked for.
A detail not given shows as a visible [placeholder] and is listed on stderr.

Formats: text (subject and body, ready to copy), markdown, json (one object per
draft) and slack (Block Kit payloads). --output-dir DIR writes one file per draft
(NN-DRAFT.txt|md|json) instead of printing; a new DIR appears with all its files
at once.

Exit codes: 0 drafted; 2 bad input (answers, details, record, option, or a policy
whose drafts have problems: run `comms lint`); 3 internal error (a bug in comms);
130 interrupted, 143 terminated (nothing is written).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import CommsError, Location
from .options import answers_option, no_input_option, rules_option, set_option

if TYPE_CHECKING:
    from ..drafts.formats import View
    from ..drafts.model import Drafts
    from ..policy.model import Policy

FORMAT_NAMES = ("text", "markdown", "json", "slack")  # the keys of drafts.formats.FORMATS (a test checks)


def draft(
    answers: Path | None = answers_option(),
    set_: list[str] = set_option(),
    from_: Path | None = typer.Option(
        None, "--from", help="A record saved by `comms assess --output` (instead of --answers and --set)."
    ),
    detail: list[str] = typer.Option(
        [], "--detail", "-d", help="One incident detail: --detail title='Feature flags are slow'. Repeatable."
    ),
    details: Path | None = typer.Option(None, "--details", help="YAML or JSON file of incident details (name: text)."),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text, markdown, json or slack (Block Kit)."),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", "-o", help="Write one file per draft into this folder instead of printing."
    ),
    force: bool = typer.Option(False, "--force", help="Let --output-dir overwrite existing draft files."),
    rules: str | None = rules_option(),
    no_input: bool = no_input_option(),
) -> int:
    if fmt not in FORMAT_NAMES:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    if from_ is not None and (answers is not None or set_):
        raise CommsError("--from is exclusive with --answers and --set: give a saved record or answers, not both")
    if output_dir is not None:
        _check_output_dir(output_dir)
    from ..drafts.read import load_drafts
    from ..policy.load import load_policy, resolve_rules_dir

    policy = load_policy(resolve_rules_dir(rules), ("drafts", "recipients"))
    drafts = load_drafts(policy)
    given_details = _given_details(drafts, detail, details)
    given = _answers(policy, answers, set_, from_, no_input)
    view = _drafted(policy, drafts, given, given_details, interactive=not no_input and _in_a_terminal())
    _emit(view, fmt, output_dir, force)
    return 0


def _answers(policy: Policy, answers: Path | None, set_: list[str], record: Path | None, no_input: bool) -> dict[str, Any]:
    """The answers, exactly as `comms assess` and `comms checklist --from` take them."""
    if record is not None:
        from .checklist import _answers as from_record

        return from_record(policy, record, None)
    from ..answers import ignored_warning
    from ..console import warn
    from .assess import _collect_answers

    checked, ignored = _collect_answers(policy, answers, set_, no_input)
    for qid in ignored:
        warn(ignored_warning(qid))
    return checked


def _given_details(drafts: Drafts, options: list[str], path: Path | None) -> dict[str, str]:
    from ..drafts.details import check_details, parse_detail_options, read_details_file

    raw, locs = read_details_file(path) if path is not None else ({}, {})
    from_options = parse_detail_options(options)
    for name in from_options:
        locs.pop(name, None)
    raw.update(from_options)
    return check_details(drafts.settings, raw, locs)


def _drafted(policy: Policy, drafts: Drafts, given: dict[str, Any], details: dict[str, str], interactive: bool) -> View:
    from .. import __version__
    from ..console import warn
    from ..drafts.formats import View
    from ..drafts.plan import plan_drafts
    from ..drafts.render import details_used, render_drafts
    from ..engine import decide
    from ..paths import shown_path

    decision = decide(policy, given)
    if decision.undecided:
        raise CommsError(
            f"the policy decides no value for {', '.join(decision.undecided)} with these answers "
            f"(run `comms lint {policy.root}`)"
        )
    planned = plan_drafts(policy, drafts, given, decision)
    if interactive:
        details = {**details, **_ask_details(drafts, details_used(p.draft for p in planned), details)}
    rendered = render_drafts(policy, drafts, planned, given, decision, details)
    missing = [name for name in drafts.settings.details if any(name in r.missing for r in rendered)]
    if missing:
        shown = ", ".join(f"{name} {_placeholder(drafts, name)}" for name in missing)
        warn(f"details not given, shown as placeholders: {shown} (give them with --detail NAME=TEXT or --details FILE)")
    return View(policy, drafts, tuple(rendered), dict(given), details, shown_path(str(policy.root)), policy.sha256, __version__)


def _placeholder(drafts: Drafts, name: str) -> str:
    from ..drafts.render import placeholder

    return placeholder(drafts.settings, name)


def _ask_details(drafts: Drafts, used: list[str], given: dict[str, str]) -> dict[str, str]:
    """Ask, in a terminal, for each detail the drafts use that is not given (blank keeps the placeholder)."""
    from ..prompting import ask_text

    asked: dict[str, str] = {}
    for name in used:
        spec = drafts.settings.details.get(name)
        if spec is None or given.get(name):
            continue
        answer = ask_text(spec.label[:1].upper() + spec.label[1:], spec.help).strip()
        if answer:
            asked[name] = answer
    return asked


def _in_a_terminal() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _check_output_dir(path: Path) -> None:
    """Fail before any question if DIR cannot take the drafts."""
    where = Location(str(path))
    if path.exists() and not path.is_dir():
        raise CommsError("is not a folder; give a folder for --output-dir", where)
    parent = path if path.exists() else (path.parent if str(path.parent) else Path("."))
    if not parent.is_dir():
        raise CommsError("its parent folder does not exist", where)


def _emit(view: View, fmt: str, output_dir: Path | None, force: bool) -> None:
    from ..drafts.formats import FORMATS

    chosen = FORMATS[fmt]
    from ..console import write_out

    if output_dir is None:
        write_out(chosen.every(view))
        return
    from ..drafts.files import write_draft_files

    files = {
        f"{n:02d}-{r.planned.draft.id}.{chosen.extension}": chosen.one(view, r)
        for n, r in enumerate(view.rendered, start=1)
    }
    write_out("".join(f"{written}\n" for written in write_draft_files(output_dir, files, force)))
