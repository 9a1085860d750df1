"""`comms lint` as users and CI run it: exit codes, defaults, options, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.lint import checks
from incident_comms.problems import Problem

REPO_RULES = Path(__file__).resolve().parents[2] / "rules"
SNAPSHOT_POLICIES = Path(__file__).resolve().parent / "fixtures" / "snapshot"
FAILING_TEST = SNAPSHOT_POLICIES / "failing-test"
BROKEN = SNAPSHOT_POLICIES / "broken"


def test_the_default_policy_has_no_errors(run_lint, monkeypatch):
    monkeypatch.delenv("COMMS_RULES", raising=False)
    result = run_lint("--format", "json")
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["summary"]["errors"] == 0
    assert document["summary"]["policy_tests"]["failed"] == 0


def test_without_a_path_it_lints_the_bundled_policy(run_lint, monkeypatch):
    monkeypatch.delenv("COMMS_RULES", raising=False)
    by_default = json.loads(run_lint("--format", "json").stdout)
    explicit = json.loads(run_lint(str(REPO_RULES), "--format", "json").stdout)
    assert by_default["summary"] == explicit["summary"]
    assert by_default["summary"]["files"] == len(list(REPO_RULES.glob("*.yaml")))


def test_comms_rules_chooses_the_default_folder(run_lint, monkeypatch):
    monkeypatch.setenv("COMMS_RULES", str(BROKEN))
    result = run_lint("--format", "concise")
    assert result.exit_code == 1
    assert "[unknown-key]" in result.stdout


def test_findings_exit_1_and_exit_zero_turns_that_into_0(run_lint):
    assert run_lint(str(FAILING_TEST)).exit_code == 1
    assert run_lint(str(FAILING_TEST), "--exit-zero").exit_code == 0


def test_warnings_pass_unless_strict(run_lint, write_policy, monkeypatch):
    monkeypatch.setattr(checks.undistinguished_choices, "check",
                        lambda ctx: [Problem(ctx.policy.rules[0].loc, "undistinguished-choices", "warning", "w")])
    root = write_policy({"p.yaml": (FAILING_TEST / "policy.yaml").read_text().split("tests:")[0]})
    assert run_lint(str(root)).exit_code == 0
    assert run_lint(str(root), "--strict").exit_code == 1


def test_a_yaml_syntax_error_is_a_finding(run_lint, write_policy):
    result = run_lint(str(write_policy({"p.yaml": "rules: [\n"})), "--format", "concise")
    assert result.exit_code == 1
    assert "[syntax]" in result.stdout


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing", "no such folder"),
        (lambda tmp: (tmp / "file.yaml").write_text("rules: []\n") and tmp / "file.yaml", "expected a folder"),
        (lambda tmp: (tmp / "README.md").write_text("hi") and tmp, "no rule files"),
    ],
    ids=["missing", "a-file", "no-rule-files"],
)
def test_a_path_that_is_not_a_policy_folder_exits_2_with_one_line(run_lint, tmp_path, make, message):
    result = run_lint(str(make(tmp_path)))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_an_unreadable_rule_file_exits_2_naming_the_file(run_lint, write_policy):
    root = write_policy({"p.yaml": "rules: []\n"})
    (root / "bad.yaml").write_bytes(b"rules: [caf\xe9]\n")
    result = run_lint(str(root))
    assert result.exit_code == 2
    assert "bad.yaml:1:12: not valid UTF-8 text" in result.stderr


def test_an_unknown_format_exits_2(run_lint):
    result = run_lint(str(FAILING_TEST), "--format", "xml")
    assert result.exit_code == 2
    assert "--format 'xml'" in result.stderr


def test_auto_format_is_github_in_github_actions(run_lint):
    result = run_lint(str(FAILING_TEST), env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=")


def test_json_output_reports_each_policy_test(run_lint):
    document = json.loads(run_lint(str(FAILING_TEST), "--format", "json").stdout)
    assert [(t["name"], t["passed"]) for t in document["policy_tests"]] == [
        ("security incidents are told", True), ("other incidents are told too", False),
    ]
    assert document["summary"]["policy_tests"] == {"passed": 1, "failed": 1}


def test_an_internal_error_is_reported_in_the_output_and_exits_3_even_with_exit_zero(run_lint, monkeypatch):
    def crash(ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(checks.conflicts, "check", crash)
    result = run_lint(str(FAILING_TEST), "--format", "json", "--exit-zero")
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    assert "internal-error" in {p["check"] for p in problems}
    assert "Traceback" not in result.stderr and "bug in comms" in result.stderr


def test_counterexamples_are_written_and_replay_with_assess(run_lint, tmp_path):
    folder = tmp_path / "cex"
    assert run_lint(str(FAILING_TEST), "--counterexamples", str(folder)).exit_code == 1
    written = folder / "policy-tests-1.yaml"
    assert yaml.safe_load(written.read_text()) == {"security": False}
    replay = CliRunner().invoke(
        app, ["assess", "--rules", str(FAILING_TEST), "--answers", str(written), "--format", "json", "--no-input"]
    )
    assert replay.exit_code == 0, replay.stderr
    assert json.loads(replay.stdout)["decision"]["send"] is False  # what the failing test did not expect


def test_counterexamples_into_a_file_is_bad_usage(run_lint, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("")
    assert run_lint(str(FAILING_TEST), "--counterexamples", str(target)).exit_code == 2


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02", b"a: " + b"[" * 200 + b"\n", b"rules: !!python/object:os.system {}\n", b"- *x\n", b"\xff\xfe"],
    ids=["binary", "deep", "python-tag", "alias", "bom-utf16"],
)
def test_no_traceback_for_hostile_files(tmp_path, content):
    (tmp_path / "hostile.yaml").write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "incident_comms", "lint", str(tmp_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr + result.stdout
