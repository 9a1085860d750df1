"""Snapshots of `comms assess` in text, markdown and json, one per incident and format.

``cases/<policy>/<incident>.yaml`` are answers files; ``snapshots/<policy>/`` holds what
``comms assess --explain`` prints for each (``fired`` in the JSON pins every rule's
line). After an intended change, rewrite them with ``COMMS_UPDATE_SNAPSHOTS=1`` (see
``tests/snapshots.py``) and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from snapshots import assert_snapshot
from typer.testing import CliRunner

from incident_comms.cli import app

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
POLICIES = {"default": REPO / "rules", "plan": HERE / "fixtures" / "plan"}
SUFFIX = {"text": "txt", "markdown": "md", "json": "json"}
CASES = [(policy, case.stem) for policy in POLICIES for case in sorted((HERE / "cases" / policy).glob("*.yaml"))]


def shown(policy: str, case: str, fmt: str, monkeypatch: pytest.MonkeyPatch, explain: bool = True) -> str:
    """What `comms assess` prints, run from the policy's parent folder so paths are short."""
    folder = POLICIES[policy]
    monkeypatch.chdir(folder.parent)
    env = {"COMMS_RULES": None, "NO_COLOR": None, "FORCE_COLOR": None, "TERM": None, "COLUMNS": None}
    args = ["assess", "--rules", folder.name, "--answers", str(HERE / "cases" / policy / f"{case}.yaml"),
            "--format", fmt] + (["--explain"] if explain else [])
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    if fmt != "json":
        return result.stdout
    record = json.loads(result.stdout)
    record["version"] = "<comms version>"  # a release must not rewrite every snapshot
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize(("policy", "case"), CASES, ids=[f"{p}-{c}" for p, c in CASES])
def test_snapshot(policy: str, case: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_snapshot(HERE / "snapshots" / policy / f"{case}.{SUFFIX[fmt]}", shown(policy, case, fmt, monkeypatch))


@pytest.mark.parametrize(("policy", "case"), CASES, ids=[f"{p}-{c}" for p, c in CASES])
def test_snapshot_at_a_glance(policy: str, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text without --explain: what a Comms Lead sees first."""
    assert_snapshot(HERE / "snapshots" / policy / f"{case}.plain.txt", shown(policy, case, "text", monkeypatch, False))


def test_the_cases_cover_every_headline_of_each_policy() -> None:
    from incident_comms.policy.load import load_policy

    for policy, folder in POLICIES.items():
        headline = next(spec for spec in load_policy(folder).fields.values() if spec.headline)
        seen = set()
        for case in (HERE / "cases" / policy).glob("*.yaml"):
            seen.add(json.loads((HERE / "snapshots" / policy / f"{case.stem}.json").read_text())["decision"][headline.name])
        assert seen == set(headline.values), policy


@pytest.mark.parametrize(("policy", "case"), CASES, ids=[f"{p}-{c}" for p, c in CASES])
def test_the_text_starts_with_what_to_do_now(policy: str, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    record = json.loads(shown(policy, case, "json", monkeypatch))
    first_line = shown(policy, case, "text", monkeypatch, explain=False).splitlines()[0]
    assert first_line == record["labels"]["headline"]


def test_a_resolved_incident_waiting_for_its_post_mortem_says_first_what_to_do_now(monkeypatch) -> None:
    text = shown("default", "resolved_waiting_for_postmortem", "text", monkeypatch, explain=False)
    assert text.startswith("Coordinate: others send now; brief them and check their words\n\nMessages\n  Now\n")
    assert "  When the post-mortem is published\n    - Email the owners and admins of impacted orgs — you\n" in text
