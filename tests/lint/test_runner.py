"""The runner: every check in registry order, problems sorted, crashes contained."""

from __future__ import annotations

import pytest

from incident_comms.errors import CommsError
from incident_comms.lint import checks
from incident_comms.lint.checks import CHECKS, LOADER_CHECKS, POLICY_CHECKS
from incident_comms.lint.runner import lint_paths
from incident_comms.problems import Problem

GOOD = """\
questions:
  - {id: security, prompt: Security incident?, kind: yes_no}
fields:
  send: {type: bool, required: true}
rules:
  - {id: send-if-security, when: {security: true}, then: {send: true}, because: Told.}
  - {id: otherwise, then: {send: false}, because: Nothing to tell.}
tests:
  - {name: security is told, answers: {security: true}, expect: {send: true}}
  - {name: wrong, answers: {security: false}, expect: {send: true}}
"""


def test_the_registry_lists_every_check_once_in_the_documented_order():
    assert [m.ID for m in CHECKS] == [
        "syntax", "schema", "unknown-key", "references", "duplicate-id", "cycles",
        "unasked-questions", "undistinguished-choices", "gaps", "dead-rules", "conflicts",
        "invariants", "policy-tests", "untested-rules", "checklist", "drafts", "recipients",
    ]


@pytest.mark.parametrize("module", CHECKS, ids=lambda m: m.ID)
def test_every_check_is_documented_with_a_level(module):
    assert module.LEVEL in ("error", "warning")
    assert module.__doc__ and module.__doc__.strip()


def test_a_sound_policy_runs_every_check(write_policy):
    report = lint_paths([write_policy({"p.yaml": GOOD})])
    assert report.checks_run == [m.ID for m in CHECKS]
    assert report.checks_skipped == {}


def test_problems_are_sorted_by_file_line_and_column(write_policy):
    root = write_policy({
        "b.yaml": "rules:\n  - {id: r1, then: {send: true}, because: x, extra: 1}\n",
        "a.yaml": "fields:\n  send: {type: bool, colour: red}\n  hold: {type: bool, size: 1}\n",
    })
    found = [(p.loc.path.rsplit("/", 1)[-1], p.loc.line, p.loc.column) for p in lint_paths([root]).problems]
    assert found == sorted(found)
    assert found[0][0] == "a.yaml" and found[-1][0] == "b.yaml"


def test_loader_errors_stop_the_policy_checks(write_policy):
    broken = GOOD.replace("because: Nothing to tell.", "becuase: Nothing to tell.")
    root = write_policy({"p.yaml": broken})
    report = lint_paths([root])
    assert report.checks_run == [m.ID for m in LOADER_CHECKS]
    assert report.checks_skipped == {str(root): [m.ID for m in POLICY_CHECKS]}
    assert "policy-tests" not in {p.check for p in report.problems}


def test_a_check_that_crashes_becomes_an_internal_error_and_the_rest_still_run(write_policy, monkeypatch):
    def crash(ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(checks.gaps, "check", crash)
    report = lint_paths([write_policy({"p.yaml": GOOD})])
    [internal] = report.internal_errors
    assert "'gaps'" in internal.message and "ZeroDivisionError: boom" in internal.message
    assert "policy-tests" in {p.check for p in report.problems}


def test_a_check_that_returns_an_unknown_level_gets_its_default(write_policy, monkeypatch):
    def sloppy(ctx):
        return [Problem(ctx.policy.rules[0].loc, "gaps", "fatal", "made up")]

    monkeypatch.setattr(checks.gaps, "check", sloppy)
    report = lint_paths([write_policy({"p.yaml": GOOD})])
    assert [p.level for p in report.problems if p.check == "gaps"] == [checks.gaps.LEVEL]


def test_strict_makes_warnings_fail(write_policy, monkeypatch):
    def warn(ctx):
        return [Problem(ctx.policy.rules[0].loc, "undistinguished-choices", "warning", "a warning")]

    monkeypatch.setattr(checks.undistinguished_choices, "check", warn)
    monkeypatch.setattr(checks.policy_tests, "check", lambda ctx: [])
    report = lint_paths([write_policy({"p.yaml": GOOD})])
    assert report.count("warning") == 1
    assert report.fails(strict=True)


def test_several_folders_are_reported_together(write_policy, tmp_path):
    first = write_policy({"p.yaml": GOOD})
    second = tmp_path / "other"
    second.mkdir()
    (second / "p.yaml").write_text(GOOD, encoding="utf-8")
    report = lint_paths([first, second])
    assert len(report.files) == 2
    assert [p.loc.path for p in report.problems if p.check == "policy-tests"] == sorted(
        [str(first / "p.yaml"), str(second / "p.yaml")]
    )
    assert len(report.tests) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"rules: []\n\x00\x01", "binary file"),
        (b"rules: [caf\xe9]\n", "not valid UTF-8"),
        (b"#" * (1024 * 1024 + 1), "too large"),
    ],
    ids=["binary", "latin-1", "too-large"],
)
def test_a_file_that_is_not_text_is_bad_input_not_a_finding(write_policy, content, message):
    root = write_policy({"p.yaml": GOOD})
    (root / "bad.yaml").write_bytes(content)
    with pytest.raises(CommsError, match=message) as caught:
        lint_paths([root])
    assert caught.value.location.path == str(root / "bad.yaml")


