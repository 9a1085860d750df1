"""The result cache of `comms lint` and the bare `comms checklist`: faster, never different."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COMMS_NO_CACHE", raising=False)
    return Path(shutil.copytree(RULES, tmp_path / "rules"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    return result.exit_code, result.stdout, result.stderr


def forbid_linting(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(paths: object) -> None:
        raise AssertionError("linted again instead of using the cache")

    monkeypatch.setattr("incident_comms.lint.runner.lint_paths", refuse)


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif"])
def test_a_cached_lint_prints_what_a_fresh_one_prints(policy: Path, monkeypatch, fmt: str) -> None:
    (policy / "invariants.yaml").write_text(
        (policy / "invariants.yaml").read_text().replace("timing, is: now}", "timing, is: hold}")
    )
    fresh = run("lint", "--format", fmt, str(policy))
    assert fresh[0] == 1
    forbid_linting(monkeypatch)
    assert run("lint", "--format", fmt, str(policy)) == fresh


def test_editing_a_rule_file_lints_again(policy: Path) -> None:
    assert run("lint", str(policy))[0] == 0
    messages = policy / "messages.yaml"
    messages.write_text(messages.read_text().replace("timing: now, owner: comms_lead}", "timing: hold, owner: comms_lead}", 1))
    code, out, _ = run("lint", str(policy))
    assert code == 1 and "users-who-can-act-hear-now" in out


def test_no_cache_and_an_unusable_cache_change_nothing(policy: Path, monkeypatch, tmp_path: Path) -> None:
    expected = run("lint", "--format", "json", str(policy))
    monkeypatch.setenv("COMMS_NO_CACHE", "1")
    assert run("lint", "--format", "json", str(policy)) == expected
    monkeypatch.delenv("COMMS_NO_CACHE")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("COMMS_CACHE_DIR", str(blocker))
    assert run("lint", "--format", "json", str(policy)) == expected


def test_a_damaged_cache_file_is_ignored(policy: Path, tmp_path: Path) -> None:
    expected = run("lint", "--format", "json", str(policy))
    [stored] = (tmp_path / "cache").glob("lint-*.json")
    stored.write_text('{"key": ')
    assert run("lint", "--format", "json", str(policy)) == expected
    stored.write_text(stored.read_text().replace('"problems": [', '"problems": [7, '))
    assert run("lint", "--format", "json", str(policy)) == expected


def test_the_bare_checklist_is_cached_and_follows_edits(policy: Path, monkeypatch) -> None:
    first = run("checklist", "--rules", str(policy), "--format", "markdown")
    assert first[0] == 0 and list((policy.parent / "cache").glob("checklist-markdown-*.json"))
    monkeypatch.setattr("incident_comms.checklist.tailor.full_view", lambda *a: pytest.fail("not cached"))
    assert run("checklist", "--rules", str(policy), "--format", "markdown") == first
    monkeypatch.undo()
    monkeypatch.setenv("COMMS_CACHE_DIR", str(policy.parent / "cache"))
    checklist = policy / "checklist.yaml"
    checklist.write_text(checklist.read_text().replace("Join the incident channel straight away", "Join at once"))
    code, out, _ = run("checklist", "--rules", str(policy), "--format", "markdown")
    assert code == 0 and "Join at once" in out


def test_an_analysis_cut_short_is_not_cached() -> None:
    from incident_comms.commands.lint import _worth_keeping
    from incident_comms.errors import Location
    from incident_comms.lint.report import LintReport
    from incident_comms.problems import Problem

    def report(check: str) -> LintReport:
        return LintReport(problems=[Problem(Location("rules"), check, "error", "x")])

    assert _worth_keeping(report("gaps"))
    assert not _worth_keeping(report("analysis-incomplete")) and not _worth_keeping(report("internal-error"))
