"""Re-assessing in a terminal: each last answer is the default, so Enter keeps it.

Driven two ways: the real questionary widgets through a prompt_toolkit pipe input, and
`comms assess --incident` in a real pseudo-terminal (pexpect).
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from journal_support import INCIDENT
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from incident_comms import store
from incident_comms.journal.assessing import with_last_answer
from incident_comms.policy.load import load_policy
from incident_comms.prompting import ask_question

ENTER, CTRL_C = "\r", "\x03"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")


def enter_only(question: Any) -> Any:
    """Answer a real widget with a bare Enter (a Ctrl-C after it, so a widget that waits fails)."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=100), term="xterm")
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER + CTRL_C)
        return ask_question(question, input=pipe, output=output)


@pytest.mark.parametrize(("qid", "last"), [("severity", "major"), ("severity", "minor"), ("resolved", True),
                                           ("resolved", False)])
def test_enter_keeps_the_last_answer(rules: Path, qid: str, last: Any) -> None:
    question = load_policy(rules).question(qid)
    assert enter_only(with_last_answer(question, {qid: last})) == last


def test_without_a_last_answer_a_yes_no_still_needs_y_or_n(rules: Path) -> None:
    with pytest.raises(KeyboardInterrupt):  # Enter alone answered nothing; the Ctrl-C ended it
        enter_only(with_last_answer(load_policy(rules).question("resolved"), {}))


def test_a_reassessment_in_a_terminal_is_a_few_enters(tmp_path: Path, rules: Path, journal: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1",
           "COMMS_RULES": str(rules), "COMMS_JOURNAL": str(journal), "COMMS_USER": "dana"}

    def run(*keys: str, extra: tuple[str, ...] = ()) -> str:
        child = pexpect.spawn(sys.executable, ["-m", "incident_comms", "assess", "--incident", INCIDENT, *extra],
                              cwd=str(tmp_path), env=env, dimensions=(50, 200), encoding="utf-8", timeout=20)
        for prompt, key in zip(("How bad is it?", "Is it resolved?"), keys, strict=True):
            child.expect(re.escape(prompt))
            child.send(key)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        return ANSI.sub("", child.before or "")

    first = run("\x1b[B\r", "n", extra=("--title", "Flags down"))  # major (the second choice), not resolved
    assert "first assessment of Flags down" in first
    again = run("\r", "\r")  # Enter, Enter: the same answers
    assert "nothing changed since the last assessment" in again
    opened = store.open_journal(journal, create=False)
    assert opened is not None
    records = [e.body["record"]["answers"] for e in opened.entries(INCIDENT)]
    opened.close()
    assert records == [{"severity": "major", "resolved": False}] * 2
