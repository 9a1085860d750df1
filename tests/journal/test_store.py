"""The journal file: created private, in WAL mode, versioned; refused, never repaired, when it is not ours."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from journal_support import INCIDENT, NOW

from incident_comms import store
from incident_comms.errors import CommsError
from incident_comms.journal.entries import new_entry, new_incident


def declare(journal: store.Journal, incident_id: str = INCIDENT) -> None:
    entry = new_entry("assessment", {"record": {"answers": {}, "decision": {}}}, NOW, NOW, "alice")
    journal.add_assessment(new_incident(incident_id, "Flags down", NOW, "alice"), entry)


def opened(path: Path) -> store.Journal:
    journal = store.open_journal(path, create=True)
    assert journal is not None
    return journal


def refused(path: Path) -> str:
    """The one-line error opening `path` gives (the file must be left byte for byte as it was)."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(CommsError) as caught:
        store.open_journal(path, create=True)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert int(caught.value.exit_code) == 2
    if before is not None:
        assert path.read_bytes() == before, "the journal was changed"
    return str(caught.value)


def test_a_new_journal_is_private_in_wal_mode_and_versioned(journal: Path) -> None:
    with_journal = opened(journal)
    declare(with_journal)
    with_journal.close()
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    db = sqlite3.connect(journal)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == store.schema_version()
    assert db.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
    db.close()


def test_the_wal_files_are_private_too(journal: Path) -> None:
    with_journal = opened(journal)
    declare(with_journal)
    for companion in (Path(f"{journal}-wal"), Path(f"{journal}-shm")):
        assert companion.exists() and stat.S_IMODE(companion.stat().st_mode) == 0o600
    with_journal.close()


def test_the_default_journal_follows_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store.default_path() == tmp_path / "data" / "comms" / "journal.db"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store.default_path() == tmp_path / "home" / ".local" / "share" / "comms" / "journal.db"


def test_the_default_folder_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    opened(store.default_path()).close()
    assert stat.S_IMODE((tmp_path / "data" / "comms").stat().st_mode) == 0o700


def test_an_explicit_journal_in_a_missing_folder_is_an_error_not_a_mkdir(tmp_path: Path) -> None:
    assert "folder does not exist" in refused(tmp_path / "typo" / "journal.db")
    assert not (tmp_path / "typo").exists()


def test_reading_a_missing_journal_creates_nothing(journal: Path) -> None:
    assert store.open_journal(journal, create=False) is None
    assert not journal.exists()


def test_a_file_that_is_not_sqlite_is_left_alone(journal: Path) -> None:
    journal.write_bytes(b"my notes\n" * 100)
    assert "not an SQLite database" in refused(journal)


def test_another_programs_sqlite_database_is_left_alone(journal: Path) -> None:
    db = sqlite3.connect(journal)
    db.execute("CREATE TABLE photos (name TEXT)")
    db.commit()
    db.close()
    assert "not a comms journal" in refused(journal)


def test_a_corrupt_journal_is_refused_and_not_repaired(journal: Path) -> None:
    with_journal = opened(journal)
    for number in range(40):
        declare(with_journal, f"inc-{number}")
    with_journal.close()
    data = bytearray(journal.read_bytes())
    data[200:] = b"\xff" * (len(data) - 200)  # the header survives, the pages do not
    journal.write_bytes(bytes(data))
    assert "corrupt" in refused(journal) or "not a comms journal" in refused(journal)


def test_a_truncated_journal_is_refused(journal: Path) -> None:
    with_journal = opened(journal)
    for number in range(60):
        declare(with_journal, f"inc-{number}")
    with_journal.close()
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) // 3])
    message = refused(journal)
    assert "corrupt" in message or "journal error" in message


def test_a_journal_from_a_newer_comms_is_refused(journal: Path) -> None:
    opened(journal).close()
    db = sqlite3.connect(journal)
    db.execute(f"PRAGMA user_version = {store.schema_version() + 1}")
    db.close()
    message = refused(journal)
    assert "newer comms" in message and "upgrade" in message


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling-link"])
def test_what_is_not_a_regular_file_is_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "journal.db"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "gone.db")
    refused(path)
    assert not (tmp_path / "gone.db").exists()


def test_a_closed_incident_takes_no_assessment(journal: Path) -> None:
    with_journal = opened(journal)
    declare(with_journal)
    close = new_entry("closed", {}, NOW, NOW, "alice")
    with_journal.add_entries(INCIDENT, [close], closed_at=close.at)
    with pytest.raises(CommsError, match="reopen"):
        declare(with_journal)
    assert len(with_journal.entries(INCIDENT)) == 2
    with_journal.close()


def test_a_failed_write_leaves_nothing_behind(journal: Path) -> None:
    with_journal = opened(journal)
    declare(with_journal)
    good = new_entry("note", {"text": "kept?"}, NOW, NOW, "alice")
    with pytest.raises(CommsError):
        with_journal.add_entries(INCIDENT, [good, good])  # the same uid twice: the second fails
    assert [e.kind for e in with_journal.entries(INCIDENT)] == ["assessment"]
    with_journal.close()
