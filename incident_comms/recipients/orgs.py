"""Reading ``--orgs``: the impacted orgs, one org id a row, in a CSV with a header.

The org id column has the export's org id column name (``--org-id-column``),
even when it is the only column: a file without a header would lose its first org
without a word. Blank cells and repeated ids are skipped.
"""

from __future__ import annotations

from ..frozen import Frozen
from .columns import column_index
from .model import ORG_ID, Finding
from .table import Table


class Impacted(Frozen):
    """The impacted org ids, each with its first row in the orgs file."""

    path: str
    rows: dict[str, int]
    findings: tuple[Finding, ...] = ()  # what reading the file found (a BOM, semicolons)


def impacted_orgs(table: Table, org_id_column: str) -> Impacted:
    """The org ids listed in an orgs file."""
    index = column_index(table, ORG_ID, org_id_column)
    rows: dict[str, int] = {}
    for number, record in table.rows():
        if index < len(record) and (org_id := record[index].strip()):
            rows.setdefault(org_id, number)
    return Impacted(table.path, rows, table.findings)
