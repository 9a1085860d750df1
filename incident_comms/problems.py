"""The value type every check and the loader report: one problem at one place."""

from __future__ import annotations

from typing import Any

from .errors import Location
from .frozen import Ordered

ERROR, WARNING = "error", "warning"


class Problem(Ordered):
    """A finding: where, which check (kebab-case id), how bad, and what.

    `related` points at other places involved (the rules that shadow a dead rule);
    `counterexample` is an answers set that shows the problem and that
    ``comms assess --answers`` replays.
    """

    loc: Location
    check: str
    level: str
    message: str
    related: tuple[Location, ...] = ()
    counterexample: dict[str, Any] | None = None

    _compared = ("loc", "check", "level", "message", "related")  # not the counterexample
