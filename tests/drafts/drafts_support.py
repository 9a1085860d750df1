"""Helpers for the drafts tests: the basic policy, answer sets, line lookup."""

from __future__ import annotations

from pathlib import Path

BASIC = Path(__file__).resolve().parent / "fixtures" / "basic"
MAJOR_OPEN = {"severity": "major", "resolved": False}
MAJOR_RESOLVED = {"severity": "major", "resolved": True}


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` that contains `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")
