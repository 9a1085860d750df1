"""Reading a file the user named: its bytes within a size limit, then its UTF-8 text.

Anything that is not a readable file (missing, a dangling symlink or a loop, a
folder, permission denied; with ``regular_only`` a FIFO, device or socket) ends as
one :class:`CommsError` naming it, and so does a file over ``MAX_BYTES`` (counted as
it is read, so ``/dev/zero`` stops at the limit), a binary file or one that is not
UTF-8, with the line and column of the first bad byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import CommsError, Location

MAX_BYTES = 1024 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, regular_only: bool = False) -> str:
    """Read a UTF-8 text file, refusing missing, huge, binary and non-UTF-8 files."""
    return decode(read_bytes(path, regular_only), str(path))


def read_bytes(path: Path, regular_only: bool = True) -> bytes:
    """Read at most ``MAX_BYTES`` of a file; anything that is not a readable file is a CommsError.

    The limit applies to what is read, not to what ``stat()`` says, so ``/dev/zero``
    or a symlink to it stops at the limit. With `regular_only` (rule files: a folder
    is listed, nobody chose each entry) a FIFO, device or socket is refused without
    waiting on it; without it (a file named on the command line) a pipe such as
    ``--answers <(make-answers)`` is read, within the same limit.
    """
    where = Location(str(path))
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | (os.O_NONBLOCK if regular_only else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise CommsError(_open_error(path, exc), where) from None
    try:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise CommsError("is a directory, not a file", where)
        if regular_only and not stat.S_ISREG(kind):
            raise CommsError(f"not a regular file (a {_kind_name(kind)}); rule files must be plain files", where)
        return _read_limited(fd, where)
    except OSError as exc:
        raise CommsError(f"cannot read file ({exc.strerror or exc})", where) from None
    finally:
        os.close(fd)


def _read_limited(fd: int, where: Location) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        chunk = os.read(fd, min(1 << 16, MAX_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise CommsError(f"file is too large (over {MAX_BYTES} bytes, the limit)", where)


def _open_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "a dangling symlink (its target does not exist)" if os.path.islink(path) else "no such file"
    if exc.errno == errno.ELOOP:
        return "a symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read file ({exc.strerror or exc})"


def _kind_name(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (a BOM is allowed); binary data is refused with its position."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise CommsError("binary file (NUL byte): not a YAML or JSON text", offset_location(name, data, offset))
    data = data.removeprefix(_UTF8_BOM)  # not the utf-8-sig codec (a module less); columns as an editor shows
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommsError("not valid UTF-8 text", offset_location(name, data, exc.start)) from None


def offset_location(name: str, data: bytes, offset: int) -> Location:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Location(name, line, column)
