"""Where an incident stands now, from its journal entries: headline, due times, waiting messages.

Everything comes from the stored records and the policy's settings (the checklist's
``status_check_every_hours``, ``status_checks_stop_when``, ``update_cadence`` and
``messages``): nothing here knows a channel or a value by name.

- The status-page check is due ``status_check_every_hours`` after the last logged
  status-page update, else after the declaration; none once the last assessment
  meets ``status_checks_stop_when`` (resolved).
- The next update on the cadence channel is due the cadence's gap after it was last
  logged as sent, or after the assessment since which it has been planned (never
  before the decision called for it); none when the last decision's cadence has no
  gap or plans no message on that channel.
- A message is waiting when the last decision plans it at a timing other than
  "now"; a message timed "now" and not logged as sent since it was planned is due.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..checklist.model import Settings
from ..checklist.timing import StatusCheck
from ..engine import condition_test
from ..frozen import Frozen
from ..policy.model import Policy
from ..store import Entry, Incident
from .entries import parse_stored

STATUS_UPDATED, SENT, ASSESSMENT = "status_page_updated", "sent", "assessment"


class Message(Frozen):
    """A message of the last decision, and where it stands."""

    key: str
    timing: str
    sent_at: datetime | None  # logged as sent since it was planned
    due_now: bool


class Standing(Frozen):
    incident: Incident
    last: Entry | None  # the last assessment
    headline: tuple[str, str] | None  # value and label
    status_check: StatusCheck | None
    update_due: StatusCheck | None
    update_channel: str
    messages: tuple[Message, ...]
    now: datetime

    @property
    def waiting(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.sent_at is None)


def standing(policy: Policy, settings: Settings, incident: Incident, entries: list[Entry],
             now: datetime) -> Standing:
    """Where `incident` stands at `now`."""
    assessments = [e for e in entries if e.kind == ASSESSMENT]
    last = assessments[-1] if assessments else None
    record = _record(last)
    closed = incident.closed_at is not None
    cadence = settings.update_cadence
    return Standing(
        incident=incident,
        last=last,
        headline=headline(policy, record),
        status_check=None if closed else _status_check(policy, settings, incident, entries, record, now),
        update_due=None if closed else _update_due(policy, settings, assessments, entries, now),
        update_channel=cadence.channel if cadence else "",
        messages=_messages(policy, settings, assessments, entries),
        now=now,
    )


def _record(entry: Entry | None) -> dict[str, Any]:
    record = entry.body.get("record") if entry is not None else None
    return record if isinstance(record, dict) else {}


def decision_of(entry: Entry | None) -> dict[str, Any]:
    decision = _record(entry).get("decision")
    return decision if isinstance(decision, dict) else {}


def headline(policy: Policy, record: dict[str, Any]) -> tuple[str, str] | None:
    """The headline field's value and label in `record` (None before any assessment)."""
    decision = record.get("decision")
    if not isinstance(decision, dict):
        return None
    for name, spec in policy.fields.items():
        if spec.headline and name in decision:
            value = decision[name]
            return str(value), str(spec.labels.get(value, value))
    return None


def _status_check(policy: Policy, settings: Settings, incident: Incident, entries: list[Entry],
                  record: dict[str, Any], now: datetime) -> StatusCheck | None:
    stop = settings.status_checks_stop_when
    answers = record.get("answers")
    if stop is not None and isinstance(answers, dict) and _holds(policy, answers, stop):
        return None
    updates = [e for e in entries if e.kind == STATUS_UPDATED]
    every = timedelta(hours=settings.status_check_every_hours)
    if updates:
        return StatusCheck(parse_stored(updates[-1].at) + every, "the last status-page update", now, every)
    return StatusCheck(parse_stored(incident.created_at) + every, "the declaration", now, every)


def _holds(policy: Policy, answers: dict[str, Any], condition: Any) -> bool:
    try:
        return condition_test(policy, answers)(condition)
    except (KeyError, TypeError, ValueError):  # answers from an older policy: it cannot hold
        return False


def _update_due(policy: Policy, settings: Settings, assessments: list[Entry], entries: list[Entry],
                now: datetime) -> StatusCheck | None:
    cadence = settings.update_cadence
    if cadence is None or not assessments:
        return None
    gap = cadence.minutes.get(str(decision_of(assessments[-1]).get(cadence.field)))
    since = _planned_since(policy, settings, assessments, cadence.channel)
    if gap is None or since is None:
        return None
    sent = _sent(settings, entries, cadence.channel, since)
    every = timedelta(minutes=gap)
    if sent:
        return StatusCheck(parse_stored(sent[-1].at) + every, f"the last {cadence.channel} sent", now, every)
    return StatusCheck(parse_stored(since) + every, f"the assessment that planned {cadence.channel}", now, every)


def _planned_since(policy: Policy, settings: Settings, assessments: list[Entry], channel: str) -> str | None:
    """When the message on `channel` was last added to the decision (None if not planned now)."""
    since = None
    for entry in assessments:
        since = (since or entry.at) if channel in _planned(policy, settings, entry) else None
    return since


def _planned(policy: Policy, settings: Settings, entry: Entry) -> dict[str, str]:
    """The planned messages of an assessment: key -> timing."""
    timing = settings.message_timing
    spec = policy.fields.get(timing.field) if timing else None
    records = decision_of(entry).get(timing.field) if timing else None
    if timing is None or spec is None or not isinstance(records, list):
        return {}
    return {
        str(record.get(spec.key)): str(record.get(timing.timing, ""))
        for record in records
        if isinstance(record, dict) and spec.key in record
    }


def _sent(settings: Settings, entries: list[Entry], channel: str, since: str) -> list[Entry]:
    """Entries logging `channel` as sent at or after `since` (a status-page update sends its channel)."""
    timing = settings.message_timing
    page = timing.status_page if timing else ""
    return [
        e for e in entries
        if e.at >= since and (e.kind == SENT and e.body.get("channel") == channel
                              or e.kind == STATUS_UPDATED and channel == page and page)
    ]


def _messages(policy: Policy, settings: Settings, assessments: list[Entry],
              entries: list[Entry]) -> tuple[Message, ...]:
    timing = settings.message_timing
    if timing is None or not assessments:
        return ()
    shown = []
    for key, when in _planned(policy, settings, assessments[-1]).items():
        since = _planned_since(policy, settings, assessments, key) or assessments[-1].at
        sent = _sent(settings, entries, key, since)
        sent_at = parse_stored(sent[-1].at) if sent else None
        shown.append(Message(key, when, sent_at, when == timing.now and sent_at is None))
    return tuple(shown)
