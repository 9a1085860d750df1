"""New journal entries: checked incident ids and texts, who wrote them, and when (UTC)."""

from __future__ import annotations

import getpass
import os
import re
from datetime import datetime, timezone
from typing import Any

from ..errors import CommsError
from ..store import Entry, Incident, new_uid

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
ID_RULE = "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, up to 80"
USER_ENV = "COMMS_USER"
MAX_TEXT = 2000  # a title, a note, a name: more is a paste gone wrong


def checked_id(text: str, option: str = "incident id") -> str:
    """`text` if it is a safe incident id (a slug), else a CommsError that shows it escaped."""
    if not ID_PATTERN.fullmatch(text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise CommsError(f"{option} {shown!r} is not an id: use {ID_RULE} (e.g. inc-2026-12-01-flags)")
    return text


def checked_text(text: str, option: str) -> str:
    """A title, note or name: one line of at most MAX_TEXT characters, not blank."""
    value = text.strip()
    if not value:
        raise CommsError(f"{option}: give some text")
    if len(value) > MAX_TEXT:
        raise CommsError(f"{option}: {len(value)} characters; at most {MAX_TEXT}")
    return value


def current_user() -> str:
    """Who is writing: $COMMS_USER, else the login name."""
    name = os.environ.get(USER_ENV, "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no login name (a bare container): still write
            name = "unknown"
    return name[:MAX_TEXT]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """A time as stored: ISO 8601 in UTC, to the microsecond (sorts as text)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_stored(text: str) -> datetime:
    """A stored time back as an aware datetime."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def new_incident(incident_id: str, title: str, at: datetime, who: str) -> Incident:
    return Incident(incident_id, new_uid(), title, iso(at), who)


def new_entry(kind: str, body: dict[str, Any], at: datetime, now: datetime, who: str) -> Entry:
    return Entry(new_uid(), kind, iso(at), iso(now), who, body)
