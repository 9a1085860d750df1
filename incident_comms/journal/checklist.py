"""What `comms checklist --incident ID` takes from the journal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import CommsError
from ..frozen import Frozen
from .entries import checked_id, parse_stored
from .state import ASSESSMENT, STATUS_UPDATED


class IncidentInputs(Frozen):
    source: str  # how the checklist names where its answers come from
    started: datetime
    last_status_update: datetime | None
    answers: dict[str, Any] | None  # the last assessment's (None before any)
    policy_sha256: str | None


def incident_inputs(incident_id: str, journal: str | None) -> IncidentInputs:
    """The incident's declaration time, last logged status-page update and last assessment."""
    from ..store import journal_path, open_journal

    incident_id = checked_id(incident_id, "--incident")
    path = journal_path(journal)
    opened = open_journal(path, create=False)
    if opened is None:
        raise CommsError(f"no journal at {path} yet (`comms assess --incident {incident_id}` starts one)")
    try:
        incident = opened.incident(incident_id)
        if incident is None:
            raise CommsError(f"no incident {incident_id!r} in {path} (`comms incident list --all` lists them)")
        entries = opened.entries(incident_id)
    finally:
        opened.close()
    updates = [e for e in entries if e.kind == STATUS_UPDATED]
    assessments = [e for e in entries if e.kind == ASSESSMENT]
    record = assessments[-1].body.get("record") if assessments else None
    record = record if isinstance(record, dict) else {}
    answers = record.get("answers")
    policy = record.get("policy")
    sha256 = policy.get("sha256") if isinstance(policy, dict) else None
    return IncidentInputs(
        source=f"incident {incident_id}",
        started=parse_stored(incident.created_at),
        last_status_update=parse_stored(updates[-1].at) if updates else None,
        answers=answers if isinstance(answers, dict) else None,
        policy_sha256=sha256 if isinstance(sha256, str) else None,
    )
