"""Writing outputs: all at once or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import CommsError, Location


def check_writable(path: Path, force: bool) -> None:
    """Fail early (before any question is asked) if `path` cannot be written.

    Only a regular file is ever replaced: ``-o /dev/stdout --force`` or a FIFO, a
    device or a symlink to one is refused, since replacing it would replace the node
    itself (as root, /dev/stdout), not write into it.
    """
    where = Location(str(path))
    kind = _kind(path)
    if kind is not None and stat.S_ISDIR(kind):
        raise CommsError("is a directory; give a file name for --output", where)
    if kind is not None and not stat.S_ISREG(kind):
        raise CommsError("not a regular file (a device, FIFO or socket, or a symlink to one); "
                         "--output writes only files", where)
    if (kind is not None or os.path.islink(path)) and not force:
        raise CommsError("already exists; use --force to overwrite it", where)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CommsError("its folder does not exist", where)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CommsError("its folder cannot be written to", where)


def write_atomic(path: Path, text: str, force: bool) -> None:
    """Write `text` to `path` atomically; never leaves a partial file behind.

    Without `force`, an existing file is never replaced, even one created meanwhile.
    A file may be printed in a CI log later, so no line of it can start a workflow
    command either (``console.guard_lines``).
    """
    import tempfile  # here: commands that only print (assess to stdout) need not load it (~2 ms)

    from .console import guard_lines

    text = guard_lines(text)
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


def _kind(path: Path) -> int | None:
    """The file type bits of what `path` names (following symlinks), None when nothing is there."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CommsError(f"cannot write ({exc.strerror or exc})", Location(str(path))) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
