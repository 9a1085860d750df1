"""The streams of a run: one-line messages on stderr, and stdout that tells the truth.

Commands import :func:`fail`, :func:`warn` and :func:`write_out` from here (never
``cli``). :func:`prepare_streams` is called once by the edge, before any command:

- stdout and stderr never fail on a character their encoding lacks
  (``PYTHONIOENCODING=ascii``, ``LC_ALL=C``): it is written as a ``\\uXXXX`` escape,
  which is also what JSON would have written, so JSON output stays valid JSON;
- ``COLUMNS=0`` (or any width that is not a positive number) is ignored;
- a line of output that would start a GitHub workflow command (``::`` or ``##[``,
  indented or not) gets its first character escaped, whatever text put it there
  (a rule file's text wrapped onto a new line by rich, a file name at the start of
  a line). Only the ``github`` lint format writes workflow commands on purpose,
  through :func:`write_out` with ``workflow_commands=True``.

A reader that goes away (``comms lint | head -1``) is not an error of comms: the
rest of the output is dropped, and the command still exits with its own code, so
``comms lint BROKEN | true`` keeps exit 1 in ``set -o pipefail`` scripts.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
from typing import IO, Any

from .safetext import clean, shorten

_ESCAPE_ERRORS = "comms-json-escape"
# A line whose first non-blank characters are `::` or `##[` (GitHub reads those as commands).
_WORKFLOW_COMMAND = re.compile(r"^([ \t]*)([:#])(?=:|#\[)", re.MULTILINE)


def fail(message: str) -> None:
    """Print one error line on stderr."""
    _say(f"comms: error: {clean(shorten(message))}")


def warn(message: str) -> None:
    """Print one warning line on stderr."""
    _say(f"comms: warning: {clean(shorten(message))}")


def _say(line: str) -> None:
    stream = sys.stderr
    if stream is None:  # stderr closed (2>&-): nowhere to say it; the exit code still does
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def guard_lines(text: str) -> str:
    """`text` with no line that could start a GitHub workflow command."""
    return _WORKFLOW_COMMAND.sub(lambda m: f"{m.group(1)}\\x{ord(m.group(2)):02x}", text)


def write_out(text: str, workflow_commands: bool = False) -> bool:
    """Write `text` to stdout; False (and stdout silenced) when the reader has gone away."""
    stream = sys.stdout
    raw = getattr(stream, "unguarded", stream) if workflow_commands else stream
    try:
        raw.write(text)
        raw.flush()
    except BrokenPipeError:
        silence_stdout()
        return False
    return True


def silence_stdout() -> None:
    """Send what is left of stdout to /dev/null, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests) or already gone: nothing left to silence


class _GuardedStream:
    """A text stream that escapes workflow-command line starts on their way out.

    A partial line is held back only while it could still become one (``"  :"``).
    """

    def __init__(self, stream: IO[str]) -> None:
        self.unguarded = stream
        self._at_line_start = True
        self._pending = ""

    def write(self, text: str) -> int:
        data, self._pending = self._pending + text, ""
        head, newline, tail = data.rpartition("\n")
        if newline:
            self._emit(head + newline)
        if tail and self._at_line_start and tail.lstrip(" \t") in ("", ":", "#", "##"):
            self._pending = tail
        elif tail:
            self._emit(tail)
        return len(text)

    def _emit(self, text: str) -> None:
        if self._at_line_start:
            text = guard_lines(text)
        else:
            first, newline, rest = text.partition("\n")
            text = first + newline + guard_lines(rest) if newline else first
        self._at_line_start = text.endswith("\n")
        self.unguarded.write(text)

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, ""
            self._emit(pending)
        self.unguarded.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unguarded, name)


def prepare_streams() -> bool:
    """Make stdout and stderr safe for any text; False when stdout is closed (``>&-``).

    A ``COLUMNS`` or ``LINES`` that is not a positive number (``COLUMNS=0``) is dropped,
    so the width comes from the terminal (or 80) instead of printing nothing.
    """
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.strip().isdigit() and int(value) > 0):
            del os.environ[name]
    codecs.register_error(_ESCAPE_ERRORS, _json_escape)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors=_ESCAPE_ERRORS)
    if sys.stdout is None:
        return False
    if not isinstance(sys.stdout, _GuardedStream):
        sys.stdout = _GuardedStream(sys.stdout)
    return True


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Characters the stream cannot encode, as JSON-style ``\\uXXXX`` escapes (pairs beyond U+FFFF)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end
