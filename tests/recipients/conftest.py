"""Fixtures for the recipients tests: the CLI runner with the bundled rules, in a scratch folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `comms ARGS...` in-process in tmp_path with the bundled rules; stdout and stderr apart."""
    monkeypatch.delenv("COMMS_RULES", raising=False)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args))

    return invoke


@pytest.fixture
def write(tmp_path: Path):
    """Write a file into the scratch folder (text or bytes); return its name."""

    def make(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return name

    return make
