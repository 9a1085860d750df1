"""Print the Comms Lead's checklist (not built yet)."""

from __future__ import annotations

from ..errors import CommsError


def checklist() -> int:
    raise CommsError("comms checklist is not available yet")
