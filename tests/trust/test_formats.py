"""SARIF carries what code scanning needs; with unreadable input json and sarif still print a document."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from incident_comms import PROJECT_URL, __version__
from incident_comms.errors import Location
from incident_comms.lint import formats
from incident_comms.lint.report import LintReport
from incident_comms.problems import Problem

from .support import REPO, comms, one_error_line


def sarif_of(*problems: Problem) -> dict:
    report = LintReport(roots=[Path("rules")], files=[Path("rules/a.yaml")], problems=list(problems))
    return json.loads(formats.sarif_format(report))


def test_sarif_names_the_tool_version_and_where_to_read_about_it() -> None:
    driver = sarif_of()["runs"][0]["tool"]["driver"]
    assert driver["version"] == __version__
    assert driver["informationUri"] == PROJECT_URL and PROJECT_URL.startswith("https://")


def test_the_project_url_is_the_one_in_the_package_metadata() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert PROJECT_URL in project["urls"].values()
    assert not any(re.search(r"pypi\.org|pythonhosted", url) for url in project["urls"].values())


def test_partial_fingerprints_survive_lines_moving_and_tell_findings_apart() -> None:
    def finding(line: int, message: str = "a gap") -> Problem:
        return Problem(Location("rules/a.yaml", line, 3), "gaps", "error", message)

    [first] = sarif_of(finding(4))["runs"][0]["results"]
    [moved] = sarif_of(finding(40))["runs"][0]["results"]
    [other] = sarif_of(finding(4, "another gap"))["runs"][0]["results"]
    assert first["partialFingerprints"] == moved["partialFingerprints"]
    assert first["partialFingerprints"] != other["partialFingerprints"]


@pytest.fixture
def unreadable_policy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    os.mkfifo(folder / "zz.yaml")
    return folder


def test_json_reports_unreadable_input_in_a_valid_document(unreadable_policy: Path) -> None:
    done = comms("lint", "--format", "json", str(unreadable_policy))
    assert done.returncode == 2
    document = json.loads(done.stdout)
    assert document["version"] == 1 and document["problems"] == []
    assert document["error"]["path"].endswith("zz.yaml") and "FIFO" in document["error"]["message"]
    assert "FIFO" in one_error_line(done.stderr)


def test_sarif_reports_unreadable_input_as_a_failed_invocation(unreadable_policy: Path) -> None:
    done = comms("lint", "--format", "sarif", str(unreadable_policy))
    assert done.returncode == 2
    [run] = json.loads(done.stdout)["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert "FIFO" in note["message"]["text"] and run["results"] == []
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("zz.yaml")


def test_a_missing_folder_is_a_document_too(tmp_path: Path) -> None:
    for fmt in ("json", "sarif"):
        done = comms("lint", "--format", fmt, str(tmp_path / "nope"))
        assert done.returncode == 2 and json.loads(done.stdout)
