"""Fixtures for the drafts tests: a small policy with drafts, a copy to break, the CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from drafts_support import BASIC
from typer.testing import CliRunner

from incident_comms.cli import app


@pytest.fixture
def basic_copy(tmp_path: Path) -> Callable[[Callable[[str], str]], Path]:
    """A copy of the basic policy whose drafts.yaml text `edit` has changed."""

    made = []

    def make(edit: Callable[[str], str]) -> Path:
        made.append(None)
        root = tmp_path / f"policy{len(made)}"
        shutil.copytree(BASIC, root)
        drafts = root / "drafts.yaml"
        drafts.write_text(edit(drafts.read_text(encoding="utf-8")), encoding="utf-8")
        return root

    return make


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run `comms ARGS...` in-process; stdout and stderr apart."""
    monkeypatch.delenv("COMMS_RULES", raising=False)

    def invoke(*args: str | Path):
        return CliRunner().invoke(app, [str(a) for a in args])

    return invoke

