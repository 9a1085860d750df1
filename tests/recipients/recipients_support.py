"""A realistic user export, generated, with the answer worked out independently; and snapshots.

The export has several orgs per person, emails in mixed case, owners, admins and
members, rows in shuffled order, and bad rows planted at known places. `expected`
says what a correct Customer.io list holds, computed from the generator's own
model of people and orgs, not from the code under test.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import snapshots

HERE = Path(__file__).resolve().parent
SNAPSHOTS = HERE / "snapshots"
RULES = HERE.parent.parent / "rules"
HEADER = ("email", "role", "org_id", "org_name")


class Export:
    """CSV text, the people a correct list holds ({email: "A and B"}), and the planted bad rows."""

    def __init__(self, text: str, expected: dict[str, str], bad: dict[int, tuple[str, int]]) -> None:
        self.text = text
        self.expected = expected
        self.bad = bad  # row -> (check, column number)


def realistic_export(seed: int = 7, orgs: int = 40, people: int = 120) -> Export:
    rng = random.Random(seed)
    org_names = {str(1000 + i): f"{rng.choice(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'])} {i}"
                 for i in range(orgs)}
    rows: list[tuple[str, str, str, str]] = []
    expected: dict[str, list[str]] = {}
    for p in range(people):
        email = f"person{p}@example{p % 7}.com"
        for org_id in rng.sample(sorted(org_names), rng.choice([1, 1, 2, 3])):
            role = rng.choice(["owner", "admin", "member", "member", "8", "15", "1"])
            shown = "".join(c.upper() if rng.random() < 0.3 else c for c in email)  # mixed case
            rows.append((shown, role, org_id, org_names[org_id]))
            if role in ("owner", "admin", "8", "15"):
                expected.setdefault(email, []).append(org_names[org_id])
    rng.shuffle(rows)
    bad_rows = [
        (("not-an-email", "admin", "1000", org_names["1000"]), "invalid-email", 1),
        (("", "owner", "1001", org_names["1001"]), "missing-email", 1),
        (("ghost@example.com", "billing", "1002", org_names["1002"]), "unknown-role", 2),
        (("ghost2@example.com", "admin", "", "Nowhere"), "missing-org-id", 3),
    ]
    bad: dict[int, tuple[str, int]] = {}
    for offset, (row, _, _) in zip((5, 17, 33, 60), bad_rows, strict=True):
        rows.insert(offset, row)
    for index, row in enumerate(rows):
        for planted, check, column in bad_rows:
            if row is planted:
                bad[index + 2] = (check, column)  # the header is row 1
    return Export(_csv([HEADER, *rows]), {e: _joined(n) for e, n in _first_spelling(rows, expected).items()}, bad)


def _first_spelling(rows: list[tuple[str, str, str, str]], expected: dict[str, list[str]]) -> dict[str, list[str]]:
    """The expected people keyed by the first spelling of their email among their owner/admin rows."""
    spelling: dict[str, str] = {}
    for email, role, _, _ in rows:
        if role in ("owner", "admin", "8", "15"):
            spelling.setdefault(email.lower(), email)
    return {spelling[email]: names for email, names in expected.items()}


def _joined(names: list[str]) -> str:
    ordered = sorted(set(names), key=lambda n: (n.casefold(), n))
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]


def _csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def assert_snapshot(name: str, text: str) -> None:
    """Compare with snapshots/NAME (see tests/snapshots.py for the update switch)."""
    __tracebackhide__ = True
    snapshots.assert_snapshot(SNAPSHOTS / name, text)
