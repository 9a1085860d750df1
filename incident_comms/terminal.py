"""How output looks where it goes: colour or not, and how wide. One setup for every command.

``comms assess``, ``comms checklist`` and ``comms lint`` all ask :func:`terminal`, so the
environment means the same to each:

- ``NO_COLOR`` set (not empty): never colour (https://no-color.org);
- else ``FORCE_COLOR`` set (not empty, not ``0``): colour, even into a pipe or a file;
- else ``TERM=dumb``: no colour;
- else colour only when stdout is a terminal.

Width: ``COLUMNS`` when it is a whole number of at least 1 (below 20 it counts as 20,
so that a line still holds a few words); otherwise (``COLUMNS=0``, empty, not a number)
the terminal's width when stdout is one, else 80. Text is wrapped at word boundaries
to that width; a word longer than a line is kept whole on its own line, never cut.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from typing import IO, Any

from .frozen import Frozen

DEFAULT_WIDTH = 80
MIN_WIDTH = 20


class Terminal(Frozen):
    """Where text goes: whether it may carry colour, and its width in columns."""

    color: bool = False
    width: int = DEFAULT_WIDTH


def terminal(stream: IO[Any] | None = None, environ: Mapping[str, str] | None = None) -> Terminal:
    """The settings for `stream` (default stdout) under `environ` (default the process's)."""
    stream = sys.stdout if stream is None else stream
    env = os.environ if environ is None else environ
    tty = _is_tty(stream)
    return Terminal(color=_wants_color(tty, env), width=_width(stream, tty, env))


def _is_tty(stream: IO[Any] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError, AttributeError):  # closed or not a real stream
        return False


def _wants_color(tty: bool, env: Mapping[str, str]) -> bool:
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return tty


def _width(stream: IO[Any], tty: bool, env: Mapping[str, str]) -> int:
    given = env.get("COLUMNS", "").strip()
    if given.isascii() and given.isdigit() and int(given) >= 1:
        return max(int(given), MIN_WIDTH)
    columns = 0
    if tty:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            columns = os.get_terminal_size(stream.fileno()).columns
    return max(columns, MIN_WIDTH) if columns else DEFAULT_WIDTH
