"""`comms assess` in a real pseudo-terminal (pexpect): a full run, and Ctrl-C at a prompt."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from incident_comms.policy.load import default_rules_dir, load_policy
from incident_comms.policy.model import MULTIPLE, YES_NO

pexpect = pytest.importorskip("pexpect")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")
YES = {"definite_impact"}  # every other yes-no question is answered no


def spawn(tmp_path: Path, *args: str) -> Any:
    # Nothing answers cursor-position requests in pexpect; without this prompt_toolkit
    # waits a second for the answer after every prompt.
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("COMMS_RULES", None)
    return pexpect.spawn(
        sys.executable, ["-m", "incident_comms", "assess", *args],
        cwd=str(tmp_path), env=env, dimensions=(50, 220), encoding="utf-8", timeout=20,
    )


def plain(text: str) -> str:
    return ANSI.sub("", text)


DOWN = "\x1b[B"


def keys_for(question: Any) -> str:
    if question.kind == YES_NO:
        return "y" if question.id in YES else "n"
    if question.kind == MULTIPLE:
        return " \r"  # tick the first choice
    if question.default is None:
        return DOWN + "\r"  # no default: a bare Enter answers nothing, so take the second choice
    return "\r"  # keep the default


def test_answering_every_prompt_reaches_a_decision_and_saves_the_record(tmp_path: Path) -> None:
    questions = load_policy(default_rules_dir()).questions
    child = spawn(tmp_path, "--output", "record.json")
    asked: list[str] = []
    position = -1
    while True:
        later = questions[position + 1 :]
        index = child.expect([re.escape(q.prompt) for q in later] + [pexpect.EOF])
        if index == len(later):
            break
        question = later[index]
        asked.append(question.id)
        position = questions.index(question)
        child.send(keys_for(question))
    child.close()
    screen = plain(child.before or "")
    assert child.exitstatus == 0, screen
    assert asked[:2] == ["kind", "products"]
    assert "Coordinate" in screen and "Scoping answers" in screen
    record = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    assert list(record["answers"]) == asked
    assert record["answers"]["products"] == ["feature_flags"]
    assert record["decision"]["send"] is True


def test_ctrl_c_at_a_prompt_exits_130_with_one_line_and_saves_nothing(tmp_path: Path) -> None:
    questions = load_policy(default_rules_dir()).questions
    child = spawn(tmp_path, "--output", "record.json")
    child.expect(re.escape(questions[0].prompt))
    child.send(keys_for(questions[0]))
    child.expect(re.escape(questions[1].prompt))
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    after = plain(child.before or "")
    assert child.exitstatus == 130
    assert after.count("comms: ") == 1
    assert "comms: interrupted; nothing was saved" in after
    assert "Traceback" not in after and "KeyboardInterrupt" not in after
    assert list(tmp_path.iterdir()) == []


def test_ctrl_d_at_a_prompt_exits_130_too(tmp_path: Path) -> None:
    questions = load_policy(default_rules_dir()).questions
    child = spawn(tmp_path, "--output", "record.json")
    child.expect(re.escape(questions[0].prompt))
    child.send("\x04")
    child.expect(pexpect.EOF)
    child.close()
    after = plain(child.before or "")
    assert child.exitstatus == 130
    assert "comms: interrupted; nothing was saved" in after
    assert "Traceback" not in after
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_file_is_refused_before_the_first_prompt(tmp_path: Path) -> None:
    (tmp_path / "record.json").write_text("keep me", encoding="utf-8")
    child = spawn(tmp_path, "--output", "record.json")
    child.expect(pexpect.EOF)
    child.close()
    shown = plain(child.before or "")
    assert child.exitstatus == 2
    assert shown.strip() == "comms: error: record.json: already exists; use --force to overwrite it"
    assert (tmp_path / "record.json").read_text(encoding="utf-8") == "keep me"


def test_a_bare_enter_does_not_answer_severity_in_a_real_terminal(tmp_path: Path) -> None:
    policy = load_policy(default_rules_dir())
    child = spawn(tmp_path)
    for qid in ("kind", "products", "region"):
        child.expect(re.escape(policy.question(qid).prompt))
        child.send(keys_for(policy.question(qid)))
    child.expect(re.escape(policy.question("severity").prompt))
    child.expect("no default")
    child.send("\r")  # a bare Enter: the bell, and still the severity question
    with pytest.raises(pexpect.TIMEOUT):
        child.expect(re.escape(policy.question("data_impact").prompt), timeout=1)
    child.send(DOWN + "\r")
    child.expect(re.escape(policy.question("data_impact").prompt))
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
