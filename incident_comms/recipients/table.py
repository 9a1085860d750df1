"""Reading one CSV file into a header and rows: the only I/O of the recipients core.

What cannot be read is one :class:`CommsError` (exit 2) naming the file and, where
there is one, the row and column: a missing file, a directory, a FIFO, a device or
a socket (refused before a byte is read, so a FIFO never blocks), a file over
``MAX_BYTES``, UTF-16, binary data (a NUL byte), bytes that are not UTF-8 (the row
and column of the first one), broken quoting, a field over the csv module's limit
(131,072 characters: no email or org name comes near it), an empty file.

What can be read but deserves a look is a :class:`Finding`: a UTF-8 byte order
mark (read without it) and a delimiter other than a comma (Excel writes ``;`` in
many locales; the file is read with the delimiter its header line uses).
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ..errors import CommsError, Location
from ..frozen import Frozen
from ..safetext import clean
from .model import Finding

MAX_BYTES = 256 * 1024 * 1024  # about three million rows of a user export
DELIMITERS = (",", ";", "\t")
_SHOWN = 40  # characters of a header cell shown in a message
_MARK = "\ue000"  # a private-use character that marks a place while re-reading a prefix
_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}


class Table(Frozen):
    """A CSV file's header, its text and what reading it found (rows come from :meth:`rows`)."""

    path: str
    header: tuple[str, ...]
    text: str
    delimiter: str
    findings: tuple[Finding, ...] = ()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every row after the header with its number (the header is row 1); blank lines count."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter, strict=True)
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                if number > 1:
                    yield number, record
        except csv.Error as exc:
            raise CommsError(_csv_fault(str(exc)), Location(self.path, number + 1, 1)) from None

    def column_name(self, index: int) -> str:
        return self.header[index] if index < len(self.header) else ""


def read_table(path: Path) -> Table:
    """Read a CSV file: its bytes, encoding, delimiter and header. Raises CommsError if unreadable."""
    shown = str(path)
    data = read_regular_file(path)
    findings: list[Finding] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CommsError('UTF-16 text (Excel\'s "Unicode Text"); save the export as "CSV UTF-8"', Location(shown))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        findings.append(Finding(shown, 1, 1, "bom", "starts with a byte order mark (BOM); read without it"))
    delimiter = _delimiter(data)
    text = _decoded(data, shown, delimiter)
    if delimiter != ",":
        name = "semicolons" if delimiter == ";" else "tabs"
        findings.append(Finding(shown, 1, 0, "delimiter", f"columns are separated by {name}, not commas; read as such"))
    header = _header(text, delimiter, shown)
    return Table(shown, header, text, delimiter, tuple(findings))


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; anything else is one clear error."""
    where = Location(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise CommsError("no such file (or a symlink to nothing)", where) from None
    except PermissionError:
        raise CommsError("permission denied", where) from None
    except OSError as exc:
        raise CommsError(f"cannot open ({exc.strerror or exc})", where) from None
    try:
        return _read_all(fd, where)
    finally:
        os.close(fd)


def _read_all(fd: int, where: Location) -> bytes:
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        raise CommsError("is a directory, not a CSV file", where)
    if not stat.S_ISREG(mode):
        raise CommsError(f"is {_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a CSV file", where)
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > MAX_BYTES:
                raise CommsError(f"file is too large (over {MAX_BYTES} bytes)", where)
            chunks.append(chunk)
    except OSError as exc:
        raise CommsError(f"cannot read file ({exc.strerror or exc})", where) from None
    return b"".join(chunks)


def _delimiter(data: bytes) -> str:
    """The delimiter the header line uses most (a comma when it uses none)."""
    line = data.split(b"\n", 1)[0]
    counts = {d: line.count(d.encode()) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the first: the comma
    return best if counts[best] else ","


def _decoded(data: bytes, shown: str, delimiter: str) -> str:
    if b"\x00" in data:
        offset = data.index(b"\x00")
        row, column, name = _place(data[:offset].decode("utf-8", "replace"), delimiter)
        raise CommsError(f"binary data (a NUL byte) in {_cell(column, name)}: not a CSV text", Location(shown, row, column))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row, column, name = _place(data[: exc.start].decode("utf-8"), delimiter)
        byte = data[exc.start]
        raise CommsError(
            f'not UTF-8: byte 0x{byte:02X} in {_cell(column, name)}; save the export as "CSV UTF-8"',
            Location(shown, row, column),
        ) from None


def _place(before: str, delimiter: str) -> tuple[int, int, str]:
    """The row, column and column name where a text that ends just before a bad byte stops."""
    try:
        records = list(csv.reader(io.StringIO(before + _MARK, newline=""), delimiter=delimiter))
    except csv.Error:  # a huge field before the bad byte: fall back to the line
        return before.count("\n") + 1, 0, ""
    last = records[-1] if records else []
    column = next((i + 1 for i, cell in enumerate(last) if _MARK in cell), 0)
    header = records[0] if len(records) > 1 else []
    name = header[column - 1].strip() if 0 < column <= len(header) else ""
    return len(records), column, name


def _cell(column: int, name: str) -> str:
    if name:
        return f"column {column} ({shown_cell(name)})"
    return f"column {column}" if column else "this row"


def _header(text: str, delimiter: str, shown: str) -> tuple[str, ...]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CommsError(_csv_fault(str(exc)), Location(shown, 1, 1)) from None
    if not header or not any(cell.strip() for cell in header):
        raise CommsError("empty file: expected a header row naming the columns", Location(shown, 1, 1))
    return tuple(cell.strip() for cell in header)


def _csv_fault(message: str) -> str:
    if "field larger than field limit" in message:
        return f"a field is longer than {csv.field_size_limit()} characters: not a user export?"
    return f"malformed CSV ({message})"


def shown_cell(value: str) -> str:
    """A header or role value fit to print: escaped, short, and never an email address."""
    if "@" in value:
        return "(an email address)"
    return clean(repr(value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"))
