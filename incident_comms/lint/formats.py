"""Output formats of ``comms lint``: one small function per format, report in, text out.

``text`` is for people (grouped per file, colour only when asked), ``concise`` is
one line per problem (``path:line:col: level [id] message``), ``json`` is the
documented contract (see :func:`json_format`), ``github`` prints workflow commands
that become annotations, ``sarif`` is SARIF 2.1.0 for code scanning. Every format
shows counterexamples so that ``comms assess --answers`` can replay them.

No rich here: plain ANSI escapes keep ``comms lint`` quick to start.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import Location
from ..paths import shown_path
from ..problems import ERROR, WARNING, Problem
from ..safetext import clean, json_text
from .report import INTERNAL_ERROR, LintReport

JSON_VERSION = 1
GITHUB_LIMIT = 10  # annotations of each type that GitHub shows per step
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_RESET, _BOLD, _DIM, _RED, _YELLOW = "\033[0m", "\033[1m", "\033[2m", "\033[31m", "\033[33m"


# ---- shared pieces ------------------------------------------------------------------
def plain(value: Any) -> Any:
    """A value as plain dicts, lists and scalars (YAML-reader subclasses removed)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def compact_json(value: Any) -> str:
    """One line of JSON, as `comms assess --answers` reads it."""
    return json_text(plain(value), indent=None)


def summary_line(report: LintReport) -> str:
    """``2 errors, 1 warning in 7 files (14 checks); policy tests: 3 passed, 1 failed``."""
    errors, warnings = report.count(ERROR), report.count(WARNING)
    found = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}" if errors or warnings else "no problems"
    line = f"{found.capitalize()} in {_plural(len(report.files), 'file')} ({_plural(len(report.checks_run), 'check')})"
    if report.tests:
        failed = len(report.tests) - report.tests_passed()
        line += f"; policy tests: {report.tests_passed()} passed, {failed} failed"
    return line + "."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _position(loc: Location) -> str:
    return f"{loc.line}:{loc.column}" if loc.line else "-"


# ---- text -----------------------------------------------------------------------------
def text_format(report: LintReport, color: bool = False) -> str:
    """Problems grouped per file, then a summary; ANSI colour only when `color`."""
    paint = _painter(color)
    lines: list[str] = []
    for path, problems in _by_file(report.problems).items():
        lines.append(paint(_BOLD, shown_name(path)))
        width = max(len(_position(p.loc)) for p in problems)
        for problem in problems:
            lines.extend(_text_problem(problem, width, paint))
        lines.append("")
    for root, skipped in report.checks_skipped.items():
        lines.append(f"Not run on {shown_name(root)} until its errors are fixed: {', '.join(skipped)}.")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _text_problem(problem: Problem, width: int, paint: Callable[[str, str], str]) -> list[str]:
    colour = _RED if problem.level == ERROR else _YELLOW
    level = paint(colour, problem.level.ljust(7))
    head = f"  {_position(problem.loc).ljust(width)}  {level}  {one_line(problem.message)}  {paint(_DIM, f'[{problem.check}]')}"
    indent = " " * (width + 13)
    extra = [f"{indent}see also: {shown_loc(loc)}" for loc in problem.related]
    if problem.counterexample is not None:
        extra.append(f"{indent}counterexample: {clean(compact_json(problem.counterexample))}")
    return [head, *extra]


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    return paint


def _by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.loc.path, []).append(problem)
    return grouped


def shown_loc(loc: Location) -> str:
    """``path:line:column`` with the path as :func:`shown_name` shows it."""
    return str(Location(shown_name(loc.path), loc.line, loc.column))


def shown_name(path: str | Path) -> str:
    """A file name as printed on a line of text: short, with control characters escaped."""
    return clean(shown_path(str(path)))


# ---- concise ------------------------------------------------------------------------
def one_line(text: str) -> str:
    """Safe text that stays on its line: a newline in a rule file cannot start a line of
    output (in CI, a line starting with `::` would be read as a workflow command)."""
    return clean(text)


def concise_format(report: LintReport) -> str:
    """``path:line:col: level [id] message``, one per problem (a counterexample follows, indented)."""
    lines: list[str] = []
    for p in report.problems:
        lines.append(f"{shown_name(p.loc.path)}:{p.loc.line}:{p.loc.column}: {p.level} [{p.check}] {one_line(p.message)}")
        if p.counterexample is not None:
            lines.append(f"    counterexample: {clean(compact_json(p.counterexample))}")
    return "".join(line + "\n" for line in lines)


