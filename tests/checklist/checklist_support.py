"""Constants and the snapshot assertion shared by the checklist tests."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import snapshots

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
SNAPSHOTS = HERE / "snapshots"
RULES = HERE.parent.parent / "rules"
NOW = datetime(2026, 8, 11, 12, 0, tzinfo=timezone.utc)
CASE_NAMES = ("security_users_can_act", "minor", "major_resolved")
FORMAT_SUFFIX = {"text": "txt", "markdown": "md", "json": "json"}


def assert_snapshot(name: str, text: str) -> None:
    """Compare with snapshots/NAME (see tests/snapshots.py for the update switch)."""
    __tracebackhide__ = True
    snapshots.assert_snapshot(SNAPSHOTS / name, text)