def test_a_yaml_syntax_error_is_a_finding(write_policy):
    report = lint_paths([write_policy({"p.yaml": "rules: [\n"})])
    assert [p.check for p in report.problems] == ["syntax"]


def test_a_folder_given_twice_is_linted_once(write_policy):
    root = write_policy({"p.yaml": GOOD})
    report = lint_paths([root, root / ".." / root.name])
    assert len(report.files) == 1
    assert len([p for p in report.problems if p.check == "policy-tests"]) == 1


def test_an_exact_repeat_of_a_problem_is_shown_once(write_policy, monkeypatch):
    def twice(ctx):
        loc = ctx.policy.rules[0].loc
        return [Problem(loc, "gaps", "error", "same"), Problem(loc, "gaps", "error", "same")]

    monkeypatch.setattr(checks.gaps, "check", twice)
    report = lint_paths([write_policy({"p.yaml": GOOD})])
    assert [p.message for p in report.problems if p.check == "gaps"] == ["same"]


def test_a_loader_problem_under_an_undeclared_check_id_is_an_internal_error(write_policy, monkeypatch, run_lint):
    from incident_comms.policy.schema import SchemaReader

    original = SchemaReader.report

    def misspelt(self, check, message, loc, level="error"):  # a reader that files under a typo
        original(self, "refrences" if check == "references" else check, message, loc, level)

    monkeypatch.setattr(SchemaReader, "report", misspelt)
    root = write_policy({"p.yaml": GOOD.replace("when: {security: true}", "when: {securty: true}")})
    report = lint_paths([root])
    [problem] = report.problems
    assert problem.check == "internal-error" and "'refrences', which no check declares" in problem.message
    assert "unknown question 'securty'" in problem.message
    result = run_lint(str(root))
    assert result.exit_code == 3


def test_every_check_id_a_section_reports_under_is_a_check():
    from incident_comms.policy.sections import all_sections

    loader_ids = {m.ID for m in LOADER_CHECKS} - {"syntax"}
    for section in all_sections():
        owned = set(section.CHECKS)
        if hasattr(section, "read"):  # read after the policy: its own policy check
            assert owned <= {m.ID for m in POLICY_CHECKS}, section.NAME
        else:
            assert owned <= loader_ids, section.NAME
    assert loader_ids <= {c for s in all_sections() if not hasattr(s, "read") for c in s.CHECKS}


def test_the_files_lint_reports_are_the_files_it_read(write_policy, monkeypatch):
    """The folder is listed once: a file that appears during the lint is neither read nor counted."""
    import os

    from incident_comms.policy import load

    root = write_policy({"a.yaml": GOOD})
    real_listdir = os.listdir
    listings: list[str] = []

    def listdir_then_a_new_file(path):
        names = real_listdir(path)
        listings.append(str(path))
        (root / "b.yaml").write_text("rules: [", encoding="utf-8")  # broken, if anything read it
        return names

    monkeypatch.setattr(load.os, "listdir", listdir_then_a_new_file)
    report = lint_paths([root])
    assert listings == [str(root)]
    assert [path.name for path in report.files] == ["a.yaml"]
    assert [p for p in report.problems if p.check == "syntax" or "b.yaml" in p.loc.path] == []
