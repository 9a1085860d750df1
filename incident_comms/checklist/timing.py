"""Times on the command line, and when the next status-page check is due.

Pure functions: the current time is always passed in (`now`), so tests fix it.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from ..errors import CommsError
from ..frozen import Frozen
from ..safetext import excerpt

_AGO = re.compile(r"^(?:(?P<h>\d{1,4})h)?\s*(?:(?P<m>\d{1,6})m)?\s+ago$")
TIME_HELP = (
    'ISO 8601 (2026-08-11T14:05, with or without +02:00 or Z; no zone = local time), "45m ago", "1h30m ago" or "now"'
)


def current_time() -> datetime:
    """Now, in the local time zone (tests replace this)."""
    return datetime.now().astimezone()


def parse_time(text: str, option: str, now: datetime) -> datetime:
    """A time given to `option`, as an aware datetime; never in the future.

    Accepts ISO 8601 with or without a time zone (none means local time), "now",
    and "45m ago", "2h ago", "1h30m ago". Anything else is a CommsError naming `option`.
    """
    value = text.strip().lower()
    if value == "now":
        return now
    match = _AGO.match(value)
    if match and (match.group("h") or match.group("m")):
        return now - timedelta(hours=int(match.group("h") or 0), minutes=int(match.group("m") or 0))
    moment = _iso(text.strip(), option)
    if moment > now:
        raise CommsError(f"{option} {excerpt(text)} is in the future (now is {format_time(now)})")
    return moment


def _iso(text: str, option: str) -> datetime:
    iso = _for_fromisoformat(text)
    try:
        moment = datetime.fromisoformat(iso)
        # A time without a zone is local time.
        return moment.astimezone() if moment.tzinfo is None else moment
    except (ValueError, OverflowError):
        raise CommsError(f"{option} {excerpt(text)} is not a time: use {TIME_HELP}") from None


def _for_fromisoformat(text: str) -> str:
    """ISO 8601 in the form Python 3.10's fromisoformat reads: Z and +HHMM as +HH:MM,
    fractions of a second padded to six digits."""
    text = text.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    return re.sub(r"\.(\d{1,6})(?=$|[+-])", lambda m: "." + m.group(1).ljust(6, "0"), text)


class StatusCheck(Frozen):
    """When the status page must next be updated, measured from `basis`."""

    due: datetime
    basis: str  # "last_status_update" or "started"
    now: datetime
    every: timedelta

    @property
    def overdue(self) -> bool:
        """Past the due time. At exactly the due time it is due, not overdue."""
        return self.now > self.due

    @property
    def remaining(self) -> timedelta:
        """Time left until the check is due (negative when overdue)."""
        return self.due - self.now


def next_status_check(
    started: datetime | None, last_update: datetime | None, every: timedelta, now: datetime
) -> StatusCheck | None:
    """The next status-page check: `every` after the last update, else after the start.

    With only the start, the incident lead is taken to have posted the first update
    when the incident started (the status page is updated on declaring), so the first
    check is due `every` after the start. With neither time there is nothing to work out.
    """
    if last_update is not None and started is not None and last_update < started:
        raise CommsError(
            f"--last-status-update ({format_time(last_update)}) is before --started ({format_time(started)})"
        )
    if last_update is not None:
        return StatusCheck(last_update + every, "last_status_update", now, every)
    if started is not None:
        return StatusCheck(started + every, "started", now, every)
    return None


def format_time(moment: datetime) -> str:
    """A time to the minute with its UTC offset: ``2026-08-11 14:05 +02:00``."""
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {offset[:3]}:{offset[3:]}" if offset else "")


def format_span(span: timedelta) -> str:
    """A duration rounded up to the minute: ``1h 05m``, ``45m``, ``2d 3h 00m``."""
    minutes = max(1, math.ceil(abs(span).total_seconds() / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h {minutes:02d}m"
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


def describe(check: StatusCheck) -> str:
    """One line for a person: when the check is due, or how long it is overdue."""
    hours = check.every.total_seconds() / 3600
    every = f"{hours:g} h"
    basis = "the last status update" if check.basis == "last_status_update" else "the start (no update given)"
    if check.overdue:
        return (
            f"OVERDUE by {format_span(check.remaining)}: the status page was due an update at "
            f"{format_time(check.due)} ({every} after {basis}). Ask the incident lead to update it."
        )
    if check.remaining.total_seconds() == 0:
        return f"due now: {format_time(check.due)} ({every} after {basis})."
    return f"due at {format_time(check.due)}, in {format_span(check.remaining)} ({every} after {basis})."
