"""Helpers for the lint tests: run `comms lint` in-process, list what a policy folder gets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from incident_comms.cli import app
from incident_comms.lint.runner import lint_paths

RunLint = Callable[..., Result]


@pytest.fixture
def run_lint(monkeypatch: pytest.MonkeyPatch) -> RunLint:
    """Invoke ``comms lint ARGS`` in-process (outside GitHub Actions, colour off)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, ["lint", *args], env=env)

    return run


@pytest.fixture
def findings(write_policy: Callable[[dict[str, str]], Path]) -> Callable[[dict[str, str], str], list[tuple[int, int]]]:
    """Write a policy folder and return (line, column) of every problem of one check."""

    def run(files: dict[str, str], check: str) -> list[tuple[int, int]]:
        root = write_policy(files)
        return [(p.loc.line, p.loc.column) for p in lint_paths([root]).problems if p.check == check]

    return run
