"""What `comms lint` found: problems, policy test outcomes, and what ran."""

from __future__ import annotations

from pathlib import Path

from ..errors import Location
from ..frozen import Frozen
from ..policy.model import Policy, PolicyTest
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
        self.coverage: list[tuple[Policy, dict[str, list[PolicyTest]]]] = []  # with_coverage: see lint_paths

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
