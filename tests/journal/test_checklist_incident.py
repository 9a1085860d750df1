"""`comms checklist --incident ID`: the last assessment, start and last status update come from the journal."""

from __future__ import annotations

from typing import Any

from journal_support import INCIDENT


def start(comms: Any) -> None:
    done = comms("assess", "--incident", INCIDENT, "--set", "severity=major", "--set", "resolved=no")
    assert done.exit_code == 0, done.stderr


def test_the_status_check_is_timed_from_the_declaration(comms: Any, clock: Any) -> None:
    start(comms)
    clock.advance(hours=7)
    done = comms("checklist", "--incident", INCIDENT)
    assert done.exit_code == 0, done.stderr
    assert f"Tailored from incident {INCIDENT}; decision: WAIT." in done.stdout
    assert "OVERDUE by 1h 00m" in done.stdout and "the start" in done.stdout


def test_a_logged_status_update_restarts_it_and_the_flags_override(comms: Any, clock: Any) -> None:
    start(comms)
    clock.advance(hours=2)
    comms("incident", "log", INCIDENT, "--status-page-updated")
    clock.advance(hours=1)
    shown = comms("checklist", "--incident", INCIDENT).stdout
    assert "due at 2026-12-01 20:00 +00:00, in 5h 00m (6 h after the" in shown
    assert "last status update" in shown
    overridden = comms("checklist", "--incident", INCIDENT, "--started", "10h ago", "--last-status-update", "7h ago").stdout
    assert "OVERDUE by 1h 00m" in overridden


def test_it_follows_the_last_assessment(comms: Any) -> None:
    start(comms)
    comms("assess", "--incident", INCIDENT, "--set", "resolved=yes", "--set", "published=no")
    shown = comms("checklist", "--incident", INCIDENT).stdout
    assert "Write it up." in shown and "status-page checks have stopped" in shown


def test_one_source_of_answers_at_a_time_and_known_incidents_only(comms: Any, tmp_path: Any) -> None:
    start(comms)
    both = comms("checklist", "--incident", INCIDENT, "--answers", str(tmp_path / "a.yaml"))
    assert both.exit_code == 2 and "exclusive" in both.stderr
    unknown = comms("checklist", "--incident", "inc-nope")
    assert unknown.exit_code == 2 and "no incident 'inc-nope'" in unknown.stderr
