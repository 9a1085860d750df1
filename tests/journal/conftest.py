"""Fixtures for the journal tests: a policy folder, a journal file, a settable clock, the CLI."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from journal_support import NOW, POLICY
from typer.testing import CliRunner

from incident_comms.checklist import timing
from incident_comms.cli import app


class Clock:
    """"Now" for the commands; `advance` moves it on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **span: float) -> datetime:
        self.now += timedelta(**span)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock(NOW)
    monkeypatch.setattr(timing, "current_time", fixed)
    return fixed


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "policy.yaml").write_text(POLICY, encoding="utf-8")
    return folder


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch, rules: Path, journal: Path, clock: Clock) -> Any:
    """Run `comms ARGS...` in-process with the test policy and journal; stdout and stderr apart."""
    monkeypatch.setenv("COMMS_RULES", str(rules))
    monkeypatch.setenv("COMMS_JOURNAL", str(journal))
    monkeypatch.setenv("COMMS_USER", "alice")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str, user: str | None = None) -> Any:
        if user is not None:
            monkeypatch.setenv("COMMS_USER", user)
        return CliRunner().invoke(app, list(args))

    return run
