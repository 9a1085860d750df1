"""Schema versions: a journal written by an older comms opens, migrated in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from incident_comms import store
from incident_comms.errors import CommsError

# Version 1 exactly as released. A change to the schema is a new migration, never an edit of
# this: a journal written by the released comms must keep opening.
VERSION_1 = """
CREATE TABLE incidents (id TEXT PRIMARY KEY, uid TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, closed_at TEXT);
CREATE TABLE entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE,
  incident TEXT NOT NULL REFERENCES incidents(id), kind TEXT NOT NULL, at TEXT NOT NULL,
  recorded_at TEXT NOT NULL, who TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX entries_by_incident ON entries (incident, at, seq);
INSERT INTO incidents VALUES ('inc-old', '0123456789abcdef0123456789abcdef', 'Old one',
  '2026-11-30T10:00:00.000000+00:00', 'alice', NULL);
INSERT INTO entries (uid, incident, kind, at, recorded_at, who, body) VALUES
  ('fedcba9876543210fedcba9876543210', 'inc-old', 'note', '2026-11-30T10:05:00.000000+00:00',
   '2026-11-30T10:05:00.000000+00:00', 'alice', '{"text": "kept"}');
PRAGMA application_id = 1668246893;
PRAGMA user_version = 1;
"""


def version_1_journal(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(VERSION_1)
    db.close()
    return path


def test_a_version_1_journal_opens_with_its_entries(journal: Path) -> None:
    opened = store.open_journal(version_1_journal(journal), create=False)
    assert opened is not None
    [entry] = opened.entries("inc-old")
    assert entry.body == {"text": "kept"} and opened.incident("inc-old").title == "Old one"
    opened.close()


def test_an_older_journal_is_migrated_step_by_step(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_tags(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE incidents ADD COLUMN tags TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, add_tags])
    opened = store.open_journal(version_1_journal(journal), create=False)
    assert opened is not None
    assert opened.entries("inc-old")[0].body == {"text": "kept"}
    opened.close()
    db = sqlite3.connect(journal)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert db.execute("SELECT tags FROM incidents").fetchall() == [("",)]
    db.close()


def test_a_failing_migration_leaves_the_journal_as_it_was(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def half_done(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE incidents ADD COLUMN tags TEXT")
        db.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, half_done])
    with pytest.raises(CommsError):
        store.open_journal(version_1_journal(journal), create=False)
    db = sqlite3.connect(journal)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in db.execute("PRAGMA table_info(incidents)")]
    assert "tags" not in columns
    db.close()


def test_this_comms_writes_version_1_as_released(journal: Path, tmp_path: Path) -> None:
    """The current schema is version 1's DDL (until a migration is added)."""
    store.open_journal(journal, create=True).close()
    released = version_1_journal(tmp_path / "released.db")

    def schema(path: Path) -> list[tuple[str, str]]:
        db = sqlite3.connect(path)
        rows = db.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
        db.close()
        return [(name, " ".join(sql.split())) for name, sql in rows]

    assert store.schema_version() == 1
    assert schema(journal) == schema(released)
