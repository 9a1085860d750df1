"""Constants and the snapshot assertion shared by the checklist tests."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
SNAPSHOTS = HERE / "snapshots"
RULES = HERE.parent.parent / "rules"
NOW = datetime(2026, 8, 11, 12, 0, tzinfo=timezone.utc)
CASE_NAMES = ("security_users_can_act", "minor", "major_resolved")
FORMAT_SUFFIX = {"text": "txt", "markdown": "md", "json": "json"}


def assert_snapshot(name: str, text: str) -> None:
    """Compare with snapshots/NAME. Run with UPDATE_SNAPSHOTS=1 to write or rewrite it."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}; run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"output differs from snapshots/{name}"
