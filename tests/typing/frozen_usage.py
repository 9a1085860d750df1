"""What a type checker must see in Frozen types (checked by mypy in CI; not a pytest module).

Each line marked ``# type: ignore[...]`` is an error mypy must find: with
``warn_unused_ignores`` an ignore that is no longer needed (Frozen no longer seen
as a frozen dataclass) fails the check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from incident_comms.errors import Location
from incident_comms.frozen import Frozen

if TYPE_CHECKING:
    from typing_extensions import assert_type  # noqa: TC004 (this file is only type-checked, never run)


class Point(Frozen):
    x: int
    y: int = 0
    tags: list[str] = []


def usage() -> None:
    p = Point(1, y=2)
    assert_type(p.x, int)
    assert_type(p.replace(y=3), Point)
    Point()  # type: ignore[call-arg]
    Point("one")  # type: ignore[arg-type]
    Point(1, z=2)  # type: ignore[call-arg]
    p.x = 2  # type: ignore[misc]
    assert_type(Location("a.yaml", 1, 2).line, int)
