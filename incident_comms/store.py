"""The incident journal: the one module that touches the journal file.

An SQLite database (the standard library's ``sqlite3``), by default
``$XDG_DATA_HOME/comms/journal.db`` (else ``~/.local/share/comms/journal.db``), or
``--journal PATH`` / ``COMMS_JOURNAL``. It keeps incidents and, for each, its
entries in time order: assessments (the whole record) and logged events.

Never lose a word:

- every write is one transaction (``BEGIN IMMEDIATE``), so a `kill -9` at any point
  leaves either all of it or none of it, and two processes writing at once queue
  for up to :data:`BUSY_TIMEOUT_S` instead of failing;
- write-ahead logging (WAL) with ``synchronous=FULL``: a commit is on disk before
  comms says it is saved;
- the file (and its ``-wal`` and ``-shm`` companions) is created readable by its
  owner only (0600), in a folder created 0700;
- the schema has a version (``PRAGMA user_version``) and migrations, run in one
  transaction when an older journal is opened;
- a file that is not a comms journal, a corrupt one, one written by a newer comms,
  or a read-only location is one :class:`CommsError` (exit 2) naming the file,
  before anything is written: nothing is ever overwritten or "repaired".
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import CommsError, Location
from .frozen import Frozen

JOURNAL_ENV = "COMMS_JOURNAL"
APPLICATION_ID = 0x636F6D6D  # "comm": tells a comms journal from any other SQLite file
BUSY_TIMEOUT_S = 10.0
SQLITE_HEADER = b"SQLite format 3\x00"


class Incident(Frozen):
    id: str
    uid: str  # tells two incidents declared with the same id apart (import)
    title: str
    created_at: str  # ISO 8601, UTC
    created_by: str
    closed_at: str | None = None


class Entry(Frozen):
    """One line of an incident's timeline: an assessment or a logged event."""

    uid: str
    kind: str
    at: str  # when it happened (ISO 8601, UTC)
    recorded_at: str  # when it was written down
    who: str
    body: dict[str, Any]


