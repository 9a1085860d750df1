"""Running the lint checks over policy folders: ``lint_paths(paths) -> LintReport``.

The runner owns the order of things: read each policy folder once, run the
loader-level checks, then (only when those found no error) the policy checks;
sort the problems; count them. A check that raises does not stop the run: it
becomes an ``internal-error`` problem, which makes ``comms lint`` exit 3.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import CommsError, Location
from ..policy.load import policy_files, read_policy
from ..problems import ERROR, Problem
from .context import LintContext
from .report import INTERNAL_ERROR, LEVELS, LintReport, TestCase


def lint_paths(paths: Sequence[Path], with_coverage: bool = False) -> LintReport:
    """Lint every policy folder in `paths`; raises CommsError when one cannot be read.

    `with_coverage`: also keep, for each policy whose checks ran, the test cases that
    make each rule fire (``report.coverage``), from the same read and the same runs.
    """
    from .checks import CHECKS

    report = LintReport()
    for root in _distinct(paths):
        files = policy_files(root)
        ctx = read_context(root, files)
        if _run_checks(ctx, report) and with_coverage:
            _add_coverage(ctx, report)
        report.roots.append(root)
        report.files.extend(files)
    report.checks_run = [m.ID for m in CHECKS if m.ID in report.checks_run]
    report.problems = _without_repeats(sorted(report.problems, key=sort_key))
    return report


def _distinct(paths: Sequence[Path]) -> list[Path]:
    """`paths` without a folder given twice (under two spellings, too)."""
    seen: set[str] = set()
    result = []
    for path in paths:
        key = os.path.realpath(path)  # never raises, not even on a symlink loop
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result


def _without_repeats(problems: list[Problem]) -> list[Problem]:
    """Sorted problems with exact repeats (same place, check, message, related) dropped."""
    result: list[Problem] = []
    for problem in problems:
        if not result or (sort_key(result[-1]), result[-1].related) != (sort_key(problem), problem.related):
            result.append(problem)
    return result


def read_context(root: Path, files: list[Path] | None = None) -> LintContext:
    """Read a policy folder into what every check receives.

    A folder or file that cannot be read as text raises CommsError (bad input,
    exit 2); a loader that raises anything else (a bug) gives an internal-error problem (exit 3).
    """
    try:
        policy, problems = read_policy(root, files=files)
    except CommsError:
        raise
    except Exception as exc:  # noqa: BLE001 - report the bug, keep the output format
        problems = [_internal_error(root, "reading the policy", exc)]
        policy = None
    return LintContext(root=root, policy=policy, load_problems=problems)


def _run_checks(ctx: LintContext, report: LintReport) -> bool:
    """Run the loader-level checks, then the policy checks unless those found an error; whether they ran."""
    from .checks import LOADER_CHECKS, POLICY_CHECKS, policy_tests

    crashed = [p for p in ctx.load_problems if p.check == INTERNAL_ERROR] + _undeclared(ctx.load_problems)
    report.problems.extend(crashed)
    found = _run_all(LOADER_CHECKS, ctx, report) + crashed
    if ctx.policy is None or any(p.level == ERROR for p in found):
        report.checks_skipped[str(ctx.root)] = [m.ID for m in POLICY_CHECKS]
        return False
    _run_all(POLICY_CHECKS, ctx, report)
    report.tests.extend(_test_cases(ctx, policy_tests))
    return True


def _add_coverage(ctx: LintContext, report: LintReport) -> None:
    from .checks.untested_rules import fired_by_tests

    assert ctx.policy is not None
    with contextlib.suppress(Exception):  # a crash there is already an internal-error problem (run_check)
        report.coverage.append((ctx.policy, fired_by_tests(ctx)))


def _undeclared(problems: list[Problem]) -> list[Problem]:
    """Loader problems filed under a check id that no loader-level check declares, as internal errors.

    No check would report them, so ``comms lint`` would pass a policy that ``comms
    assess`` refuses: a bug in comms, never dropped (exit 3).
    """
    from .checks import LOADER_CHECKS

    declared = {module.ID for module in LOADER_CHECKS} | {INTERNAL_ERROR}  # READ_CHECKS (a test checks)
    return [
        Problem(p.loc, INTERNAL_ERROR, ERROR, f"the policy reader filed a problem under {p.check!r}, which no check "
                f"declares; this is a bug in comms, please report it ({p.message})")
        for p in problems if p.check not in declared
    ]


def _run_all(checks: Iterable[ModuleType], ctx: LintContext, report: LintReport) -> list[Problem]:
    found: list[Problem] = []
    for module in checks:
        found.extend(run_check(module, ctx))
        report.checks_run.append(module.ID)
    report.problems.extend(found)
    return found


def run_check(module: ModuleType, ctx: LintContext) -> list[Problem]:
    """Run one check; a check that raises yields one internal-error problem instead."""
    try:
        return [_with_level(p, module) for p in module.check(ctx)]
    except Exception as exc:  # noqa: BLE001 - a bug in a check must not hide the other findings
        return [_internal_error(ctx.root, f"check {module.ID!r}", exc)]


def _internal_error(root: Path, what: str, exc: Exception) -> Problem:
    message = f"{what} crashed ({type(exc).__name__}: {exc}); this is a bug in comms, please report it"
    return Problem(Location(str(root)), INTERNAL_ERROR, ERROR, message)


def _with_level(problem: Problem, module: ModuleType) -> Problem:
    """A problem keeps its own level when it is a known one; else it takes its check's."""
    return problem if problem.level in LEVELS else problem.replace(level=module.LEVEL)


def _test_cases(ctx: LintContext, policy_tests: Any) -> list[TestCase]:
    try:
        results = policy_tests.results(ctx)
    except Exception:  # noqa: BLE001 - already reported as an internal error by run_check
        return []
    return [TestCase(r.test.name, r.test.loc, r.passed, tuple(r.failures)) for r in results]


def sort_key(problem: Problem) -> tuple[str, int, int, str, str]:
    """Problems sort by file, line, column, then check and message."""
    loc = problem.loc
    return (loc.path, loc.line, loc.column, problem.check, problem.message)


__all__ = ["INTERNAL_ERROR", "LintReport", "TestCase", "lint_paths", "sort_key"]
