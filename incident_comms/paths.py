"""How file paths are shown to people: short when they are under the working folder."""

from __future__ import annotations

import os
from pathlib import Path


def shown_path(path: str, cwd: Path | None = None) -> str:
    """`path` relative to the working folder when it is inside it, else as given (POSIX)."""
    base = os.path.abspath(cwd or os.getcwd())
    full = os.path.abspath(path)
    if full == base or full.startswith(base + os.sep):
        return Path(os.path.relpath(full, base)).as_posix()
    return Path(path).as_posix()
