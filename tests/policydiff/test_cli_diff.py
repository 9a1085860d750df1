"""`comms diff OLD NEW`: formats, exit codes, REV:PATH read from git, errors on one line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from snapshots import assert_snapshot
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.policy.load import load_policy
from incident_comms.policydiff.compare import diff_policies
from incident_comms.policydiff.formats import FORMATS, Names

HERE = Path(__file__).parent
OLD, NEW = HERE / "fixtures" / "old", HERE / "fixtures" / "new"
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json"}


def run(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None):
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, ["diff", *args])


@pytest.fixture
def fixtures_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE / "fixtures")  # paths in the output read "old" and "new"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_snapshot(fmt: str, fixtures_cwd: None) -> None:
    result = run("--format", fmt, "old", "new")
    assert result.exit_code == 1, result.stderr
    assert_snapshot(HERE / "snapshots" / f"diff.{EXTENSIONS[fmt]}", result.stdout)


def test_interface_changes_come_before_decision_changes(fixtures_cwd: None) -> None:
    out = run("old", "new").stdout
    assert out.index("choice extreme added") < out.index("field legacy removed") < out.index("Decisions that change")
    assert "Not compared: 12 incidents that only one policy can express" in out


def test_the_same_policy_is_no_difference_and_exit_0(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(OLD, copy)
    result = run(str(OLD), str(copy))
    assert result.exit_code == 0
    assert "No difference: the two policies decide alike for all 18 incidents." in result.stdout


def test_json_is_the_documented_contract(fixtures_cwd: None) -> None:
    data = json.loads(run("--format", "json", "old", "new").stdout)
    assert set(data) == {"version", "old", "new", "interface", "not_compared", "changes", "summary", "incomplete"}
    assert data["summary"] == {"compared": 36, "changed": 26, "changes": 6, "interface_changes": 3,
                               "not_compared": 12, "complete": True}
    hold = next(c for c in data["changes"] if c["before"] == {"timing": "hold"})
    assert (hold["slot"], hold["after"], hold["count"]) == ("messages.email", {"timing": "now"}, 6)
    assert hold["examples"][0]["new_answers"]["exposed"] is True


def test_examples_replay_with_comms_assess(tmp_path: Path, fixtures_cwd: None) -> None:
    data = json.loads(run("--format", "json", "old", "new").stdout)
    for change in data["changes"]:
        for example in change["examples"]:
            for side, key in (("old", "old_answers"), ("new", "new_answers")):
                answers = tmp_path / f"{side}.json"
                answers.write_text(json.dumps(example[key]))
                record = CliRunner().invoke(app, ["assess", "--no-input", "--rules", side, "--answers", str(answers), "--format", "json"])
                assert record.exit_code == 0, record.stderr
                decided = json.loads(record.stdout)["decision"]
                if change["slot"] == "send":
                    assert decided["send"] == example["before" if side == "old" else "after"]


def test_an_analysis_cut_short_is_incomplete_and_never_no_difference() -> None:
    old = load_policy(OLD)
    result = diff_policies(old, old, max_nodes=10)
    assert result.incomplete.startswith("not proven: the decision diagram reached its budget of 10 nodes")
    assert result.differs
    assert "analysis-incomplete: not proven" in FORMATS["text"](result, Names("a", "b"))
    assert "**analysis-incomplete**" in FORMATS["markdown"](result, Names("a", "b"))


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "yaml", "old", "new"], "--format 'yaml': choose one of text, markdown, json"),
    (["missing", "new"], "missing: no such folder"),
    (["old", "-x:rules"], "-x:rules: not a git revision name"),
    (["old", "HEAD..main:rules"], "not a git revision name"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, fixtures_cwd: None) -> None:
    result = run(*args) if args[0] != "old" or args[1] != "-x:rules" else run("--", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_an_invalid_policy_names_its_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "p.yaml").write_text("questions:\n  - {id: x, kind: nonsense, prompt: X?}\n")
    result = run(str(OLD), str(broken))
    assert result.exit_code == 2
    assert f"{broken / 'p.yaml'}:2:" in result.stderr


# ---- REV:PATH -------------------------------------------------------------------------------
def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose last commit holds the old policy in rules/; the work tree has the new one."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    shutil.copytree(OLD, root / "rules")
    git(root, "add", "rules")
    git(root, "commit", "-qm", "old policy")
    shutil.rmtree(root / "rules")
    shutil.copytree(NEW, root / "rules")
    monkeypatch.chdir(root)
    return root


def test_a_side_read_from_git_compares_like_the_folder(repo: Path) -> None:
    from_git = run("--format", "json", "HEAD:rules", "rules")
    assert from_git.exit_code == 1, from_git.stderr
    data = json.loads(from_git.stdout)
    assert (data["old"], data["summary"]["changed"]) == ("HEAD:rules", 26)
    assert run("HEAD:rules", "HEAD:rules/").exit_code == 0


def test_errors_in_a_git_side_name_the_revision_and_file(repo: Path) -> None:
    (repo / "rules" / "policy.yaml").write_text("questions: [\n")
    git(repo, "add", "rules")
    git(repo, "commit", "-qm", "broken")
    result = run("HEAD:rules", "HEAD~1:rules")
    assert result.exit_code == 2
    assert result.stderr.startswith("comms: error: HEAD:rules/policy.yaml:")
    assert "comms-diff-" not in result.stderr


@pytest.mark.parametrize(("spec", "message"), [
    ("nosuchrev:rules", "no such revision 'nosuchrev'"),
    ("HEAD:nothere", "HEAD:nothere: no such folder at HEAD"),
])
def test_unknown_revisions_and_folders_exit_2(repo: Path, spec: str, message: str) -> None:
    result = run(spec, "rules")
    assert result.exit_code == 2
    assert message in result.stderr


def test_outside_a_repository_a_git_side_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("HEAD:rules", str(NEW))
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_hostile_folder_name_reaches_the_output_escaped(tmp_path: Path, fmt: str) -> None:
    hostile = tmp_path / "rules`|\x1b[2J\u202e"
    shutil.copytree(OLD, hostile)
    result = run("--format", fmt, str(hostile), str(NEW))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[2J" in result.stdout
    if fmt == "markdown":
        heading = result.stdout.splitlines()[0]
        assert heading.count("`") == 4  # two code spans, the name's backtick replaced


def test_a_question_asked_in_other_cases_is_an_interface_change(tmp_path: Path) -> None:
    wider = tmp_path / "wider"
    shutil.copytree(OLD, wider)
    policy = wider / "policy.yaml"
    policy.write_text(policy.read_text().replace(", ask_when: {security: true}}", "}"))
    result = run(str(OLD), str(wider))
    assert result.exit_code == 1
    assert "question exposed: now asked where it was not (security=false, among others)" in result.stdout
    back = run(str(wider), str(OLD))
    assert "question exposed: no longer asked where it was (security=false, among others)" in back.stdout
