"""python-liquid costs about 160 ms to import: only drafting may load it.

`comms lint` reads templates in the Liquid subset of drafts/syntax.py itself (every
bundled draft is in it), and loads python-liquid only for a template outside it.
"""

from __future__ import annotations

import shutil
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


def run_comms(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, cwd=REPO,
                          stdin=subprocess.DEVNULL, check=False)


def liquid_loaded(*args: str) -> bool:
    [line] = [line for line in run_comms(*args).stderr.splitlines() if line.startswith("liquid loaded:")]
    return line.endswith("True")


@pytest.mark.parametrize("args", [
    ("--help",),
    ("draft", "--help"),
    ("assess", "-r", str(BASIC), "-s", "severity=minor", "-s", "resolved=yes"),
    ("checklist",),
    ("lint", "rules"),
    ("lint", "--strict", "--format", "json", str(BASIC)),
])
def test_other_commands_never_import_liquid(args):
    assert not liquid_loaded(*args)


def test_linting_the_default_policy_finds_nothing_without_liquid():
    done = run_comms("lint", "--strict", "rules")
    assert "No problems" in done.stdout, done.stdout + done.stderr
    assert done.stderr.splitlines()[-1] == "liquid loaded: False"


def test_a_template_outside_the_subset_is_still_linted_by_liquid(tmp_path: Path):
    root = tmp_path / "policy"
    shutil.copytree(BASIC, root)
    drafts = root / "drafts.yaml"
    drafts.write_text(drafts.read_text(encoding="utf-8").replace("{{ value.status_page }}", "{% include 'x' %}"),
                      encoding="utf-8")
    done = run_comms("lint", str(root))
    assert "unexpected tag 'include'" in done.stdout
    assert done.stderr.splitlines()[-1] == "liquid loaded: True"


def test_drafting_does_and_renders():
    done = run_comms("draft", "-r", str(BASIC), "-s", "severity=minor", "-s", "resolved=yes")
    assert done.stderr.splitlines()[-1] == "liquid loaded: True"
    assert "Follow https://status.example.com." in done.stdout, done.stdout + done.stderr