# ---- json ---------------------------------------------------------------------------
def json_format(report: LintReport) -> str:
    """The JSON contract (``version`` 1; fields are only ever added).

    ``{version, paths, checks: {run, skipped: {path: [id]}}, problems: [{path, line, column, level,
    check, message, related: [{path, line, column}], counterexample}], policy_tests:
    [{name, path, line, column, passed, failures}], summary: {files, errors, warnings,
    internal_errors, policy_tests: {passed, failed}}}``. Lines and columns are 1-based
    (0: unknown); ``counterexample`` is an answers mapping or null.
    """
    document = {
        "version": JSON_VERSION,
        "paths": [shown_path(str(root)) for root in report.roots],
        "checks": {
            "run": report.checks_run,
            "skipped": {shown_path(root): ids for root, ids in report.checks_skipped.items()},
        },
        "problems": [_json_problem(p) for p in report.problems],
        "policy_tests": [
            {**_json_loc(t.loc), "name": t.name, "passed": t.passed, "failures": list(t.failures)} for t in report.tests
        ],
        "summary": {
            "files": len(report.files),
            "errors": report.count(ERROR),
            "warnings": report.count(WARNING),
            "internal_errors": len(report.internal_errors),
            "policy_tests": {"passed": report.tests_passed(), "failed": len(report.tests) - report.tests_passed()},
        },
    }
    return json_text(document)


def _json_loc(loc: Location) -> dict[str, Any]:
    return {"path": shown_path(loc.path), "line": loc.line, "column": loc.column}


def _json_problem(p: Problem) -> dict[str, Any]:
    return {
        **_json_loc(p.loc),
        "level": p.level,
        "check": p.check,
        "message": p.message,
        "related": [_json_loc(loc) for loc in p.related],
        "counterexample": plain(p.counterexample),
    }


# ---- github ---------------------------------------------------------------------------
def github_format(report: LintReport) -> str:
    """GitHub workflow commands: errors first, all printed, a notice when over the limit."""
    errors = [p for p in report.problems if p.level == ERROR]
    warnings = [p for p in report.problems if p.level != ERROR]
    lines = [_github_command(p) for p in errors + warnings]
    hidden = max(0, len(errors) - GITHUB_LIMIT) + max(0, len(warnings) - GITHUB_LIMIT)
    if hidden:
        lines.append(
            f"::notice title=comms lint::{hidden} more findings were not annotated "
            f"(GitHub shows {GITHUB_LIMIT} errors and {GITHUB_LIMIT} warnings per step); all are listed in this log"
        )
    lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)


def _github_command(p: Problem) -> str:
    props = [f"file={_escape_property(shown_path(p.loc.path))}"]
    if p.loc.line:
        props += [f"line={p.loc.line}", f"col={max(p.loc.column, 1)}"]
    props.append(f"title={_escape_property(f'[{p.check}]')}")
    message = p.message
    message += "".join(f"\nsee also: {shown_loc(loc)}" for loc in p.related)
    if p.counterexample is not None:
        message += f"\ncounterexample: {compact_json(p.counterexample)}"
    kind = "error" if p.level == ERROR else "warning"
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return clean(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# ---- sarif ----------------------------------------------------------------------------
def sarif_format(report: LintReport) -> str:
    """SARIF 2.1.0: one run, rules from the check registry, ruleId = check id."""
    rules = _sarif_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run = {
        "tool": {"driver": _sarif_driver(rules)},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(p, index) for p in report.problems],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)


def _sarif_driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    from .. import PROJECT_URL, __version__

    return {"name": "comms", "version": __version__, "informationUri": PROJECT_URL, "rules": rules}


