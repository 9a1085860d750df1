"""Finding the columns a command needs in a CSV header, by name."""

from __future__ import annotations

from ..errors import CommsError, Location
from .model import OPTION_OF
from .table import Table, shown_cell

_LISTED = 8  # header names listed when a column is missing


def column_index(table: Table, logical: str, name: str) -> int:
    """The 0-based position of the column called `name` (exactly, else ignoring case and spaces)."""
    exact = [i for i, cell in enumerate(table.header) if cell == name]
    loose = exact or [i for i, cell in enumerate(table.header) if cell.casefold() == name.strip().casefold()]
    where = Location(table.path, 1, 1)
    if len(loose) > 1:
        places = " and ".join(str(i + 1) for i in loose[:2])
        raise CommsError(f"two columns are named {shown_cell(name)} (columns {places}); rename one", where)
    if not loose:
        raise CommsError(f"no column named {shown_cell(name)} ({_listed(table)}); {_how_to_set(logical)}", where)
    return loose[0]


def _listed(table: Table) -> str:
    names = [shown_cell(cell) for cell in table.header[:_LISTED]]
    more = ", …" if len(table.header) > _LISTED else ""
    hint = "; is the first row a header?" if any("@" in cell for cell in table.header) else ""
    return f"the columns are {', '.join(names)}{more}{hint}"


def _how_to_set(logical: str) -> str:
    return f"name it with {OPTION_OF[logical]}, or set recipients.columns.{logical} in the policy"
