"""Output formats: one snapshot per format on one fixture, then what each format promises.

Snapshots live in tests/lint/snapshots/. After an intended change, regenerate them:

    COMMS_UPDATE_SNAPSHOTS=1 pytest tests/lint/test_formats.py

and review the diff before committing (tests/snapshots.py: refused when CI is set).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import snapshots
import yaml
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.commands.lint import _wants_color, counterexample_files
from incident_comms.errors import Location
from incident_comms.lint import checks, formats
from incident_comms.lint.runner import LintReport
from incident_comms.paths import shown_path
from incident_comms.problems import Problem

HERE = Path(__file__).resolve().parent
SNAPSHOT_POLICIES = HERE / "fixtures" / "snapshot"  # broken/ (loader problems), failing-test/ (a failing case)
SNAPSHOTS = HERE / "snapshots"
EXTENSIONS = {"text": "txt", "concise": "txt", "json": "json", "github": "txt", "sarif": "sarif.json"}


def lint_fixture(fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(SNAPSHOT_POLICIES)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(app, ["lint", "broken", "failing-test", "--format", fmt])
    assert result.exit_code == 1, result.stderr
    return result.stdout


def assert_snapshot(name: str, actual: str) -> None:
    __tracebackhide__ = True
    snapshots.assert_snapshot(SNAPSHOTS / name, actual)


def without_rule_texts(sarif: str) -> str:
    """The SARIF document with the rules' help texts (the checks' docstrings) left out."""
    document = json.loads(sarif)
    for rule in document["runs"][0]["tool"]["driver"]["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            rule[key] = {"text": "<the check's docstring>"}
    return json.dumps(document, indent=2) + "\n"


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif"])
def test_snapshot(fmt, monkeypatch):
    output = lint_fixture(fmt, monkeypatch)
    if fmt == "sarif":
        output = without_rule_texts(output)
    assert_snapshot(f"{fmt}.{EXTENSIONS[fmt]}", output)


# ---- a synthetic report for the promises of each format ---------------------------
def problem(line: int, level: str = "error", check: str = "gaps", message: str = "msg", **extra) -> Problem:
    return Problem(Location("rules/a.yaml", line, 3), check, level, message, **extra)


def report_of(*problems: Problem) -> LintReport:
    return LintReport(roots=[Path("rules")], files=[Path("rules/a.yaml")], problems=list(problems),
                      checks_run=["gaps"])


def test_text_and_concise_show_a_counterexample_as_json_that_replays():
    answers = {"security": True, "products": ["logs", "cdp"], "severity": "no"}
    report = report_of(problem(4, counterexample=answers))
    for output in (formats.text_format(report), formats.concise_format(report)):
        [line] = [line for line in output.splitlines() if "counterexample:" in line]
        assert line.startswith(" ")
        assert json.loads(line.split("counterexample: ", 1)[1]) == answers


def test_text_has_colour_only_when_asked():
    report = report_of(problem(4))
    assert "\033[" not in formats.text_format(report, color=False)
    assert "\033[31m" in formats.text_format(report, color=True)


def test_colour_needs_a_terminal_and_no_NO_COLOR(monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _wants_color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _wants_color()


def test_text_escapes_control_characters_from_rule_files():
    output = formats.text_format(report_of(problem(4, message="unknown question 'x\x1b[2J'")))
    assert "\x1b" not in output and "\\x1b" in output


def test_text_names_each_file_once_and_ends_with_a_summary():
    output = formats.text_format(report_of(problem(4), problem(9, level="warning")))
    assert output.count("rules/a.yaml") == 1
    assert output.splitlines()[-1] == "1 error, 1 warning in 1 file (1 check)."


def test_concise_is_one_parsable_line_per_problem():
    output = formats.concise_format(report_of(problem(4, message="no value for send"), problem(9, level="warning")))
    assert output.splitlines() == [
        "rules/a.yaml:4:3: error [gaps] no value for send",
        "rules/a.yaml:9:3: warning [gaps] msg",
    ]


def test_github_escapes_data_and_properties():
    weird = Problem(Location("rules/a,b:c.yaml", 2, 1), "gaps", "error", "100% sure\nsecond line\r")
    [line, _summary] = formats.github_format(report_of(weird)).splitlines()
    assert line.startswith("::error file=rules/a%2Cb%3Ac.yaml,line=2,col=1,title=[gaps]::")
    assert line.endswith("::100%25 sure%0Asecond line%0D")


def test_github_prints_errors_before_warnings():
    output = formats.github_format(report_of(problem(1, level="warning"), problem(2)))
    assert [line.split(" ")[0] for line in output.splitlines()[:2]] == ["::error", "::warning"]


def test_github_says_how_many_findings_were_not_annotated():
    many = [problem(i) for i in range(1, 13)] + [problem(20 + i, level="warning") for i in range(11)]
    lines = formats.github_format(report_of(*many)).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 12  # all are printed
    [notice] = [line for line in lines if line.startswith("::notice")]
    assert "3 more findings were not annotated" in notice


def test_github_has_no_notice_at_the_limit():
    at_limit = [problem(i) for i in range(1, 11)]
    assert "::notice" not in formats.github_format(report_of(*at_limit))


def test_json_problem_fields_are_the_documented_contract():
    related = (Location("rules/b.yaml", 7, 5),)
    document = json.loads(formats.json_format(report_of(problem(4, related=related, counterexample={"a": True}))))
    assert document["version"] == 1
    assert document["problems"] == [{
        "path": "rules/a.yaml", "line": 4, "column": 3, "level": "error", "check": "gaps", "message": "msg",
        "related": [{"path": "rules/b.yaml", "line": 7, "column": 5}], "counterexample": {"a": True},
    }]
    assert document["summary"]["errors"] == 1


def test_sarif_rules_come_from_the_registry_with_their_docs():
    driver = json.loads(formats.sarif_format(report_of()))["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules) == [m.ID for m in checks.CHECKS] + ["analysis-incomplete", "internal-error"]
    assert rules["policy-tests"]["help"]["text"] == checks.policy_tests.__doc__.strip()
    assert rules["policy-tests"]["defaultConfiguration"] == {"level": "error"}


def test_sarif_result_points_at_the_region_and_related_locations():
    related = (Location("rules/b.yaml", 7, 5),)
    sarif = json.loads(formats.sarif_format(report_of(problem(4, related=related))))
    [result] = sarif["runs"][0]["results"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "gaps"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "rules/a.yaml"}, "region": {"startLine": 4, "startColumn": 3},
    }
    assert result["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 5}


def test_paths_are_shown_relative_to_the_working_folder_when_inside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert shown_path(str(tmp_path / "rules" / "a.yaml")) == "rules/a.yaml"
    assert shown_path("/elsewhere/a.yaml") == "/elsewhere/a.yaml"
    assert formats._sarif_uri("/elsewhere/a.yaml") == "file:///elsewhere/a.yaml"


def test_auto_is_github_only_inside_github_actions():
    assert formats.resolve_format("auto", {"GITHUB_ACTIONS": "true"}) == "github"
    assert formats.resolve_format("auto", {}) == "text"
    assert formats.resolve_format("json", {"GITHUB_ACTIONS": "true"}) == "json"


def test_counterexample_files_are_numbered_per_check_and_hold_the_answers():
    report = report_of(problem(1, counterexample={"a": True}), problem(2), problem(3, counterexample={"a": False}),
                       problem(4, check="invariants", counterexample={"b": "no"}))
    files = dict(counterexample_files(report))
    assert list(files) == ["gaps-1.yaml", "gaps-2.yaml", "invariants-1.yaml"]
    assert yaml.safe_load(files["invariants-1.yaml"]) == {"b": "no"}
    assert files["gaps-1.yaml"].startswith("# comms lint: rules/a.yaml:1:3: [gaps] msg\n")


def test_a_newline_in_a_rule_file_cannot_start_a_line_of_output():
    injected = problem(3)
    injected = injected.replace(message="expected hold\n::error file=a.yaml,line=1::injected")
    for fmt in ("text", "concise"):
        out = formats.render(report_of(injected), fmt, color=False)
        assert not any(line.startswith("::") for line in out.splitlines()), fmt
        assert "hold\\n::error" in out


def test_sarif_uris_of_relative_paths_are_percent_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sarif = json.loads(formats.sarif_format(report_of(problem(2).replace(loc=Location("my rules#1/a.yaml", 2, 1)))))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20rules%231/a.yaml"
