"""The command line: a thin edge over the core. The one place that picks exit codes.

Commands live in ``incident_comms.commands`` (one module each); every one of them
runs inside :func:`edge`, the one error handler, and so does the parsing of the
command line (:func:`main`). Whatever happens, a run ends with one line on stderr at
most and a documented exit code, never a traceback:

- a ``CommsError`` (bad input, usage) prints its line and exits with its code (2);
- Ctrl-C or end of input exits 130, SIGTERM 143, and nothing half-written is left;
- any other exception is a bug in comms: one line naming it, "please report this",
  exit 3 (never 1, which means findings).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import signal
import sys
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import typer

from . import __version__
from .console import fail, prepare_streams, silence_stdout
from .errors import CommsError, ExitCode
from .runtime import settle_for_exit, settle_for_the_command_line

HELP = """Decide whether, when, how and to whom to tell customers about an incident.

Exit codes: 0 done (lint: clean), 1 findings (lint; recipients --strict), 2 bad input or usage,
3 internal error (a bug in comms), 130 interrupted, 143 terminated."""

class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that no temporary file is left behind."""


def edge(command: Callable[..., int | None]) -> Callable[..., None]:
    """Run a command; turn its result and its errors into exit codes."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        raise typer.Exit(guarded(lambda: command(*args, **kwargs)))

    return run


def guarded(call: Callable[[], int | None]) -> int:
    """`call()`'s exit code, or the exit code of what it raised (after its one line)."""
    try:
        if not prepare_streams():
            raise CommsError("standard output is closed; redirect it to /dev/null to discard it")
        code = int(call() or 0)
        sys.stdout.flush()
        return code
    except CommsError as exc:
        fail(str(exc))
        return int(exc.exit_code)
    except (typer.Exit, SystemExit):
        raise
    except (KeyboardInterrupt, EOFError):
        _say("interrupted; nothing was saved")
        return int(ExitCode.INTERRUPTED)
    except Terminated:
        _say("terminated; nothing was saved")
        return int(ExitCode.TERMINATED)
    except BrokenPipeError:  # the reader went away before the command could say how it ended
        silence_stdout()
        return int(ExitCode.OK)
    except Exception as exc:  # noqa: BLE001 (the one place that catches everything)
        fail(internal_error_line(exc))
        return int(ExitCode.INTERNAL)


def internal_error_line(exc: BaseException) -> str:
    """``internal error: ValueError: ... (at file.py:12); this is a bug in comms, please report this``."""
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        where = f" (at {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
    from .safetext import excerpt

    detail = excerpt(str(exc), 200, quoted=False)
    return f"internal error: {type(exc).__name__}: {detail}{where}; this is a bug in comms, please report this"


def _say(text: str) -> None:
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(f"comms: {text}", file=sys.stderr)


def _version(value: bool) -> None:
    if value:
        print(f"comms {__version__}")
        raise typer.Exit(0)


def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Decide whether, when, how and to whom to tell customers about an incident."""


COMMANDS = ("assess", "checklist", "draft", "lint", "recipients", "diff", "replay", "schema")  # each a module
GROUPS = ("incident",)  # modules with COMMANDS: `comms incident show ...`


def build_app(only: str | None = None) -> typer.Typer:
    """The command line: every command, or with `only` just that one.

    Typer turns every command it holds into click's objects on each run (about
    12 ms for all of them, a tenth of a cold start); a run needs only its own.
    """
    built = typer.Typer(
        name="comms",
        help=HELP,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        add_completion=True,  # --install-completion and --show-completion (bash, zsh, fish, PowerShell)
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(root)
    for name in COMMANDS:
        if only in (None, name):
            module = importlib.import_module(f".commands.{name}", __package__)
            built.command(name, help=module.__doc__)(edge(getattr(module, name)))
    for name in GROUPS:
        if only in (None, name):
            module = importlib.import_module(f".commands.{name}", __package__)
            built.add_typer(_group(module.COMMANDS, module.__doc__), name=name)
    return built


def _group(commands: Mapping[str, Callable[..., Any]], doc: str | None) -> typer.Typer:
    """A command group (`comms incident ...`): each subcommand runs inside the edge too."""
    group = typer.Typer(help=doc, no_args_is_help=True, rich_markup_mode=None, add_completion=False,
                        context_settings={"help_option_names": ["-h", "--help"]})
    for name, command in commands.items():
        group.command(name, help=command.__doc__)(edge(command))
    return group


@functools.lru_cache(maxsize=1)
def _full_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str) -> Any:
    """``cli.app``, every command (tests, completion), built on first use."""
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: list[str]) -> typer.Typer:
    """The app a command line needs: just its command when it names one, else all (help, completion, typos)."""
    completing = any(key.endswith("_COMPLETE") and key.startswith("_") for key in os.environ)
    named = args[0] if args else None
    return build_app(named) if named in COMMANDS + GROUPS and not completing else _full_app()


def main() -> NoReturn:
    """Console entry point: the command line is parsed inside the same error funnel."""
    settle_for_the_command_line()
    signal.signal(signal.SIGTERM, _terminate)
    code = guarded(_run_app)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the work is done: nothing left to unwind
    settle_for_exit()
    sys.exit(code)


def _run_app() -> int:
    try:
        return int(app_for(sys.argv[1:])(prog_name="comms", standalone_mode=False) or 0)
    except typer.TyperException as exc:  # click's usage errors: one line, not click's three or four
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path if ctx is not None else 'comms'} --help`)"
        raise CommsError(f"{exc.format_message().rstrip('.')}{hint}") from None
    except typer.Abort:
        raise KeyboardInterrupt from None


def _terminate(signum: int, frame: object) -> None:
    raise Terminated
