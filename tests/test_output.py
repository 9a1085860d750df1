"""Writing outputs: atomic, refusing to overwrite, with the usual file mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incident_comms.errors import CommsError
from incident_comms.output import write_atomic


def test_a_written_file_has_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.json", "{}\n", force=False)
    finally:
        os.umask(old)
    assert (tmp_path / "out.json").stat().st_mode & 0o777 == 0o644


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(CommsError, match="already exists"):
        write_atomic(target, "new", force=False)
    assert target.read_text() == "old"
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["out.json"]
