"""What every lint check receives.

A check is a module in ``incident_comms/lint/checks/`` with::

    ID = "dead-rules"        # stable kebab-case id, shown on every finding
    LEVEL = "error"          # default level: "error" or "warning"
    def check(ctx: LintContext) -> Iterable[Problem]: ...

and a module docstring that is its user documentation (what it checks, a PASS
and a FAIL example). Checks never raise for bad input: they report Problems.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..policy.model import Policy
from ..problems import Problem

T = TypeVar("T")


class LintContext:
    """The policy folder being linted, as far as it could be read."""

    def __init__(self, root: Path, policy: Policy | None, load_problems: list[Problem]) -> None:
        self.root = root
        self.policy = policy  # None when a file could not be read at all
        self.load_problems = load_problems  # what the loader found (check ids: policy/readchecks.py)
        self._read: dict[str, list[Problem]] = {}
        for problem in load_problems:
            self._read.setdefault(problem.check, []).append(problem)
        self._cache: dict[str, Any] = {}

    def found_reading(self, check: str) -> list[Problem]:
        """What reading the policy filed under `check` (one of ``policy.readchecks.READ_CHECKS``)."""
        return self._read.get(check, [])

    def cached(self, key: str, make: Callable[[], T]) -> T:
        """Compute a shared result once (e.g. the verifier's analysis of the policy)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]
