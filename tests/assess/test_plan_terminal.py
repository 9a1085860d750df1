"""The plan in a real 80-column pseudo-terminal (pexpect): coloured, wrapped at words, nothing lost."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

POLICY = Path(__file__).resolve().parent / "fixtures" / "plan"
ANSWERS = ["--set=severity=minor", "--set=security=yes", "--set=hold=yes", "--set=resolved=no",
           "--set=users_must_act=yes", "--explain"]
SGR = re.compile(r"\x1b\[[0-9;]*m")


def run_in_terminal(columns: int, **env: str) -> str:
    full_env = {**os.environ, "TERM": "xterm-256color", **env}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "COMMS_RULES"):
        if name not in env:
            full_env.pop(name, None)
    child = pexpect.spawn(
        sys.executable, ["-m", "incident_comms", "assess", "--rules", str(POLICY), *ANSWERS],
        env=full_env, dimensions=(200, columns), encoding="utf-8", timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return (child.before or "").replace("\r\n", "\n")


def test_an_80_column_terminal_gets_colour_and_lines_that_fit() -> None:
    shown = run_in_terminal(80)
    assert SGR.search(shown)
    lines = SGR.sub("", shown).splitlines()
    assert lines[0] == "SEND NOW: a message of yours goes out now."
    assert max(len(line) for line in lines) <= 80
    assert any(len(line) > 70 for line in lines)  # it uses the width it has


def test_the_same_words_reach_a_narrow_terminal_and_no_color_turns_colour_off() -> None:
    wide = SGR.sub("", run_in_terminal(80)).split()
    narrow = run_in_terminal(40, NO_COLOR="1")
    assert not SGR.search(narrow)
    assert narrow.split() == wide
    assert max(len(line) for line in narrow.splitlines()) <= 40
