"""Print the JSON Schema of rule files (not built yet)."""

from __future__ import annotations

from ..errors import CommsError


def schema() -> int:
    raise CommsError("comms schema is not available yet")
