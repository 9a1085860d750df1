"""Options several commands share are declared once (commands/options.py) and read the same everywhere."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from incident_comms import store
from incident_comms.cli import app
from incident_comms.commands import options


def help_of(*command: str) -> str:
    done = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert done.exit_code == 0
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("command", [("assess",), ("checklist",), ("draft",), ("recipients",),
                                     ("incident", "show")])
def test_every_command_that_reads_a_policy_explains_rules_alike(command: tuple[str, ...]) -> None:
    assert "Policy folder (default: $COMMS_RULES, else the bundled policy)." in help_of(*command)


@pytest.mark.parametrize("command", [("assess",), ("draft",)])
def test_answers_and_set_read_alike_in_assess_and_draft(command: tuple[str, ...]) -> None:
    shown = help_of(*command)
    assert options.ANSWERS_HELP in shown
    assert "--set severity=major" in shown and "--no-input" in shown


def test_the_journal_variable_is_the_stores() -> None:
    # options does not import the store (sqlite3) just to name the variable
    assert options.JOURNAL_ENV == store.JOURNAL_ENV
