"""The process-wide settings of one `comms` run (incident_comms/runtime.py), seen from outside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AFTER_A_RUN = """
import gc, sys
from incident_comms.cli import main
sys.argv = ["comms", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print("settled:", code, len(gc.get_objects()), gc.get_freeze_count(), gc.get_threshold()[0], sys.getrecursionlimit(),
      file=sys.stderr)
"""


def after_a_run(*args: str) -> list[int]:
    done = subprocess.run([sys.executable, "-c", AFTER_A_RUN, *args], capture_output=True, text=True, cwd=REPO,
                          stdin=subprocess.DEVNULL, check=False, timeout=60)
    [line] = [line for line in done.stderr.splitlines() if line.startswith("settled:")]
    return [int(word) for word in line.split()[1:]]


def test_what_a_run_made_is_left_out_of_the_final_collection() -> None:
    code, scanned, frozen, _, _ = after_a_run("lint", "rules")
    assert code == 0
    assert frozen > 20_000  # the policy, the analysis and the report: frozen, never scanned again
    assert scanned < 1_000  # what the interpreter's last collection would still scan


def test_a_failed_run_is_settled_the_same_way() -> None:
    code, scanned, frozen, _, _ = after_a_run("lint", "no-such-folder")
    assert code == 2 and scanned < 1_000 and frozen > 0


def test_a_run_collects_rarely_and_recurses_deep_enough_for_the_diagram() -> None:
    *_, threshold, limit = after_a_run("--version")
    assert threshold == 100_000 and limit >= 8_000
