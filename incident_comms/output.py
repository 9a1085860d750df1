"""Writing outputs: all at once or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CommsError, Location


def check_writable(path: Path, force: bool) -> None:
    """Fail early (before any question is asked) if `path` cannot be written."""
    where = Location(str(path))
    if path.is_dir():
        raise CommsError("is a directory; give a file name for --output", where)
    if path.exists() and not force:
        raise CommsError("already exists; use --force to overwrite it", where)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CommsError("its folder does not exist", where)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CommsError("its folder cannot be written to", where)


def write_atomic(path: Path, text: str, force: bool) -> None:
    """Write `text` to `path` atomically; never leaves a partial file behind.

    Without `force`, an existing file is never replaced, even one created meanwhile.
    """
    check_writable(path, force)
    parent = path.parent if str(path.parent) else Path(".")
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
        os.fchmod(fd, 0o666 & ~_umask())  # as a plain open() would, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the file appeared meanwhile
    except FileExistsError:
        raise CommsError("already exists; use --force to overwrite it", Location(str(path))) from None
    except OSError as exc:
        raise CommsError(f"cannot write ({exc.strerror or exc})", Location(str(path))) from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
