"""One terminal setup for every command: NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS mean the same to each."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.terminal import Terminal, terminal

REPO = Path(__file__).resolve().parent.parent
BROKEN_POLICY = REPO / "tests" / "lint" / "fixtures" / "snapshot" / "broken"
CLEAR = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": None, "COLUMNS": None, "COMMS_RULES": None}


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "color"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # set but empty: no-color.org says it does not count
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, True, True),  # 0 does not force; a terminal still gets colour
        ({"FORCE_COLOR": "0"}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
    ],
)
def test_colour(env: dict[str, str], tty: bool, color: bool) -> None:
    stream = FakeTty() if tty else io.StringIO()
    assert terminal(stream, env).color is color


@pytest.mark.parametrize(("columns", "width"), [("40", 40), ("120", 120), ("5", 20), ("0", 80), ("", 80),
                                                ("abc", 80), ("-3", 80), ("²", 80)])
def test_width_when_piped(columns: str, width: int) -> None:
    assert terminal(io.StringIO(), {"COLUMNS": columns}).width == width


def test_a_closed_stream_is_not_a_terminal() -> None:
    stream = io.StringIO()
    stream.close()
    assert terminal(stream, {}) == Terminal(color=False, width=80)


def run(*args: str, **env: str) -> str:
    return CliRunner().invoke(app, list(args), env={**CLEAR, **env}).stdout


@pytest.mark.parametrize("command", [("checklist",), ("lint", str(BROKEN_POLICY), "--format", "text")])
def test_every_command_honours_the_same_colour_settings(command: tuple[str, ...]) -> None:
    assert "\x1b[" not in run(*command)
    assert "\x1b[" in run(*command, FORCE_COLOR="1")
    assert "\x1b[" not in run(*command, FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b[" in run(*command, FORCE_COLOR="1", TERM="dumb")


def test_the_checklist_wraps_to_columns_without_cutting_words() -> None:
    wide, narrow = run("checklist", COLUMNS="200"), run("checklist", COLUMNS="40")
    assert narrow.split() == wide.split()
    assert all(len(line) <= 40 or " " not in line.strip() for line in narrow.splitlines())
