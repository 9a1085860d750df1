"""Files we write: --force replaces only a regular file; nothing half-written is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .support import ANSWERS, comms, one_error_line, shell


@pytest.mark.parametrize("kind", ["fifo", "device", "symlink-to-device", "dev-stdout"])
@pytest.mark.parametrize("command", [("schema",), ("assess", "--answers", str(ANSWERS)), ("checklist",)])
def test_force_refuses_anything_but_a_regular_file(tmp_path: Path, kind: str, command: tuple[str, ...]) -> None:
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/null")
    elif kind == "symlink-to-device":
        target.symlink_to("/dev/null")
    else:
        target = Path("/dev/stdout")
    done = comms(*command, "--output", str(target), "--force")
    assert done.returncode == 2
    assert "not a regular file" in one_error_line(done.stderr)
    if kind == "fifo":
        assert target.is_fifo()
    if kind == "symlink-to-device":
        assert target.is_symlink() and os.readlink(target) == "/dev/null"


def test_force_replaces_a_regular_file_and_a_symlink_to_one_is_replaced_not_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert comms("schema", "--output", str(link), "--force").returncode == 0
    assert real.read_text(encoding="utf-8") == "old" and not link.is_symlink()


def test_dev_stdout_without_output_option_is_just_stdout() -> None:
    done = shell("comms schema > /dev/null")
    assert done.returncode == 0 and done.stderr == ""


def test_a_written_file_cannot_start_a_workflow_command_either(tmp_path: Path) -> None:
    from incident_comms.output import write_atomic

    target = tmp_path / "checklist.md"
    write_atomic(target, "- [ ] fine\n  ::error::planted\n##[group]x\n", force=False)
    assert target.read_text(encoding="utf-8") == "- [ ] fine\n  \\x3a:error::planted\n\\x23#[group]x\n"
