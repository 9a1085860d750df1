"""The command line: a thin edge over the core. The one place that picks exit codes.

Commands live in ``incident_comms.commands`` (one module each); every one of them
runs inside :func:`edge`, the one error handler: a ``CommsError`` prints one line
and exits with its code, Ctrl-C or end of input exits 130, never a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import typer

from . import __version__
from .errors import CommsError, ExitCode
from .safetext import clean

HELP = """Decide whether, when, how and to whom to tell customers about an incident.

Exit codes: 0 done (lint: clean), 1 lint findings, 2 bad input or usage,
130 interrupted."""

app = typer.Typer(
    name="comms",
    help=HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def fail(message: str) -> None:
    """Print one error line on stderr."""
    print(f"comms: error: {clean(message)}", file=sys.stderr)


def warn(message: str) -> None:
    """Print one warning line on stderr."""
    print(f"comms: warning: {clean(message)}", file=sys.stderr)


def edge(command: Callable[..., int | None]) -> Callable[..., None]:
    """Run a command; turn its result and its errors into exit codes."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except CommsError as exc:
            fail(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except (KeyboardInterrupt, EOFError):
            print("comms: interrupted; nothing was saved", file=sys.stderr)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:  # the reader went away (comms ... | head): not an error
            _silence_stdout()
            raise typer.Exit(0) from None
        raise typer.Exit(int(code or 0))

    return run


def _silence_stdout() -> None:
    """Send what is left of stdout to /dev/null, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests) or already gone: nothing left to silence


def _version(value: bool) -> None:
    if value:
        print(f"comms {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Decide whether, when, how and to whom to tell customers about an incident."""


def _register() -> None:
    from .commands import assess, checklist, lint, schema

    app.command("assess", help=assess.__doc__)(edge(assess.assess))
    app.command("checklist", help=checklist.__doc__)(edge(checklist.checklist))
    app.command("lint", help=lint.__doc__)(edge(lint.lint))
    app.command("schema", help=schema.__doc__)(edge(schema.schema))


_register()


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="comms")
    except KeyboardInterrupt:
        print("comms: interrupted; nothing was saved", file=sys.stderr)
        sys.exit(int(ExitCode.INTERRUPTED))
