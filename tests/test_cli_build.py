"""A run builds only the command it names (typer turns every command it holds into click's objects)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from incident_comms import cli

EVERY = cli.COMMANDS + cli.GROUPS


def help_text(app, *args: str) -> str:
    done = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize("name", EVERY)
def test_a_command_built_alone_reads_exactly_as_in_the_whole_app(name: str) -> None:
    alone = cli.app_for([name, "--help"])
    assert set(get_command(alone).commands) == {name}
    assert help_text(alone, name) == help_text(cli.app, name)


def test_every_command_module_is_registered() -> None:
    assert set(get_command(cli.app).commands) == set(EVERY)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["asess"], ["--install-completion"]])
def test_anything_but_a_command_name_gets_every_command(args: list[str]) -> None:
    assert cli.app_for(args) is cli.app


def test_shell_completion_always_sees_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_COMMS_COMPLETE", "complete_bash")
    assert cli.app_for(["assess"]) is cli.app


def test_the_entry_point_runs_the_named_command_and_still_suggests_for_a_typo() -> None:
    ran = subprocess.run([sys.executable, "-m", "incident_comms", "assess", "--help"], capture_output=True, text=True, check=False)
    assert ran.returncode == 0 and "Usage: comms assess" in ran.stdout
    typo = subprocess.run([sys.executable, "-m", "incident_comms", "asess"], capture_output=True, text=True, check=False)
    assert typo.returncode == 2 and "Did you mean 'assess'?" in typo.stderr
