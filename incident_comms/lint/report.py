"""What `comms lint` found, and its JSON encoding for the cache.

Kept apart from the runner so that printing a cached report imports nothing of
the loader, the checks or the verifier.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Location
from ..frozen import Frozen
from ..problems import ERROR, WARNING, Problem

INTERNAL_ERROR = "internal-error"
LEVELS = (ERROR, WARNING)


class TestCase(Frozen):
    """The outcome of one policy test case, as lint reports it."""

    __test__ = False  # not a pytest test class

    name: str
    loc: Location
    passed: bool
    failures: tuple[str, ...] = ()


class LintReport:
    """What linting found: problems in file order, and what ran."""

    def __init__(
        self,
        roots: list[Path] | None = None,
        files: list[Path] | None = None,
        problems: list[Problem] | None = None,
        checks_run: list[str] | None = None,
        checks_skipped: dict[str, list[str]] | None = None,
        tests: list[TestCase] | None = None,
    ) -> None:
        self.roots = roots or []
        self.files = files or []
        self.problems = problems or []
        self.checks_run = checks_run or []
        self.checks_skipped = checks_skipped or {}  # policy folder -> check ids
        self.tests = tests or []

    def count(self, level: str) -> int:
        """How many problems have this level."""
        return sum(1 for p in self.problems if p.level == level)

    @property
    def internal_errors(self) -> list[Problem]:
        """Problems that are bugs in comms, not in the policy."""
        return [p for p in self.problems if p.check == INTERNAL_ERROR]

    def tests_passed(self) -> int:
        """How many policy test cases passed."""
        return sum(1 for t in self.tests if t.passed)

    def fails(self, strict: bool = False) -> bool:
        """True when there is an error, or (with `strict`) any warning."""
        return bool(self.count(ERROR) or (strict and self.count(WARNING)))


def encode_report(report: LintReport) -> dict[str, Any]:
    """The report as JSON data (see :func:`decode_report`)."""
    return {
        "roots": [str(r) for r in report.roots],
        "files": [str(f) for f in report.files],
        "problems": [_encode_problem(p) for p in report.problems],
        "checks_run": report.checks_run,
        "checks_skipped": report.checks_skipped,
        "tests": [[t.name, _encode_loc(t.loc), t.passed, list(t.failures)] for t in report.tests],
    }


def decode_report(data: dict[str, Any]) -> LintReport:
    """A report back from :func:`encode_report` data."""
    return LintReport(
        roots=[Path(r) for r in data["roots"]],
        files=[Path(f) for f in data["files"]],
        problems=[_decode_problem(p) for p in data["problems"]],
        checks_run=list(data["checks_run"]),
        checks_skipped={k: list(v) for k, v in data["checks_skipped"].items()},
        tests=[TestCase(name, _decode_loc(loc), passed, tuple(failures)) for name, loc, passed, failures in data["tests"]],
    )


def _encode_problem(p: Problem) -> list[Any]:
    return [_encode_loc(p.loc), p.check, p.level, p.message, [_encode_loc(r) for r in p.related], p.counterexample]


def _decode_problem(data: list[Any]) -> Problem:
    loc, check, level, message, related, counterexample = data
    return Problem(_decode_loc(loc), check, level, message, tuple(_decode_loc(r) for r in related), counterexample)


def _encode_loc(loc: Location) -> list[Any]:
    return [loc.path, loc.line, loc.column]


def _decode_loc(data: list[Any]) -> Location:
    return Location(*data)
