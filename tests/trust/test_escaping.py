"""Nothing from a file reaches a terminal or a CI log raw, in any format, and no line starts a workflow command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from incident_comms.console import guard_lines

from .support import ANSWERS, COMMS, REPO, comms

EVIL = "\\n::warning::pwned \\e[2J \\u202e \\x85 \\u2028\\n  ##[group]g\\r\\n::error::x"  # YAML escapes
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
WORKFLOW = re.compile(r"^\s*(::|##\[)")
EVIL_NAME = "summary\n::error::name\x1b[31m\u202e\x85.yaml"


@pytest.fixture(scope="module")
def evil_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default policy with hostile `because` texts and a hostile file name."""
    folder = tmp_path_factory.mktemp("evil") / "rules"
    shutil.copytree(REPO / "rules", folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"""because: '([^'"\\]*)'(?!')""", lambda m: f'because: "{m.group(1)}{EVIL}"', text)
        path.write_text(text, encoding="utf-8")
    (folder / "summary.yaml").rename(folder / EVIL_NAME)
    return folder


def assert_safe(output: str, workflow_commands: bool = False) -> None:
    __tracebackhide__ = True
    for line in output.split("\n"):
        assert not RAW_UNSAFE.search(line), repr(line)
        if workflow_commands and re.match(r"::(error|warning|notice) ", line):
            continue
        assert not WORKFLOW.match(line), repr(line)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    done = comms(*args)
    assert "Traceback" not in done.stderr
    return done


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_assess_outputs_escape_rule_text_and_file_names(evil_policy: Path, fmt: str, tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    done = run("assess", "--rules", str(evil_policy), "--answers", str(ANSWERS), "--format", fmt, "--output", str(record),
               *(("--explain",) if fmt != "json" else ()))
    assert done.returncode == 0, done.stderr
    assert "pwned" in done.stdout
    assert_safe(done.stdout)
    assert_safe(record.read_text(encoding="utf-8"))
    if fmt == "json":
        data = json.loads(done.stdout)
        assert any("::warning::pwned" in fired["reason"] for fired in data["fired"])  # the data is intact


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_lint_formats_escape_rule_text_and_file_names(evil_policy: Path, fmt: str, tmp_path: Path) -> None:
    broken = tmp_path / "rules"
    shutil.copytree(evil_policy, broken)
    path = broken / EVIL_NAME
    path.write_text(path.read_text(encoding="utf-8") + f'\nquestions:\n  - id: "{EVIL}"\n', encoding="utf-8")
    done = run("lint", "--format", fmt, str(broken))
    assert done.returncode == 1, done.stderr
    assert "name" in done.stdout
    assert_safe(done.stdout, workflow_commands=fmt == "github")
    if fmt in ("json", "sarif"):
        json.loads(done.stdout)


def test_the_checklist_escapes_file_names(evil_policy: Path) -> None:
    for fmt in ("text", "markdown", "json"):
        done = run("checklist", "--rules", str(evil_policy), "--answers", str(ANSWERS), "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert_safe(done.stdout)


def test_error_lines_escape_file_names(tmp_path: Path) -> None:
    missing = tmp_path / "a\n::error::b\x1b[2J\u202e.yaml"
    done = run("assess", "--answers", str(missing))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert_safe(done.stderr)


NON_UTF8 = os.fsdecode(b"sum\xffmary.yaml")


@pytest.fixture(scope="module")
def non_utf8_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bytes") / "rules"
    shutil.copytree(REPO / "rules", folder)
    (folder / "summary.yaml").rename(folder / NON_UTF8)
    return folder


def test_a_non_utf8_file_name_works_in_assess_and_checklist(non_utf8_policy: Path) -> None:
    for fmt in ("text", "markdown", "json"):
        done = run("assess", "--rules", str(non_utf8_policy), "--answers", str(ANSWERS), "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert_safe(done.stdout)
    record = json.loads(run("assess", "--rules", str(non_utf8_policy), "--answers", str(ANSWERS), "-f", "json").stdout)
    assert os.fsencode(record["fired"][-1]["file"]).endswith(b"sum\xffmary.yaml")  # the name, byte for byte
    done = run("checklist", "--rules", str(non_utf8_policy), "--answers", str(ANSWERS))
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout)


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_a_non_utf8_file_name_works_in_every_lint_format(non_utf8_policy: Path, fmt: str, tmp_path: Path) -> None:
    broken = tmp_path / "rules"
    shutil.copytree(non_utf8_policy, broken)
    with open(broken / NON_UTF8, "a", encoding="utf-8") as handle:
        handle.write("\nquestions:\n  - id: lonely\n")
    done = subprocess.run([*COMMS, "lint", "--format", fmt, str(broken)], capture_output=True, cwd=REPO,
                          check=False, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8")  # valid UTF-8, always
    assert_safe(text, workflow_commands=fmt == "github")
    if fmt == "json":
        [problem, *_] = json.loads(text)["problems"]
        assert os.fsencode(problem["path"]).endswith(b"sum\xffmary.yaml")
    elif fmt == "sarif":
        result = json.loads(text)["runs"][0]["results"][0]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("sum%FFmary.yaml")
    else:
        assert "sum\\xffmary.yaml" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("::error::x\n", "\\x3a:error::x\n"),
        ("  ::warning::y\n", "  \\x3a:warning::y\n"),
        ("ok\n##[group]z\n", "ok\n\\x23#[group]z\n"),
        ("a ::b\n", "a ::b\n"),
        ("#comment\n", "#comment\n"),
    ],
)
def test_guard_lines_escapes_only_line_starts(text: str, expected: str) -> None:
    assert guard_lines(text) == expected
