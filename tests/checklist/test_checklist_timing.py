"""Times on the command line and the 6-hour status-page cadence, with a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from checklist_support import NOW

from incident_comms.checklist.timing import describe, next_status_check, parse_time
from incident_comms.errors import CommsError

SIX_HOURS = timedelta(hours=6)


def check_after(elapsed: timedelta):
    return next_status_check(None, NOW - elapsed, SIX_HOURS, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("45m ago", NOW - timedelta(minutes=45)),
        ("2h ago", NOW - timedelta(hours=2)),
        ("1h30m ago", NOW - timedelta(hours=1, minutes=30)),
        ("1h 30m ago", NOW - timedelta(hours=1, minutes=30)),
        ("2026-08-11T09:15Z", datetime(2026, 8, 11, 9, 15, tzinfo=timezone.utc)),
        ("2026-08-11T11:15+02:00", datetime(2026, 8, 11, 9, 15, tzinfo=timezone.utc)),
        ("2026-08-11 09:15:30+00:00", datetime(2026, 8, 11, 9, 15, 30, tzinfo=timezone.utc)),
    ],
)
def test_times_people_write_are_read(text, expected):
    assert parse_time(text, "--started", NOW) == expected


def test_a_time_without_a_zone_is_local_time():
    local_now = datetime.now().astimezone()
    naive = (local_now - timedelta(hours=1)).replace(tzinfo=None, microsecond=0)
    parsed = parse_time(naive.isoformat(), "--started", local_now)
    assert parsed == naive.astimezone() and parsed.tzinfo is not None


@pytest.mark.parametrize("text", ["2026-08-11T12:01Z", "in 5m", "5m", "tomorrow"])
def test_future_and_unreadable_times_name_the_option(text):
    with pytest.raises(CommsError) as error:
        parse_time(text, "--last-status-update", NOW)
    assert error.value.message.startswith(f"--last-status-update {text!r} is ")


def test_5h59m_after_an_update_is_due_in_a_minute():
    check = check_after(timedelta(hours=5, minutes=59))
    assert not check.overdue
    assert describe(check).startswith("due at 2026-08-11 12:01 +00:00, in 1m")


def test_exactly_6h_after_an_update_is_due_now_not_overdue():
    check = check_after(SIX_HOURS)
    assert not check.overdue
    assert describe(check).startswith("due now: 2026-08-11 12:00 +00:00")


def test_6h01m_after_an_update_is_overdue():
    check = check_after(timedelta(hours=6, minutes=1))
    assert check.overdue
    assert describe(check).startswith("OVERDUE by 1m: the status page was due an update at 2026-08-11 11:59 +00:00")


def test_a_few_seconds_past_6h_is_already_overdue():
    check = check_after(SIX_HOURS + timedelta(seconds=5))
    assert check.overdue and describe(check).startswith("OVERDUE by 1m")


def test_the_last_update_counts_rather_than_the_start():
    check = next_status_check(NOW - timedelta(hours=20), NOW - timedelta(hours=2), SIX_HOURS, NOW)
    assert check.basis == "last_status_update" and check.due == NOW + timedelta(hours=4)


def test_with_only_the_start_the_first_update_is_due_6h_after_it():
    check = next_status_check(NOW - timedelta(hours=7), None, SIX_HOURS, NOW)
    assert check.basis == "started" and check.overdue
    assert "6 h after the start" in describe(check)


def test_without_times_there_is_no_check():
    assert next_status_check(None, None, SIX_HOURS, NOW) is None


def test_an_update_before_the_start_is_an_error():
    with pytest.raises(CommsError, match="is before --started"):
        next_status_check(NOW - timedelta(hours=1), NOW - timedelta(hours=2), SIX_HOURS, NOW)


def test_the_command_flags_an_overdue_status_page(run, fixed_now):
    result = run("checklist", "--last-status-update", "6h1m ago")
    assert result.exit_code == 0
    assert "Next status-page check: OVERDUE by 1m" in result.stdout


def test_the_command_with_only_the_start(run, fixed_now):
    result = run("checklist", "--started", "2026-08-11T08:00Z", "--format", "json")
    check = json.loads(result.stdout)["status_check"]
    assert check == {
        "stopped": False,
        "due": "2026-08-11T14:00+00:00",
        "basis": "started",
        "every_hours": 6.0,
        "checked_at": "2026-08-11T12:00+00:00",
        "overdue": False,
    }


def test_a_resolved_incident_needs_no_more_checks(run, in_cases, fixed_now):
    result = run("checklist", "--answers", "major_resolved.yaml", "--last-status-update", "7h ago")
    assert result.exit_code == 0
    assert "OVERDUE" not in result.stdout
    assert "status-page checks have stopped for this incident" in result.stdout


MINIMAL_CHECKLIST = """\
checklist:
  - settings:
      status_check_every_hours: 4
      pages: {incident-comms: {title: Incident comms}}
  - id: status-page
    title: Status page
    cite: {page: incident-comms, section: What does the Comms Lead do?}
    items:
      - id: cadence
        text: Check the status page is updated at least every {status_check_every_hours} hours.
"""


def test_the_cadence_comes_from_the_policy(run, fixed_now, policy_copy):
    rules = policy_copy(MINIMAL_CHECKLIST)
    result = run("checklist", "--rules", str(rules), "--last-status-update", "3h ago")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())  # wrapped lines joined
    assert "due at 2026-08-11 13:00 +00:00, in 1h 00m (4 h after the last status update)" in text
    assert "at least every 4 hours" in text


@pytest.mark.parametrize(
    "text",
    ["2026-11-26T12:00+0000", "2026-11-26T12:00:00.5Z", "2026-11-26T13:00+01:00", "2026-11-26T12:00Z"],
)
def test_iso_forms_python_3_10_does_not_read_natively_are_accepted(text: str) -> None:
    now = datetime(2026, 11, 26, 18, 0, tzinfo=timezone.utc)
    moment = parse_time(text, "--started", now)
    assert moment.astimezone(timezone.utc).replace(microsecond=0) == datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
