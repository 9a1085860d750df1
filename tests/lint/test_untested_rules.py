"""untested-rules: a rule that no tests: case makes fire; `comms lint --coverage` lists them all."""

from __future__ import annotations

import json

from incident_comms.lint.runner import lint_paths
from incident_comms.policy.load import default_rules_dir

POLICY = """
questions:
  - {id: security, kind: yes_no, prompt: Security?}
  - {id: severity, kind: single, prompt: How bad?, choices: [minor, major]}
fields:
  send: {type: bool, required: true}
rules:
  - id: send-if-security
    when: {security: true}
    then: {send: true}
    because: Security is told.
  - id: send-if-major
    when: {severity: major}
    then: {send: true}
    because: Major incidents are told.
  - id: no-send
    then: {send: false}
    because: Nothing else is.
"""

SECURITY_CASE = """
  - name: security sends
    answers: {security: true, severity: minor}
    expect: {send: true}
"""


def test_a_rule_no_case_makes_fire_is_a_warning_at_the_rule(findings) -> None:
    # send-if-major: no case is major; no-send: every case is decided before it.
    assert findings({"p.yaml": POLICY + "tests:" + SECURITY_CASE}, "untested-rules") == [(12, 5), (16, 5)]


def test_a_rule_that_matches_but_is_decided_before_it_does_not_count_as_fired(findings) -> None:
    # security and major: send-if-security decides send first, so send-if-major still never fires.
    case = """
  - name: security and major
    answers: {security: true, severity: major}
    expect: {send: true}
  - name: quiet
    answers: {security: false, severity: minor}
    expect: {send: false}
"""
    assert findings({"p.yaml": POLICY + "tests:" + case}, "untested-rules") == [(12, 5)]


def test_cases_with_wrong_answers_do_not_count(findings) -> None:
    bad = """
  - name: answers a question that does not exist
    answers: {security: false, severity: major, nonsense: true}
    expect: {send: true}
"""
    assert (12, 5) in findings({"p.yaml": POLICY + "tests:" + SECURITY_CASE + bad}, "untested-rules")


def test_a_policy_without_tests_is_not_measured(findings) -> None:
    assert findings({"p.yaml": POLICY}, "untested-rules") == []


def test_strict_lint_fails_on_an_untested_rule_and_plain_lint_passes(run_lint, write_policy) -> None:
    root = write_policy({"p.yaml": POLICY + "tests:" + SECURITY_CASE})
    assert run_lint(str(root)).exit_code == 0
    strict = run_lint("--strict", "--format", "concise", str(root))
    assert strict.exit_code == 1
    assert "warning [untested-rules] rule 'send-if-major' fires in none of the 1 tests: cases" in strict.stdout


def test_coverage_lists_every_rule_with_the_cases_that_fire_it(run_lint, write_policy) -> None:
    root = write_policy({"p.yaml": POLICY + "tests:" + SECURITY_CASE})
    result = run_lint("--coverage", "--format", "text", str(root))
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert any("1 of 3 rules fired by a test (33%)" in line for line in lines)
    assert [line.split()[0] for line in lines if "p.yaml:" in line and "[" not in line] == [
        "send-if-security", "send-if-major", "no-send",
    ]
    assert any(line.split()[0] == "send-if-security" and "1 test, first: security sends" in line for line in lines)
    assert sum("UNTESTED" in line for line in lines) == 2


def test_coverage_in_json_is_a_list_per_policy(run_lint, write_policy) -> None:
    root = write_policy({"p.yaml": POLICY + "tests:" + SECURITY_CASE})
    data = json.loads(run_lint("--coverage", "--format", "json", str(root)).stdout)
    [policy] = data["coverage"]
    assert (policy["covered"], policy["total"]) == (1, 3)
    assert policy["rules"][0] == {
        "rule": "send-if-security", "path": policy["rules"][0]["path"], "line": 8, "column": 5, "tests": ["security sends"],
    }
    assert data["summary"]["warnings"] == 2


def test_coverage_refuses_sarif(run_lint, write_policy) -> None:
    root = write_policy({"p.yaml": POLICY + "tests:" + SECURITY_CASE})
    result = run_lint("--coverage", "--format", "sarif", str(root))
    assert result.exit_code == 2
    assert "--coverage cannot be combined with --format sarif" in result.stderr


def test_every_rule_of_the_default_policy_fires_in_some_case() -> None:
    [(policy, fired)] = lint_paths([default_rules_dir()], with_coverage=True).coverage
    assert list(fired) == [rule.id for rule in policy.rules]
    assert [rule for rule, cases in fired.items() if not cases] == []


def test_lint_decides_each_case_once_for_both_policy_tests_and_coverage(write_policy, monkeypatch) -> None:
    from incident_comms import engine
    from incident_comms.lint.runner import lint_paths

    decided: list[dict] = []
    real = engine.decide
    monkeypatch.setattr(engine, "decide", lambda policy, answers: decided.append(dict(answers)) or real(policy, answers))
    monkeypatch.setattr("incident_comms.policy.testing.decide", engine.decide)
    root = write_policy({"p.yaml": POLICY + "tests:" + SECURITY_CASE})
    report = lint_paths([root])
    assert decided == [{"security": True, "severity": "minor"}]
    assert [(t.name, t.passed) for t in report.tests] == [("security sends", True)]
    assert sorted((p.loc.line, p.loc.column) for p in report.problems if p.check == "untested-rules") == [(12, 5), (16, 5)]


def test_coverage_comes_from_the_policy_lint_read_and_the_runs_it_made(run_lint, write_policy, monkeypatch) -> None:
    from incident_comms import engine
    from incident_comms.policy import load

    reads: list[object] = []
    decided: list[dict] = []
    real_read, real_decide = load.read_policy, engine.decide
    monkeypatch.setattr("incident_comms.lint.runner.read_policy", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    monkeypatch.setattr("incident_comms.policy.testing.decide",
                        lambda policy, answers: decided.append(dict(answers)) or real_decide(policy, answers))
    root = write_policy({"p.yaml": POLICY + "tests:" + SECURITY_CASE})
    result = run_lint("--coverage", "--format", "json", str(root))
    assert json.loads(result.stdout)["coverage"][0]["covered"] == 1
    assert len(reads) == 1 and decided == [{"security": True, "severity": "minor"}]


def test_no_coverage_for_a_policy_whose_checks_did_not_run(run_lint, write_policy) -> None:
    root = write_policy({"p.yaml": POLICY + "  - id: no-because\n    then: {send: true}\n" + "tests:" + SECURITY_CASE})
    data = json.loads(run_lint("--coverage", "--format", "json", str(root)).stdout)
    assert data["coverage"] == [] and [p["check"] for p in data["problems"]] == ["schema"]


def test_a_failing_case_still_makes_its_rules_fire(findings) -> None:
    # The case expects the wrong value, but its answers are exact: send-if-security fired.
    case = """
  - name: security, wrongly expected quiet
    answers: {security: true, severity: minor}
    expect: {send: false}
"""
    assert findings({"p.yaml": POLICY + "tests:" + case}, "untested-rules") == [(12, 5), (16, 5)]
