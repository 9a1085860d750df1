"""The pre-commit hook this repository ships (.pre-commit-hooks.yaml), run for real.

The try-repo test copies the working tree (tracked and new files; every file of an
unpacked sdist) into a temporary
git repository, so it tests what is on disk, committed or not, and runs
``pre-commit try-repo`` from a second temporary repository that holds a copy of
rules/. pre-commit builds the hook's virtualenv with pip (about 10 s per run
here; this test takes about 20 s), so it is skipped when pre-commit or git is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
GIT = shutil.which("git")


def test_the_manifest_lints_the_whole_rules_folder_once():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "comms-lint"
    assert (hook["entry"], hook["language"]) == ("comms lint", "python")
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    assert hook["files"] == r"^rules/.*\.ya?ml$"


def git(cwd: Path, *args: str) -> None:
    subprocess.run([GIT, "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True,
                   capture_output=True)


def snapshot_of_working_tree(target: Path) -> Path:
    """The repository's files as they are on disk, committed in a fresh git repository."""
    for name in _working_tree_files():
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


def _working_tree_files() -> list[str]:
    """Tracked and new files; outside a git checkout (an unpacked sdist), every file but caches and venvs."""
    listed = subprocess.run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=False, capture_output=True)
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode().split("\0") if name]
    skipped = {".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".mypy_cache", "build", "dist"}
    return [path.relative_to(REPO).as_posix() for path in REPO.rglob("*")
            if path.is_file() and not skipped & set(path.relative_to(REPO).parts)]


def try_repo(hook_repo: Path, work: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("COMMS_RULES", None)
    return subprocess.run([PRE_COMMIT, "try-repo", str(hook_repo), "comms-lint", "--all-files"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.skipif(PRE_COMMIT is None or GIT is None, reason="needs pre-commit and git")
def test_pre_commit_try_repo_lints_the_repositorys_own_rules(tmp_path):
    """A typo in the work repository's rules/ fails the hook (so it lints those, not the bundled policy)."""
    hook_repo = snapshot_of_working_tree(tmp_path / "hook")
    work = tmp_path / "work"
    shutil.copytree(REPO / "rules", work / "rules")
    edited = min((work / "rules").glob("*.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("because:", "becuase:", 1), encoding="utf-8")
    git(work, "init", "-q")
    git(work, "add", "-A")

    result = try_repo(hook_repo, work, tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "comms lint" in result.stdout and "Failed" in result.stdout
    assert f"rules/{edited.name}" in result.stdout and "[unknown-key]" in result.stdout
