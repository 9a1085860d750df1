"""Text from rule and answers files, made safe to print in a terminal.

Control characters (ESC and the rest of C0/C1, but not newline or tab) are shown as
``\\xNN`` escapes so a file cannot move the cursor, change colours or set the title.
Rich markup is escaped separately, where rich is used (``render``).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """`text` as a string with every control character escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