# ---- a run that could not read its input ---------------------------------------------
def error_document(fmt: str, roots: list[Path], loc: Location | None, message: str) -> str:
    """A json or sarif document for a run stopped by unreadable input (exit 2): the error, no findings.

    The json contract gains ``error: {path, line, column, message}``; sarif reports a
    failed invocation with the error as its notification.
    """
    where = loc or Location(str(roots[0]) if roots else "")
    if fmt == "json":
        document: dict[str, Any] = {
            "version": JSON_VERSION,
            "paths": [shown_path(str(root)) for root in roots],
            "checks": {"run": [], "skipped": {}},
            "problems": [],
            "policy_tests": [],
            "summary": {"files": 0, "errors": 0, "warnings": 0, "internal_errors": 0,
                        "policy_tests": {"passed": 0, "failed": 0}},
            "error": {**_json_loc(where), "message": message},
        }
        return json_text(document)
    notification: dict[str, Any] = {"level": "error", "message": {"text": message}}
    if where.path:
        notification["locations"] = [{"physicalLocation": _sarif_physical(where)}]
    run = {
        "tool": {"driver": _sarif_driver([])},
        "invocations": [{"executionSuccessful": False, "toolExecutionNotifications": [notification]}],
        "results": [],
    }
    return json_text({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})


def _sarif_rules() -> list[dict[str, Any]]:
    from .checks import CHECKS

    rules = [_sarif_rule(m.ID, m.LEVEL, m.__doc__ or m.ID) for m in CHECKS]
    from . import verified as findings

    internal = f"{INTERNAL_ERROR}: comms itself failed while linting (a bug in comms, not in the policy)."
    details = (findings.__doc__ or "").split("\n\n", 1)[-1]
    incomplete = f"{findings.INCOMPLETE}: a semantic check could not finish, so it proves nothing.\n\n{details}"
    return rules + [_sarif_rule(findings.INCOMPLETE, ERROR, incomplete), _sarif_rule(INTERNAL_ERROR, ERROR, internal)]


def _sarif_rule(check_id: str, level: str, doc: str) -> dict[str, Any]:
    doc = doc.strip()
    summary = doc.split("\n\n")[0].replace("\n", " ")
    if summary.lower().startswith(f"{check_id}: "):
        summary = summary[len(check_id) + 2 :]
    return {
        "id": check_id,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": doc},
        "defaultConfiguration": {"level": level},
    }


def _sarif_result(p: Problem, index: dict[str, int]) -> dict[str, Any]:
    text = p.message
    if p.counterexample is not None:
        text += f"\ncounterexample: {compact_json(p.counterexample)}"
    result: dict[str, Any] = {
        "ruleId": p.check,
        "level": p.level if p.level in (ERROR, WARNING) else "note",
        "message": {"text": text},
        "locations": [{"physicalLocation": _sarif_physical(p.loc)}],
        "partialFingerprints": {"commsFinding/v1": _fingerprint(p)},
    }
    if p.check in index:
        result["ruleIndex"] = index[p.check]
    if p.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _sarif_physical(loc), "message": {"text": "see also"}}
            for i, loc in enumerate(p.related)
        ]
    if p.counterexample is not None:
        result["properties"] = {"counterexample": plain(p.counterexample)}
    return result


def _fingerprint(p: Problem) -> str:
    """The same finding gets the same fingerprint when lines move: check, file and message only."""
    import hashlib

    key = "\0".join((p.check, shown_path(p.loc.path), p.message))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _sarif_physical(loc: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _sarif_uri(loc.path)}}
    if loc.line:
        physical["region"] = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
    return physical


def _sarif_uri(path: str) -> str:
    from urllib.parse import quote

    shown = shown_path(path)
    if os.path.isabs(shown):
        return "file://" + quote(os.fsencode(shown))
    return quote(os.fsencode(shown))  # bytes: a non-UTF-8 name becomes %XX, as URIs want


# ---- choosing -------------------------------------------------------------------------
FORMATTERS: dict[str, Callable[[LintReport], str]] = {
    "concise": concise_format,
    "json": json_format,
    "github": github_format,
    "sarif": sarif_format,
}
FORMATS = ("text", *FORMATTERS, "auto")


def resolve_format(name: str, environ: Mapping[str, str] | None = None) -> str:
    """``auto`` is ``github`` inside GitHub Actions, else ``text``; other names stay."""
    env = os.environ if environ is None else environ
    if name != "auto":
        return name
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def render(report: LintReport, fmt: str, color: bool = False) -> str:
    """The report in format `fmt` (already resolved; not ``auto``)."""
    if fmt == "text":
        return text_format(report, color)
    return FORMATTERS[fmt](report)
