"""Startup guarantees: what `comms lint` and `comms checklist` leave unimported.

The startup budget ("Hardening and speed") depends on these staying lazy; no timing
is asserted here, only which modules a run loads.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from incident_comms.policy.load import default_rules_dir, load_policy

REPO = Path(__file__).resolve().parent.parent
NOT_NEEDED = ("hashlib", "dataclasses", "tempfile", "incident_comms.checklist.timing", "pysat")

SCRIPT = """
import sys
from incident_comms.cli import app
try:
    app(sys.argv[1:], prog_name="comms")
except SystemExit:
    pass
print("loaded:", " ".join(m for m in {modules!r} if m in sys.modules), file=sys.stderr)
"""


def loaded_modules(*args: str) -> list[str]:
    script = SCRIPT.format(modules=NOT_NEEDED)
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=REPO, check=False)
    [line] = [line for line in done.stderr.splitlines() if line.startswith("loaded:")]
    return line.split()[1:]


@pytest.mark.parametrize("args", [("lint", "rules"), ("checklist",), ("--help",)])
def test_a_plain_run_does_not_import_what_it_does_not_need(args: tuple[str, ...]) -> None:
    # Linting the default policy reads its drafts' templates without python-liquid
    # (drafts/syntax.py), so nothing it would bring loads either.
    assert loaded_modules(*args) == []


def test_assess_to_stdout_loads_neither_openssl_nor_tempfile_nor_sections_it_does_not_read() -> None:
    # The record's policy hash comes from the interpreter's own SHA-256 (policy/model.py);
    # tempfile is for --output and the counterexample files only; assess reads the deciding sections.
    script = SCRIPT.format(modules=("hashlib", "_hashlib", "tempfile", "incident_comms.policy.sections.checklist",
                                    "incident_comms.recipients.model"))
    answers = REPO / "tests" / "checklist" / "cases" / "minor.yaml"
    done = subprocess.run([sys.executable, "-c", script, "assess", "--answers", str(answers), "--format", "json"],
                          capture_output=True, text=True, cwd=REPO, check=False)
    assert '"sha256"' in done.stdout
    assert done.stderr.split("loaded:")[1].split() == []


def test_help_does_not_load_json_or_the_core() -> None:
    script = SCRIPT.format(modules=("json", "yaml", "incident_comms.engine"))
    done = subprocess.run([sys.executable, "-c", script, "--help"], capture_output=True, text=True, cwd=REPO, check=False)
    assert "loaded:" in done.stderr and done.stderr.split("loaded:")[1].split() == []


def test_the_policy_sha256_covers_each_file_name_and_its_bytes() -> None:
    policy = load_policy(default_rules_dir())
    digest = hashlib.sha256()
    for path in policy.files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    assert policy.sha256 == digest.hexdigest()


def test_the_question_flow_does_not_load_the_journal_store() -> None:
    """`comms assess` without --incident asks its first question without sqlite3 or the store."""
    script = ("import sys; from incident_comms.journal.assessing import with_last_answer; "
              "import incident_comms.commands.assess, incident_comms.prompting, incident_comms.flow; "
              "print(' '.join(m for m in ('sqlite3', 'incident_comms.store') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.split() == []
