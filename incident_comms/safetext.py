"""Text from rule and answers files, and file names, made safe to print anywhere.

:func:`clean` is for text on a line of a terminal or a CI log: control characters
(ESC and the rest of C0 and C1, but not tab) are shown as ``\\xNN`` escapes, newline
and carriage return as ``\\n`` and ``\\r``, so a file can neither move the cursor, change colours or
set the title, nor start a line of its own; bidirectional and line-separator
controls (U+202E and the like) as ``\\uNNNN``, so it cannot reorder what is shown; a
byte of a file name that is not UTF-8 (kept by Python as a lone surrogate) as
``\\xNN``. Rich markup is escaped separately, where rich is used (``render``).

:func:`clean_block` keeps newlines, for multi-line bodies. :func:`json_text` is the one JSON writer of every output: the same characters become
``\\uNNNN`` escapes inside the JSON strings (still valid JSON, and the same data).
"""

from __future__ import annotations

import re

_UNSAFE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[\x00-\x08\x0a-\x1f{_UNSAFE}]")
_JSON_UNSAFE = re.compile(f"[{_UNSAFE}]")  # json.dumps escapes C0 itself


def clean(text: object) -> str:
    """`text` as a string with every control character escaped: it stays on its line."""
    return _CONTROL.sub(_escape, str(text))


def clean_block(text: object) -> str:
    """Like :func:`clean`, but newlines stay: for multi-line bodies (a draft message).

    Its lines can start anywhere, so what prints it must also guard line starts
    (``console.guard_lines``).
    """
    return "\n".join(clean(line) for line in str(text).split("\n"))


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # one byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(data: object, indent: int | None = 2) -> str:
    """`data` as JSON text that is valid UTF-8 and safe to print (ends with a newline when indented)."""
    import json

    text = json.dumps(data, indent=indent, ensure_ascii=False)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n" if indent is not None else text


def excerpt(value: object, limit: int = 60, quoted: bool = True) -> str:
    """A short, safe excerpt of a rejected value for an error line: ``'abc…' (810000 characters)``."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return clean(repr(text) if quoted and isinstance(value, str) else text)
    cut = text[:limit] + "…"
    return f"{clean(repr(cut) if quoted else cut)} ({len(text)} characters)"


MAX_LINE = 500  # characters of one message line; a rejected value never makes it longer


def shorten(text: str, limit: int = MAX_LINE) -> str:
    """`text` cut to `limit` characters, saying how long it was (the last guard of every error line)."""
    return text if len(text) <= limit else f"{text[:limit]}… (cut; {len(text)} characters)"
