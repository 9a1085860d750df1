"""`comms incident`: list, show, log, close, reopen, export, import, from the outside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from journal_support import INCIDENT


def declare(comms: Any, *answers: str, title: str = "Flags down") -> None:
    sets = [part for answer in answers or ("severity=major", "resolved=no") for part in ("--set", answer)]
    done = comms("assess", "--incident", INCIDENT, "--title", title, *sets)
    assert done.exit_code == 0, done.stderr


def listed(comms: Any, *args: str) -> dict[str, str]:
    """The lines of `comms incident list` for the one incident: label -> value."""
    done = comms("incident", "list", *args)
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()[1:]
    return dict(line.strip().split(": ", 1) for line in lines if ": " in line)


def test_list_shows_the_headline_due_times_and_what_waits(comms: Any) -> None:
    declare(comms)
    shown = listed(comms)
    assert shown["now"] == "WAIT"
    assert shown["status page"].startswith("due 2026-12-01 18:00 UTC, in 6h 00m")
    assert shown["next accounts"].startswith("due 2026-12-01 12:30 UTC, in 30m")
    assert shown["waiting"] == "page (due now, not logged as sent), mail (after the write-up), " \
                               "accounts (due now, not logged as sent)"
    assert shown["last assessed"] == "2026-12-01 12:00 UTC by alice"


def test_overdue_when_past_and_logging_restarts_the_clocks(comms: Any, clock: Any) -> None:
    declare(comms)
    clock.advance(minutes=45)
    assert listed(comms)["next accounts"].startswith("OVERDUE by 15m: was due 2026-12-01 12:30 UTC")
    assert comms("incident", "log", INCIDENT, "--sent", "accounts", "--at", "5m ago").exit_code == 0
    assert comms("incident", "log", INCIDENT, "--status-page-updated").exit_code == 0
    shown = listed(comms)
    assert shown["next accounts"].startswith("due 2026-12-01 13:10 UTC, in 25m (every 30m, from the last accounts")
    assert shown["status page"].startswith("due 2026-12-01 18:45 UTC")
    assert shown["waiting"] == "mail (after the write-up)"


def test_a_resolved_incident_has_no_status_checks_and_no_cadence(comms: Any) -> None:
    declare(comms)
    declare(comms, "resolved=yes", "published=no")
    shown = listed(comms)
    assert shown["status page"] == "none due" and shown["next accounts"] == "none due"


def test_close_hides_it_from_list_and_reopen_brings_it_back(comms: Any) -> None:
    declare(comms)
    assert comms("incident", "close", INCIDENT, "--note", "post-mortem out").exit_code == 0
    assert comms("incident", "list").stdout.startswith("No incidents")
    assert "(closed)" in comms("incident", "list", "--all").stdout
    again = comms("incident", "close", INCIDENT)
    assert again.exit_code == 2 and "was closed" in again.stderr
    assert comms("incident", "log", INCIDENT, "--note", "late").exit_code == 2
    assert comms("incident", "reopen", INCIDENT).exit_code == 0
    assert listed(comms)["now"] == "WAIT"


def test_show_is_a_timeline_with_each_change(comms: Any, clock: Any) -> None:
    declare(comms)
    clock.advance(minutes=10)
    comms("incident", "log", INCIDENT, "--sent", "accounts", "--count", "12", "--note", "first wave")
    clock.advance(minutes=10)
    comms("incident", "log", INCIDENT, "--handover-to", "Bob (EU)")
    clock.advance(minutes=10)
    declare(comms, "resolved=yes", "published=yes")
    done = comms("incident", "show", INCIDENT)
    assert done.exit_code == 0, done.stderr
    timeline = done.stdout.split("Timeline\n")[1]
    assert timeline.splitlines() == [
        "  2026-12-01",
        "    12:00  alice: assessed: WAIT",
        "           first assessment",
        "    12:10  alice: sent accounts (12): first wave",
        "    12:20  alice: handed over to Bob (EU)",
        "    12:30  alice: assessed: GO NOW",
        "           Headline: WAIT → GO NOW",
        "           Update cadence: every 30 min → no updates",
        "           Messages: mail timing: after the write-up → now",
        "           - Messages: accounts (no longer in the decision)",
    ]


def test_show_markdown_is_a_handover_note_and_json_is_data(comms: Any) -> None:
    declare(comms, title="Flags | down <b>")
    markdown = comms("incident", "show", INCIDENT, "--format", "markdown").stdout
    assert markdown.startswith(f"# {INCIDENT} · Flags \\| down &lt;b> (open)\n")
    assert "| now | WAIT |" in markdown and "## Timeline" in markdown
    data = json.loads(comms("incident", "show", INCIDENT, "--format", "json").stdout)
    assert data["incident"]["title"] == "Flags | down <b>"
    assert data["standing"]["headline"] == "wait"
    assert data["standing"]["next_update"]["channel"] == "accounts"
    assert [entry["kind"] for entry in data["timeline"]] == ["assessment"]


def test_text_from_the_journal_never_reaches_the_terminal_as_control_codes(comms: Any) -> None:
    declare(comms, title="Flags \x1b[2J\x1b]0;pwned\x07 down")
    comms("incident", "log", INCIDENT, "--note", "\u202eevil\x1b[31m")
    for args in (("list",), ("show", INCIDENT), ("show", INCIDENT, "-f", "markdown")):
        out = comms("incident", *args).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b[2J" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", INCIDENT), "nothing to log"),
        (("log", INCIDENT, "--sent", "fax"), "not a channel of the policy (page, mail, accounts)"),
        (("log", INCIDENT, "--count", "3", "--note", "x"), "--count goes with --sent"),
        (("log", INCIDENT, "--note", "x", "--at", "2099-01-01T00:00"), "is in the future"),
        (("log", INCIDENT, "--note", "x", "--at", "yesterday"), "is not a time"),
        (("log", "inc-unknown", "--note", "x"), "no incident 'inc-unknown'"),
        (("show", "Inc Upper"), "is not an id"),
        (("show", INCIDENT, "--format", "pdf"), "choose one of text, markdown, json"),
        (("log", INCIDENT, "--note", "   "), "--note: give some text"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(comms: Any, args: tuple[str, ...], message: str) -> None:
    declare(comms)
    done = comms("incident", *args)
    assert done.exit_code == 2 and message in done.stderr and done.stderr.count("\n") == 1, done.stderr


def test_show_without_a_journal_says_so(comms: Any) -> None:
    done = comms("incident", "show", INCIDENT)
    assert done.exit_code == 2 and "no journal at" in done.stderr


def test_export_then_import_moves_the_whole_incident(comms: Any, tmp_path: Path, monkeypatch: Any) -> None:
    declare(comms)
    comms("incident", "log", INCIDENT, "--sent", "accounts", "--note", "hi")
    exported = tmp_path / "handover.json"
    assert comms("incident", "export", INCIDENT, "--output", str(exported)).exit_code == 0
    before = comms("incident", "show", INCIDENT, "-f", "json").stdout
    monkeypatch.setenv("COMMS_JOURNAL", str(tmp_path / "other.db"))
    done = comms("incident", "import", str(exported))
    assert done.exit_code == 0 and "2 entries added, 0 already" in done.stderr
    assert comms("incident", "show", INCIDENT, "-f", "json").stdout == before
    again = comms("incident", "import", str(exported))
    assert again.exit_code == 0 and "0 entries added, 2 already" in again.stderr


def test_an_import_adds_what_happened_since_and_keeps_the_rest(comms: Any, tmp_path: Path, monkeypatch: Any,
                                                                 clock: Any) -> None:
    declare(comms)
    first = tmp_path / "first.json"
    comms("incident", "export", INCIDENT, "-o", str(first))
    other = tmp_path / "other.db"
    monkeypatch.setenv("COMMS_JOURNAL", str(other))
    comms("incident", "import", str(first))
    clock.advance(minutes=5)
    comms("incident", "log", INCIDENT, "--note", "in the other journal", user="bob")
    comms("incident", "close", INCIDENT, user="bob")
    back = tmp_path / "back.json"
    comms("incident", "export", INCIDENT, "-o", str(back))
    monkeypatch.setenv("COMMS_JOURNAL", str(tmp_path / "journal.db"))
    done = comms("incident", "import", str(back))
    assert done.exit_code == 0 and "2 entries added, 1 already" in done.stderr
    assert "(closed)" in comms("incident", "list", "--all").stdout


def test_a_conflicting_import_is_refused_and_changes_nothing(comms: Any, tmp_path: Path, monkeypatch: Any) -> None:
    declare(comms)
    theirs = tmp_path / "theirs.json"
    monkeypatch.setenv("COMMS_JOURNAL", str(tmp_path / "theirs.db"))
    declare(comms, title="Someone else's incident")
    comms("incident", "export", INCIDENT, "-o", str(theirs))
    monkeypatch.setenv("COMMS_JOURNAL", str(tmp_path / "journal.db"))
    before = comms("incident", "show", INCIDENT, "-f", "json").stdout
    done = comms("incident", "import", str(theirs))
    assert done.exit_code == 2 and done.stderr.count("\n") == 1
    assert "another incident 'inc-2026-12-01-flags'" in done.stderr and "nothing was changed" in done.stderr
    assert comms("incident", "show", INCIDENT, "-f", "json").stdout == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{}", "not an incident export"),
        ('{"comms_incident_export": 9, "incident": {}, "entries": []}', "from a newer comms"),
        ('{"comms_incident_export": 1, "incident": {"id": "../x"}, "entries": []}', "is not an incident id"),
        ("\xff\xfe", "not UTF-8"),
        ('{"comms_incident_export": 1,', "invalid JSON"),
    ],
)
def test_a_bad_import_file_is_one_line(comms: Any, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("latin-1"))
    done = comms("incident", "import", str(path))
    assert done.exit_code == 2 and message in done.stderr and done.stderr.count("\n") == 1, done.stderr


@pytest.mark.parametrize("command", [("incident", "list"), ("incident", "show", INCIDENT),
                                     ("assess", "--incident", INCIDENT, "--set", "severity=minor",
                                      "--set", "resolved=no"), ("checklist", "--incident", INCIDENT)])
def test_a_journal_that_is_not_one_is_one_line_and_left_as_it_is(comms: Any, journal: Path,
                                                                  command: tuple[str, ...]) -> None:
    journal.write_bytes(b"\x00\x01 not a database " * 64)
    done = comms(*command)
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == f"comms: error: {journal}: not a comms journal (not an SQLite database); left as it is\n"
    assert journal.read_bytes() == b"\x00\x01 not a database " * 64


def test_a_title_too_long_is_refused_before_anything_is_saved(comms: Any, journal: Path) -> None:
    done = comms("assess", "--incident", INCIDENT, "--title", "x" * 5000, "--set", "severity=minor",
                 "--set", "resolved=no")
    assert done.exit_code == 2 and "--title: 5000 characters; at most 2000" in done.stderr
    assert not journal.exists()
