"""Check policy folders: prove the rules sound before they ship.

Lints each PATH, a policy folder of *.yaml rule files (default: $COMMS_RULES,
else the bundled policy). Checks run in a fixed order: syntax, schema,
unknown-key, references, duplicate-id, cycles (what reading the files found),
then, only when those found no error: unasked-questions,
undistinguished-choices, gaps, dead-rules, conflicts, invariants,
policy-tests, untested-rules, checklist. Every finding names its check id.

Formats (--format): text (grouped per file; colour on a terminal, never with
NO_COLOR, always with FORCE_COLOR, none with TERM=dumb), concise (path:line:col: level [id] message), json (the
contract below), github (workflow commands: annotations, errors first), sarif
(SARIF 2.1.0 for code scanning), auto (default: github when GITHUB_ACTIONS is
true, else text). A counterexample (answers that show a problem) follows its
finding as one line of JSON; --counterexamples DIR also writes each one to
DIR/<check>-<n>.yaml, which `comms assess --answers FILE` replays (a file of
that name from an earlier run is replaced; others are left as they are).

JSON (version 1; fields are only ever added): version, paths, checks {run,
skipped {path: [id]}}, problems [{path, line, column, level, check, message, related
[{path, line, column}], counterexample}], policy_tests [{name, path, line,
column, passed, failures}], summary {files, errors, warnings, internal_errors,
policy_tests {passed, failed}}.

--coverage adds each rule with the tests: cases that make it fire (the measure
of the untested-rules check), after the report; with --format json, as a
top-level "coverage" list of {path, rules [{rule, path, line, column, tests}],
covered, total}.

With unreadable input (exit 2) the json and sarif formats still print a
document: json gains "error" {path, line, column, message}, sarif reports a
failed invocation with the error as its notification.

Exit codes: 0 no errors (warnings are shown, but pass unless --strict);
1 findings: any error, or any warning with --strict (YAML syntax errors are
findings too); 2 bad input or usage: a PATH that is missing, not a folder, or
has no *.yaml file, a rule file that cannot be read as text (binary, not
UTF-8, over 1 MiB, permission denied, a dangling symlink, a FIFO or a device),
an unknown --format; 3 an internal error (a bug in comms; an internal-error
finding is reported in every format, even with --exit-zero); 130 interrupted.
--exit-zero turns 1 into 0. A reader that goes away early (comms lint | head)
does not change the exit code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..lint.report import LintReport
    from ..problems import Problem

FORMAT_NAMES = ("text", "concise", "json", "github", "sarif", "auto")


def lint(
    paths: list[str] | None = typer.Argument(
        None,
        help="Policy folders to lint (default: $COMMS_RULES, else the bundled policy).",
        show_default=False,
        metavar="PATH",
    ),
    fmt: str = typer.Option("auto", "--format", "-f", help="text, concise, json, github, sarif or auto."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too (exit 1)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings."),
    counterexamples: Path | None = typer.Option(
        None, "--counterexamples", help="Write each counterexample to DIR/<check>-<n>.yaml (replay with comms assess).",
        metavar="DIR",
    ),
    coverage: bool = typer.Option(
        False, "--coverage", help="Also list each rule with the tests: cases that make it fire (not with sarif).",
    ),
) -> int:
    from ..console import fail, write_out
    from ..errors import CommsError, ExitCode
    from ..lint import formats

    if fmt not in FORMAT_NAMES:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    if counterexamples is not None:
        _check_folder(counterexamples)
    if paths and "" in paths:
        raise CommsError("PATH: an empty path; give a policy folder, or no PATH for the default")
    roots = [Path(p) for p in paths] if paths else [_default_rules()]
    chosen = formats.resolve_format(fmt)
    if coverage and chosen == "sarif":
        raise CommsError("--coverage cannot be combined with --format sarif (SARIF has no place for it)")
    try:
        report = _report(roots, coverage)
    except CommsError as exc:  # unreadable input: json and sarif readers still get a document
        if chosen in ("json", "sarif"):
            write_out(formats.error_document(chosen, roots, exc.location, exc.message))
        raise
    rendered = formats.render(report, chosen, color=chosen == "text" and _wants_color())
    write_out(_with_coverage(rendered, report, chosen) if coverage else rendered, chosen == "github")
    if counterexamples is not None:
        _write_counterexamples(counterexamples, counterexample_files(report))
    if report.internal_errors:
        fail("an internal error stopped a check (see above); this is a bug in comms, please report this")
        return int(ExitCode.INTERNAL)
    if report.fails(strict) and not exit_zero:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)


def _with_coverage(rendered: str, report: LintReport, fmt: str) -> str:
    """The report followed by each policy's rule coverage (for json: a ``coverage`` key)."""
    from ..lint.coverage import coverage_data, coverage_text
    from ..safetext import json_text

    if fmt == "json":
        import json

        data = json.loads(rendered)
        data["coverage"] = [coverage_data(policy, fired) for policy, fired in report.coverage]
        return json_text(data)
    return rendered + "".join("\n" + coverage_text(policy, fired) for policy, fired in report.coverage)


def _report(paths: list[Path], with_coverage: bool) -> LintReport:
    from ..lint.runner import lint_paths

    return lint_paths(paths, with_coverage)


def _default_rules() -> Path:
    from ..policy import resolve_rules_dir

    return resolve_rules_dir(None)


def _wants_color() -> bool:
    """Colour as every command decides it (NO_COLOR, FORCE_COLOR, TERM=dumb: see ``terminal.py``)."""
    from ..terminal import terminal

    return terminal().color


def _check_folder(folder: Path) -> None:
    from ..errors import CommsError, Location

    if folder.exists() and not folder.is_dir():
        raise CommsError("--counterexamples: not a folder", Location(str(folder)))
    if not folder.exists() and not folder.parent.is_dir():
        raise CommsError("--counterexamples: its parent folder does not exist", Location(str(folder)))


def _write_counterexamples(folder: Path, files: list[tuple[str, str]]) -> None:
    """Write each counterexample file atomically, replacing one from an earlier run."""
    from ..errors import CommsError, Location
    from ..output import write_atomic

    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        message = f"--counterexamples: cannot create folder ({exc.strerror or exc})"
        raise CommsError(message, Location(str(folder))) from None
    for name, text in files:
        write_atomic(folder / name, text, force=True)


def counterexample_files(report: LintReport) -> list[tuple[str, str]]:
    """``(<check>-<n>.yaml, text)`` for every problem with a counterexample, numbered per check."""
    import yaml

    from ..lint.formats import plain, shown_loc

    numbers: dict[str, int] = {}
    files: list[tuple[str, str]] = []
    for p in report.problems:
        if p.counterexample is None:
            continue
        numbers[p.check] = numbers.get(p.check, 0) + 1
        header = _comment(f"comms lint: {shown_loc(p.loc)}: [{p.check}] {p.message}")
        body = yaml.safe_dump(plain(p.counterexample), sort_keys=False, allow_unicode=True, default_flow_style=False)
        files.append((f"{p.check}-{numbers[p.check]}.yaml", header + _replay_hint(report, p) + body))
    return files


def _comment(text: str) -> str:
    from ..safetext import clean

    return "".join(f"# {line}\n" for line in clean(text).splitlines())


def _replay_hint(report: LintReport, p: Problem) -> str:
    from ..paths import shown_path
    from ..safetext import clean

    roots = [r for r in report.roots if os.path.abspath(p.loc.path).startswith(os.path.abspath(r) + os.sep)]
    rules = f" --rules {clean(shown_path(str(roots[0])))}" if roots else ""
    return f"# replay: comms assess{rules} --answers THIS_FILE\n"
