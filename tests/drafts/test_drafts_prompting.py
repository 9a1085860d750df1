"""Details asked in a terminal: flow with injected answers, the real widget through a pipe, a real pty."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pytest
from drafts_support import BASIC
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from incident_comms import prompting
from incident_comms.commands import draft as draft_command

ENTER, CTRL_C = "\r", "\x03"


def test_only_the_used_details_that_are_not_given_are_asked_and_blank_keeps_the_placeholder(run, monkeypatch):
    asked: list[str] = []

    def fake_ask(label: str, help_text: str = "", **io: object) -> str:
        asked.append(label)
        return "Dashboards are slow" if label == "What customers see" else "  "

    monkeypatch.setattr(draft_command, "_in_a_terminal", lambda: True)
    monkeypatch.setattr(prompting, "ask_text", fake_ask)
    result = run("draft", "-r", BASIC, "-s", "severity=major", "-s", "resolved=no", "-f", "json", "-d", "title=")
    assert result.exit_code == 0, result.stderr
    assert asked == ["Incident title", "What customers see"]
    data = json.loads(result.stdout)
    assert data["details"] == {"impact": "Dashboards are slow"}
    assert data["missing_details"] == ["title"]


def test_no_input_never_asks(run, monkeypatch):
    monkeypatch.setattr(draft_command, "_in_a_terminal", lambda: True)
    monkeypatch.setattr(prompting, "ask_text", lambda *a, **k: pytest.fail("asked"))
    result = run("draft", "-r", BASIC, "-s", "severity=minor", "-s", "resolved=yes", "--no-input")
    assert result.exit_code == 0 and "[incident title]" in result.stdout


def test_the_real_text_widget_takes_typed_text_and_ctrl_c_interrupts():
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=20, columns=100), term="xterm")
    with create_pipe_input() as pipe:
        pipe.send_text("Flags are slow" + ENTER)
        assert prompting.ask_text("Incident title", "A short name.", input=pipe, output=output) == "Flags are slow"
    assert "Incident title" in screen.getvalue() and "A short name." in screen.getvalue()
    with create_pipe_input() as pipe, pytest.raises(KeyboardInterrupt):
        pipe.send_text(CTRL_C)
        prompting.ask_text("Incident title\x1b[2J", input=pipe, output=output)
    assert "\x1b[2J" not in screen.getvalue().split("Incident title")[-1][:8]


def test_a_real_terminal_run_asks_for_details_and_drafts(tmp_path: Path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        sys.executable, ["-m", "incident_comms", "draft", "-r", str(BASIC), "-s", "severity=major", "-s", "resolved=yes"],
        cwd=str(tmp_path), env=env, dimensions=(40, 160), encoding="utf-8", timeout=20,
    )
    child.expect("Incident title")
    child.send("Flags down\r")
    child.expect("What customers see")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", child.before)
    assert child.exitstatus == 0, out
    assert "Subject: Performance issues: Flags down" in out
    assert "[what customers see]" in out
