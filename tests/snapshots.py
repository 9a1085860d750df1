"""The one snapshot helper of the suite: compare output with a checked-in file.

    assert_snapshot(SNAPSHOTS / "minor.txt", result.stdout)

After an intended change, rewrite the snapshots and review the diff before committing:

    COMMS_UPDATE_SNAPSHOTS=1 pytest tests/...

The update switch is refused when ``CI`` is set (the test fails saying so): CI must
compare, never write, or a changed output would pass unseen.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

UPDATE_ENV = "COMMS_UPDATE_SNAPSHOTS"


def updating() -> bool:
    """Whether this run rewrites snapshots (fails the test when CI is set)."""
    __tracebackhide__ = True
    if os.environ.get(UPDATE_ENV) != "1":
        return False
    if os.environ.get("CI"):
        pytest.fail(f"{UPDATE_ENV}=1 is refused when CI is set: update snapshots on your machine and review the diff")
    return True


def assert_snapshot(path: Path, actual: str) -> None:
    """`actual` equals the file at `path` byte for byte; with the update switch, write it instead."""
    __tracebackhide__ = True
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"no snapshot {_shown(path)}; run with {UPDATE_ENV}=1 and review it")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"{path.name} (snapshot)", f"{path.name} (now)",
        ))
        pytest.fail(f"output differs from snapshot {_shown(path)}; if intended, rerun with {UPDATE_ENV}=1\n{diff}")


def _shown(path: Path) -> str:
    tests = Path(__file__).resolve().parent
    try:
        return path.resolve().relative_to(tests.parent).as_posix()
    except ValueError:
        return str(path)
