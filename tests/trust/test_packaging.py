"""Packaging: the sdist holds what its tests read; the wheel holds the schema its rule files name."""

from __future__ import annotations

import posixpath
import re
import subprocess

import pytest

from .support import REPO

NOT_SHIPPED = {".gitignore"}  # tracked, but nothing reads it


def sdist_includes() -> list[str]:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def tracked_files() -> list[str]:
    done = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        pytest.skip("not a git checkout (this is the sdist itself)")
    return done.stdout.splitlines()


def test_the_sdist_includes_every_tracked_file_the_tests_may_read() -> None:
    includes = sdist_includes()
    missing = [path for path in tracked_files()
               if path not in NOT_SHIPPED and not any(path == i or path.startswith(i + "/") for i in includes)]
    assert missing == []


def test_the_wheel_puts_the_schema_where_the_bundled_rule_files_point() -> None:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    placed = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]  # source -> place in wheel
    for rule_file in (REPO / "rules").glob("*.yaml"):
        first = rule_file.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, rule_file
        in_wheel = posixpath.normpath(posixpath.join(placed["rules"], match.group(1)))
        sources = [source for source, place in placed.items() if place == posixpath.dirname(in_wheel)]
        assert sources, f"{rule_file.name} points at {in_wheel}, which the wheel does not hold"
        assert (REPO / sources[0] / posixpath.basename(in_wheel)).is_file()


def test_there_is_an_mit_license() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")


def test_the_readme_pre_commit_rev_is_explained_not_a_tag_that_does_not_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [rev] = re.findall(r"^\s+rev: (\S+)", readme, re.MULTILINE)
    if rev == "COMMIT_SHA":  # no release tag yet: the README says how to pick a commit
        assert "git ls-remote" in readme and "in place of `COMMIT_SHA`" in readme
    elif not re.fullmatch(r"[0-9a-f]{40}", rev):  # a tag: it must exist
        done = subprocess.run(["git", "tag", "--list", rev], capture_output=True, text=True, cwd=REPO, check=False)
        assert done.stdout.strip() == rev
