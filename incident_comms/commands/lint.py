"""Check rule files (not built yet)."""

from __future__ import annotations

from ..errors import CommsError


def lint() -> int:
    raise CommsError("comms lint is not available yet")
