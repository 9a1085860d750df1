"""Never lose a word: real processes writing at once, `kill -9` mid-write, read-only locations."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from journal_support import INCIDENT

from incident_comms import store

REPO = Path(__file__).resolve().parents[2]
COMMS = [sys.executable, "-m", "incident_comms"]

# A writer: waits for the start signal, then saves assessments (forever when COUNT is -1),
# printing each one's uid once its transaction has committed.
WRITER = """
import sys, time
from pathlib import Path
from incident_comms import store
from incident_comms.journal.entries import new_entry, new_incident, utc_now
path, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.005)
journal = store.open_journal(path, create=True)
number = 0
while count < 0 or number < count:
    now = utc_now()
    record = {"answers": {"writer": name, "n": number}, "decision": {}, "padding": "x" * 4000}
    entry = new_entry("assessment", {"record": record}, now, now, name)
    journal.add_assessment(new_incident(sys.argv[5], "Flags down", now, name), entry)
    print(entry.uid, flush=True)
    number += 1
"""


def writer(journal: Path, name: str, count: int, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(journal), name, str(count), str(go), INCIDENT],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )


def stored_uids(journal: Path) -> list[str]:
    opened = store.open_journal(journal, create=False)
    assert opened is not None
    try:
        return [entry.uid for entry in opened.entries(INCIDENT)]
    finally:
        opened.close()


def test_two_processes_writing_the_same_incident_at_once_both_land(journal: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    writers = [writer(journal, name, 40, go) for name in ("alice", "bob")]
    go.touch()  # both start together, on a journal neither has created yet
    printed = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        printed += out.split()
    stored = stored_uids(journal)
    assert len(printed) == 80 and sorted(stored) == sorted(printed)


def test_two_comms_assess_runs_at_once_both_land(journal: Path, rules: Path) -> None:
    env = {**os.environ, "COMMS_JOURNAL": str(journal), "COMMS_RULES": str(rules)}
    runs = [
        subprocess.Popen([*COMMS, "assess", "--incident", INCIDENT, "--set", "severity=major", "--set",
                          f"resolved={answer}", "--format", "json"], env={**env, "COMMS_USER": who},
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        for who, answer in (("alice", "no"), ("bob", "no"))
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    opened = store.open_journal(journal, create=False)
    assert opened is not None
    assert sorted(e.who for e in opened.entries(INCIDENT)) == ["alice", "bob"]
    opened.close()


@pytest.mark.parametrize("after", [5, 23])
def test_kill_9_mid_write_keeps_every_committed_assessment(journal: Path, tmp_path: Path, after: int) -> None:
    go = tmp_path / "go"
    go.touch()
    process = writer(journal, "alice", -1, go)
    assert process.stdout is not None
    committed = [process.stdout.readline().strip() for _ in range(after)]
    os.kill(process.pid, signal.SIGKILL)  # somewhere inside the next write
    rest, _ = process.communicate(timeout=30)
    committed += rest.split()
    db = sqlite3.connect(journal)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    stored = stored_uids(journal)
    assert set(committed) <= set(stored) and len(stored) - len(committed) <= 1


def _read_only(folder: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run comms with `folder` read-only: by permissions, or (as root, who ignores them) a read-only mount."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        for path in folder.iterdir():
            path.chmod(0o400)
        try:
            return subprocess.run(args, env=env, capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
        finally:
            folder.chmod(0o700)
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: no way to make a folder read-only")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, str(folder), *args], env=env,
                          capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
    if "mount" in done.stderr and "comms" not in done.stderr:
        pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
    return done


@pytest.mark.parametrize("command", [["assess", "--incident", INCIDENT, "--set", "severity=minor",
                                      "--set", "resolved=no"], ["incident", "list"]])
def test_a_read_only_journal_is_one_line_and_exit_2(tmp_path: Path, rules: Path, command: list[str]) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    journal = folder / "journal.db"
    env = {**os.environ, "COMMS_JOURNAL": str(journal), "COMMS_RULES": str(rules)}
    made = subprocess.run([*COMMS, "assess", "--incident", INCIDENT, "--set", "severity=major", "--set",
                           "resolved=no"], env=env, capture_output=True, text=True, cwd=REPO, check=False)
    assert made.returncode == 0, made.stderr
    before = journal.read_bytes()
    done = _read_only(folder, [*COMMS, *command], env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "read-only" in done.stderr and str(journal) in done.stderr
    assert journal.read_bytes() == before