# ---- schema and migrations ---------------------------------------------------------
def _create_version_1(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE incidents (id TEXT PRIMARY KEY, uid TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
        " created_at TEXT NOT NULL, created_by TEXT NOT NULL, closed_at TEXT)"
    )
    db.execute(
        "CREATE TABLE entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE,"
        " incident TEXT NOT NULL REFERENCES incidents(id), kind TEXT NOT NULL, at TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL, who TEXT NOT NULL, body TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX entries_by_incident ON entries (incident, at, seq)")


# MIGRATIONS[n] takes a journal from schema version n to n + 1. Never edit a step
# once released: add one (tests/journal/test_migrations.py keeps version 1 as written).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_version_1]


def schema_version() -> int:
    """The schema version this comms writes."""
    return len(MIGRATIONS)


# ---- where the journal is ------------------------------------------------------------
def default_path() -> Path:
    """``$XDG_DATA_HOME/comms/journal.db``, else ``~/.local/share/comms/journal.db``."""
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "comms" / "journal.db"


def journal_path(option: str | None) -> Path:
    """The journal to use: ``--journal`` (or ``COMMS_JOURNAL``, which typer reads), else the default."""
    return Path(option) if option else default_path()


# ---- opening -----------------------------------------------------------------------------
def open_journal(path: Path, create: bool) -> Journal | None:
    """The journal at `path`, migrated to this schema; None when it does not exist and not `create`.

    Refuses (CommsError, exit 2) anything that is not a comms journal this comms can
    write, before writing to it.
    """
    where = Location(str(path))
    exists = _check_file(path, where)
    if not exists:
        if not create:
            return None
        _create_file(path, where)
    _check_writable(path, where)
    if exists:
        _check_header(path, where)
    db = _connect(path, where)
    journal = Journal(db, path)
    try:
        with journal.guard():
            journal.check_identity()
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            journal.migrate()
    except BaseException:
        db.close()
        raise
    return journal


def _check_file(path: Path, where: Location) -> bool:
    """Whether a journal file is there; anything but a regular file (or nothing) is an error."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise CommsError("a dangling symbolic link, not a journal", where) from None
        return False
    except OSError as exc:
        raise CommsError(f"cannot read the journal ({exc.strerror or exc})", where) from None
    if stat.S_ISDIR(info.st_mode):
        raise CommsError("is a folder; give the journal's file name (e.g. journal.db)", where)
    if not stat.S_ISREG(info.st_mode):
        raise CommsError("not a regular file (a device, FIFO or socket), not a journal", where)
    return True


def _create_file(path: Path, where: Location) -> None:
    """An empty journal file, readable by its owner only; its folder too if it is the default one."""
    folder = path.parent
    if not folder.is_dir():
        if path != default_path():
            raise CommsError("its folder does not exist", where)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise CommsError(f"cannot create its folder ({exc.strerror or exc})", where) from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass  # another comms created it meanwhile: open that one
    except OSError as exc:
        raise CommsError(f"cannot create the journal ({_why(exc)}); nothing was saved", where) from None


def _why(exc: OSError) -> str:
    return "read-only location" if exc.errno in (1, 13, 30) else (exc.strerror or str(exc))


def _check_writable(path: Path, where: Location) -> None:
    """The file and its folder (SQLite's -wal and -shm files go there) must be writable."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(path, os.W_OK):
        raise CommsError("read-only file: the journal must be writable; nothing was changed", where)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommsError("read-only folder: the journal's folder must be writable (for its -wal file)", where)


def _check_header(path: Path, where: Location) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise CommsError(f"cannot read the journal ({exc.strerror or exc})", where) from None
    if head and head != SQLITE_HEADER:
        raise CommsError("not a comms journal (not an SQLite database); left as it is", where)


def _connect(path: Path, where: Location) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise CommsError(f"cannot open the journal ({exc}); left as it is", where) from None
    return db


# ---- the journal ----------------------------------------------------------------------------
class Journal:
    """An open journal. Every method that writes is one transaction."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        self._where = Location(str(path))

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn SQLite's errors into one CommsError line naming the journal."""
        try:
            yield
        except sqlite3.Error as exc:
            raise CommsError(_explain(exc), self._where) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self.guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ---- identity and migrations
    def check_identity(self) -> None:
        """Refuse another application's SQLite file, or a journal from a newer comms."""
        app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or version or tables):
            raise CommsError("an SQLite database, but not a comms journal; left as it is", self._where)
        if version > schema_version():
            raise CommsError(
                f"written by a newer comms (journal schema {version}; this comms knows up to "
                f"{schema_version()}): upgrade comms to use it; left as it is",
                self._where,
            )

    def migrate(self) -> None:
        """Bring an older (or new, empty) journal to this schema version, in one transaction."""
        if self._version() == schema_version():
            return
        with self._transaction() as db:
            self.check_identity()  # again, now that no other comms can be writing
            version = self._version()
            for step in MIGRATIONS[version:]:
                step(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {schema_version()}")

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # ---- reading
    def incident(self, incident_id: str) -> Incident | None:
        with self.guard():
            row = self._db.execute(
                "SELECT id, uid, title, created_at, created_by, closed_at FROM incidents WHERE id = ?", (incident_id,)
            ).fetchone()
        return Incident(*row) if row else None

    def incidents(self, include_closed: bool = False) -> list[Incident]:
        """Incidents, the most recently declared first."""
        query = "SELECT id, uid, title, created_at, created_by, closed_at FROM incidents"
        if not include_closed:
            query += " WHERE closed_at IS NULL"
        with self.guard():
            rows = self._db.execute(query + " ORDER BY created_at DESC, id").fetchall()
        return [Incident(*row) for row in rows]

    def entries(self, incident_id: str) -> list[Entry]:
        """The incident's entries in time order (then in the order written)."""
        with self.guard():
            return self._entries(self._db, incident_id)

    def _entries(self, db: sqlite3.Connection, incident_id: str, kind: str | None = None) -> list[Entry]:
        query = "SELECT uid, kind, at, recorded_at, who, body FROM entries WHERE incident = ?"
        params: tuple[str, ...] = (incident_id,)
        if kind is not None:
            query, params = query + " AND kind = ?", (incident_id, kind)
        rows = db.execute(query + " ORDER BY at, seq", params).fetchall()
        return [Entry(row[0], row[1], row[2], row[3], row[4], body=self._body(row[5])) for row in rows]

    def _body(self, text: str) -> dict[str, Any]:
        try:
            body = json.loads(text)
        except (ValueError, RecursionError):
            body = None
        if not isinstance(body, dict):
            raise CommsError("corrupt: an entry is not readable JSON; left as it is", self._where)
        return body

    def last_assessment(self, incident_id: str) -> Entry | None:
        with self.guard():
            found = self._entries(self._db, incident_id, "assessment")
        return found[-1] if found else None

    # ---- writing
    def add_assessment(self, incident: Incident, entry: Entry) -> tuple[Incident, Entry | None]:
        """Save an assessment, declaring the incident on first use.

        Returns the incident and the assessment before this one, read in the same
        transaction, so "what changed" compares with what was really last.
        """
        with self._transaction() as db:
            current = self._incident_in(db, incident.id)
            if current is None:
                self._insert_incident(db, incident)
                current = incident
            elif current.closed_at is not None:
                raise _closed(current, self._where)
            earlier = self._entries(db, incident.id, "assessment")
            self._insert_entry(db, incident.id, entry)
        return current, (earlier[-1] if earlier else None)

    def add_entries(self, incident_id: str, entries: list[Entry], closed_at: str | None = None,
                    reopen: bool = False) -> Incident:
        """Log events for an existing incident; `closed_at` closes it, `reopen` opens it again."""
        with self._transaction() as db:
            current = self._incident_in(db, incident_id)
            if current is None:
                raise CommsError(f"no incident {incident_id!r} in this journal", self._where)
            if reopen and current.closed_at is None:
                raise CommsError(f"{incident_id!r} is open, not closed", self._where)
            if not reopen and current.closed_at is not None:
                raise _closed(current, self._where)
            for entry in entries:
                self._insert_entry(db, incident_id, entry)
            if closed_at is not None or reopen:
                db.execute("UPDATE incidents SET closed_at = ? WHERE id = ?", (closed_at, incident_id))
            return current.replace(closed_at=closed_at)

    def import_incident(self, incident: Incident, entries: list[Entry]) -> tuple[int, int]:
        """Add an exported incident: (entries added, entries already here). A conflict changes nothing."""
        with self._transaction() as db:
            current = self._incident_in(db, incident.id)
            if current is not None and current.uid != incident.uid:
                raise CommsError(
                    f"import refused: this journal has another incident {incident.id!r} (declared "
                    f"{current.created_at} by {current.created_by}); nothing was changed",
                    self._where,
                )
            if current is None:
                self._insert_incident(db, incident)
            have = {entry.uid: entry for entry in self._entries(db, incident.id)}
            added = 0
            for entry in entries:
                if entry.uid not in have:
                    self._insert_entry(db, incident.id, entry)
                    added += 1
                elif have[entry.uid] != entry:
                    raise CommsError(
                        f"import refused: entry {entry.uid} of {incident.id!r} differs from the one in this "
                        "journal; nothing was changed",
                        self._where,
                    )
            self._settle_state(db, incident.id)
            return added, len(entries) - added

    @staticmethod
    def _settle_state(db: sqlite3.Connection, incident_id: str) -> None:
        """Closed when the incident's latest close or reopen (in time) is a close."""
        row = db.execute(
            "SELECT kind, at FROM entries WHERE incident = ? AND kind IN ('closed', 'reopened')"
            " ORDER BY at DESC, seq DESC LIMIT 1",
            (incident_id,),
        ).fetchone()
        if row is not None:
            closed_at = row[1] if row[0] == "closed" else None
            db.execute("UPDATE incidents SET closed_at = ? WHERE id = ?", (closed_at, incident_id))

    def _incident_in(self, db: sqlite3.Connection, incident_id: str) -> Incident | None:
        row = db.execute(
            "SELECT id, uid, title, created_at, created_by, closed_at FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        return Incident(*row) if row else None

    @staticmethod
    def _insert_incident(db: sqlite3.Connection, incident: Incident) -> None:
        db.execute(
            "INSERT INTO incidents (id, uid, title, created_at, created_by, closed_at) VALUES (?, ?, ?, ?, ?, ?)",
            (incident.id, incident.uid, incident.title, incident.created_at, incident.created_by, incident.closed_at),
        )

    @staticmethod
    def _insert_entry(db: sqlite3.Connection, incident_id: str, entry: Entry) -> None:
        db.execute(
            "INSERT INTO entries (uid, incident, kind, at, recorded_at, who, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry.uid, incident_id, entry.kind, entry.at, entry.recorded_at, entry.who,
             json.dumps(entry.body, ensure_ascii=False)),
        )


def _closed(incident: Incident, where: Location) -> CommsError:
    return CommsError(
        f"{incident.id!r} was closed at {incident.closed_at}; `comms incident reopen {incident.id}` to add to it",
        where,
    )


def _explain(exc: sqlite3.Error) -> str:
    """One line for an SQLite error, saying what was (not) done."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"the journal is busy: another comms held it for over {BUSY_TIMEOUT_S:g} s; nothing was saved, try again"
    if "readonly" in text or "read-only" in text:
        return "read-only: the journal cannot be written; nothing was saved"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"corrupt journal ({text}); left as it is: restore a copy or import an export"
    return f"journal error ({text}); nothing was saved"


def new_uid() -> str:
    return uuid.uuid4().hex
