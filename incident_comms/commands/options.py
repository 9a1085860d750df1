"""The options several commands share, declared once (a command adds only its own).

Each is a function so that every command gets its own ``typer.Option`` object.
"""

from __future__ import annotations

from typing import Any

import typer

from ..policy import RULES_ENV

JOURNAL_ENV = "COMMS_JOURNAL"  # the same as store.JOURNAL_ENV (a test checks)
JOURNAL_HELP = "The journal file (default: $XDG_DATA_HOME/comms/journal.db, else ~/.local/share/comms/journal.db)."
ANSWERS_HELP = "YAML or JSON file of answers (question id: answer), or a saved record."


def rules_option() -> Any:
    return typer.Option(
        None, "--rules", "-r", envvar=RULES_ENV, help="Policy folder (default: $COMMS_RULES, else the bundled policy)."
    )


def answers_option(help_text: str = ANSWERS_HELP) -> Any:
    return typer.Option(None, "--answers", "-a", help=help_text)


def set_option() -> Any:
    return typer.Option(
        [], "--set", "-s", help="Answer one question: --set severity=major, --set products=logs,cdp. Repeatable."
    )


def no_input_option() -> Any:
    return typer.Option(False, "--no-input", help="Never prompt, even in a terminal.")


def force_option(what: str) -> Any:
    return typer.Option(False, "--force", help=f"Let {what} overwrite an existing file.")


def journal_option() -> Any:
    return typer.Option(None, "--journal", "-j", envvar=JOURNAL_ENV, help=JOURNAL_HELP)
