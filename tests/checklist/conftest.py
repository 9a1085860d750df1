"""Fixtures for the checklist tests: the CLI runner, a fixed clock, saved records, snapshots."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from checklist_support import CASES, NOW, RULES
from typer.testing import CliRunner

from incident_comms.checklist import timing
from incident_comms.cli import app


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Make "now" 2026-08-11 12:00 UTC for the command."""
    monkeypatch.setattr(timing, "current_time", lambda: NOW)
    return NOW


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run `comms ARGS...` in-process with the bundled rules; stdout and stderr apart."""
    monkeypatch.delenv("COMMS_RULES", raising=False)

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args))

    return invoke


@pytest.fixture
def in_cases(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in the cases folder, so that file names in the output are short and stable."""
    monkeypatch.chdir(CASES)
    return CASES


@pytest.fixture
def saved_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run):
    """Save `comms assess --output` for a case; return the record's name in the working folder."""
    monkeypatch.chdir(tmp_path)

    def save(case: str) -> str:
        name = f"{case}.json"
        result = run("assess", "--answers", str(CASES / f"{case}.yaml"), "--format", "json", "--output", name)
        assert result.exit_code == 0, result.stderr
        return name

    return save


@pytest.fixture
def policy_copy(tmp_path: Path):
    """A copy of the bundled rules whose checklist.yaml is replaced by `text`."""

    def make(text: str) -> Path:
        root = tmp_path / "rules"
        shutil.copytree(RULES, root)
        (root / "checklist.yaml").write_text(text, encoding="utf-8")
        return root

    return make

