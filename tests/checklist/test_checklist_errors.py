"""Bad input to `comms checklist`: one line on stderr, exit 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("comms: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json at all", "expected a JSON object"),
        ("", "the file is empty"),
        ('{"answers": {"severity": "major"}, "answers": {}}', "duplicate key 'answers'"),
        ('{"answers": {"severity": "major", "severity": "minor"}}', "duplicate key 'severity'"),
        ("[1, 2]", "expected a JSON object"),
        ('{"decision": {}}', 'no "answers"'),
        ('{"answers": ["severity", "major"]}', '"answers" must be an object'),
        ('{"answers": {"severity": 3}}', "severity: 3 is not an answer"),
        ('{"answers": {"severity": "huge"}}', "'huge' is not an answer"),
        ('{"answers": {"sevrity": "major"}}', "unknown question 'sevrity'"),
        ('{"answers": {"severity": "major"}}', "missing answers"),
        ('{"answers": {}, "policy": "rules"}', '"policy" must be an object'),
        ("[" * 100000, "nesting depth"),
    ],
)
def test_a_bad_record_is_one_line(run, tmp_path, content, expected):
    record = tmp_path / "record.json"
    record.write_text(content, encoding="utf-8")
    assert_one_line_error(run("checklist", "--from", str(record)), str(record), expected)


def test_a_missing_record_is_one_line(run, tmp_path):
    assert_one_line_error(run("checklist", "--from", str(tmp_path / "nope.json")), "no such file")


@pytest.mark.parametrize("option", ["--started", "--last-status-update"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yesterday", "is not a time"),
        ("2026-13-01T10:00", "is not a time"),
        ("45 minutes ago", "is not a time"),
        ("ago", "is not a time"),
        ("", "is not a time"),
        ("2026-08-11T12:30Z", "is in the future"),
        ("2027-01-01", "is in the future"),
    ],
)
def test_a_bad_time_names_its_option(run, fixed_now, option, value, expected):
    assert_one_line_error(run("checklist", option, value), option, expected)


def test_an_update_before_the_start_is_refused(run, fixed_now):
    result = run("checklist", "--started", "1h ago", "--last-status-update", "2h ago")
    assert_one_line_error(result, "--last-status-update", "is before --started")


def test_from_and_answers_are_exclusive(run, in_cases):
    result = run("checklist", "--from", "minor.yaml", "--answers", "minor.yaml")
    assert_one_line_error(result, "--from and --answers are exclusive")


def test_an_unknown_format_is_refused(run):
    assert_one_line_error(run("checklist", "--format", "html"), "--format 'html'")


def test_a_record_from_another_policy_warns_then_decides_again(run, saved_record):
    record = saved_record("minor")
    data = json.loads(Path(record).read_text(encoding="utf-8"))
    data["policy"]["sha256"] = "0" * 64
    with open(record, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    result = run("checklist", "--from", record, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stderr.startswith("comms: warning: ") and "different policy" in result.stderr
    assert "ask the incident lead to update it now" in result.stdout


def test_a_broken_checklist_is_one_line_pointing_at_lint(run, policy_copy):
    rules = policy_copy(
        "checklist:\n"
        "  - id: s\n    title: S\n    items:\n"
        "      - {id: a, text: A, when: {resolvd: true}}\n"
        "      - {id: b, text: B}\n"
    )
    result = run("checklist", "--rules", str(rules))
    assert_one_line_error(result, "checklist.yaml:5:9:", "no handbook citation", "(and 2 more; run `comms lint")
