"""`comms recipients` on a 200,000-row export, as a ratio to reading the same file with csv.

Run:  python bench/recipients.py [--rows N] [--runs N]   (with the interpreter comms is installed in)

It writes a realistic export to a temporary folder (several orgs per person, emails
in mixed case, owners, admins and members, a bad row in every thousand), then, in
each round, times the floor (the same interpreter starting, importing csv and
reading every row of the file) and `comms recipients EXPORT --output LIST --force`.
The figures are medians over the rounds, so that machine load hits both alike.
Target (the recipients issue): a 200,000-row export in a few seconds.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = "import csv, sys; sum(1 for _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))"
ROLES = ("owner", "admin", "member", "member", "member")


def write_export(path: Path, rows: int, seed: int = 1) -> None:
    """A user export of `rows` rows: about three rows per person, one bad row in a thousand."""
    rng = random.Random(seed)
    orgs = max(rows // 20, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("email", "role", "org_id", "org_name"))
        for i in range(rows):
            person = rng.randrange(max(rows // 3, 1))
            email = f"User.{person}@Example{person % 97}.com" if i % 2 else f"user.{person}@example{person % 97}.com"
            if i % 1000 == 999:
                email = "not-an-email"
            org = rng.randrange(orgs)
            writer.writerow((email, rng.choice(ROLES), str(org), f"Org {org} Ltd"))


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export, output = Path(folder) / "export.csv", Path(folder) / "list.csv"
        write_export(export, args.rows)
        floor_cmd = [sys.executable, "-c", FLOOR, str(export)]
        comms_cmd = [sys.executable, "-m", "incident_comms", "recipients", str(export), "-o", str(output), "--force"]
        floors, runs = [], []
        for _ in range(args.runs):
            floors.append(timed(floor_cmd))
            runs.append(timed(comms_cmd))
        floor, comms = statistics.median(floors), statistics.median(runs)
    print(f"export: {args.rows:,} rows; medians of {args.runs} runs")
    print(f"floor (python, import csv, read every row): {floor:.2f} s")
    print(f"comms recipients --output: {comms:.2f} s = {comms / floor:.1f}x the floor")


if __name__ == "__main__":
    main()
