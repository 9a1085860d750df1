"""python-liquid costs about 250 ms to import: only drafting and linting drafts may load it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from drafts_support import BASIC

REPO = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from incident_comms.cli import main
sys.argv = ["comms", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("liquid loaded:", "liquid" in sys.modules, file=sys.stderr)
"""


def liquid_loaded(*args: str) -> bool:
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, cwd=REPO,
                          stdin=subprocess.DEVNULL, check=False)
    [line] = [line for line in done.stderr.splitlines() if line.startswith("liquid loaded:")]
    return line.endswith("True")


@pytest.mark.parametrize("args", [
    ("--help",),
    ("draft", "--help"),
    ("assess", "-r", str(BASIC), "-s", "severity=minor", "-s", "resolved=yes"),
    ("checklist",),
])
def test_other_commands_never_import_liquid(args):
    assert not liquid_loaded(*args)


def test_drafting_does():
    assert liquid_loaded("draft", "-r", str(BASIC), "-s", "severity=minor", "-s", "resolved=yes")
