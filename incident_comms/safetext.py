"""Text from rule and answers files, made safe to print in a terminal.

Control characters (ESC and the rest of C0/C1, but not newline or tab) are shown as
``\\xNN`` escapes so a file cannot move the cursor, change colours or set the title;
bidirectional and line-separator controls (U+202E and the like) as ``\\uNNNN``, so a
file cannot reorder what is shown. Rich markup is escaped separately, where rich is
used (``render``).
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """`text` as a string with every control character escaped."""
    return _CONTROL.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def excerpt(value: object, limit: int = 60, quoted: bool = True) -> str:
    """A short, safe excerpt of a rejected value for an error line: ``'abc…' (810000 characters)``."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return clean(repr(text) if quoted and isinstance(value, str) else text)
    cut = text[:limit] + "…"
    return f"{clean(repr(cut) if quoted else cut)} ({len(text)} characters)"
