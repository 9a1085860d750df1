"""A policy large enough for the SAT engine to go first: lint proves it, and every
counterexample it writes replays with ``comms assess --answers``."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.policy.load import read_policy
from incident_comms.verify import Analysis
from incident_comms.verify.analysis import SAT_FIRST_FROM

QUESTIONS = 10


def large_policy() -> str:
    """Many rules for `hold` (then a catch-all and a rule it shadows), a gap in `page`, a broken invariant."""
    lines = ["questions:"] + [f"  - {{id: q{i}, prompt: 'Q{i}?', kind: yes_no}}" for i in range(QUESTIONS)]
    lines += ["fields:", "  hold: {type: bool, required: true}", "  page: {type: bool, required: true}", "rules:"]
    for r in range(SAT_FIRST_FROM + 20):  # each rule one distinct incident: every one decides somewhere
        tests = ", ".join(f"q{i}: {str(bool(r >> i & 1)).lower()}" for i in range(QUESTIONS))
        lines.append(f"  - {{id: h{r}, when: {{{tests}}}, then: {{hold: {str(r % 4 == 0).lower()}}}, because: x}}")
    lines += [
        "  - {id: hold-otherwise, then: {hold: false}, because: x}",
        "  - {id: late, when: {q2: true}, then: {hold: true}, because: x}",
        "  - {id: page-if-q0, when: {q0: true}, then: {page: true}, because: x}",
        "invariants:",
        "  - {id: q0-holds, when: {q0: true}, require: {field: hold, is: true}, because: x}",
    ]
    return "\n".join(lines) + "\n"


def test_the_sat_engine_proves_a_large_policy_and_its_counterexamples_replay(write_policy, tmp_path) -> None:
    root = write_policy({"policy.yaml": large_policy()})
    folder = tmp_path / "cex"
    lint = CliRunner().invoke(app, ["lint", "--format", "json", "--counterexamples", str(folder), str(root)])
    assert lint.exit_code == 1, lint.stderr
    found = {(p["check"], p["message"].split("'")[1]) for p in json.loads(lint.stdout)["problems"]}
    assert found >= {("gaps", "page"), ("dead-rules", "late"), ("invariants", "q0-holds")}
    assert "analysis-incomplete" not in {check for check, _ in found}
    for written in sorted(folder.iterdir()):
        answers = yaml.safe_load(written.read_text())
        assert set(answers) == {f"q{i}" for i in range(QUESTIONS)}
        replay = CliRunner().invoke(
            app, ["assess", "--rules", str(root), "--answers", str(written), "--format", "json", "--no-input"]
        )
        if written.name.startswith("gaps"):
            assert replay.exit_code == 2 and "decides no value for page" in replay.stderr
        else:
            assert replay.exit_code == 0, replay.stderr
            assert answers["q0"] is True and json.loads(replay.stdout)["decision"]["hold"] is False


def test_on_a_large_policy_the_sat_engine_goes_first(write_policy) -> None:
    policy, _ = read_policy(write_policy({"policy.yaml": large_policy()}))
    assert policy is not None and len(policy.rules) >= SAT_FIRST_FROM
    analysis = Analysis(policy)
    assert [d.rule.id for d in analysis.dead_rules()] == ["late"]
    assert analysis.engines_used == {"dead-rules": "sat"}
