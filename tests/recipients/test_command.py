"""`comms recipients` as scripts see it: exit codes, --check, --strict, --output, formats, privacy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from recipients_support import assert_snapshot, realistic_export

CLEAN = "email,role,org_id,org_name\na@x.io,owner,1,Acme\nb@x.io,admin,1,Acme\nb@x.io,admin,2,Beta\n"
WITH_FINDINGS = CLEAN + "not-an-email,owner,2,Beta\n"


def test_clean_export_writes_and_exits_0(run, write, tmp_path: Path):
    write("export.csv", CLEAN)
    result = run("recipients", "export.csv", "-o", "list.csv")
    assert result.exit_code == 0 and result.stderr == ""
    assert (tmp_path / "list.csv").read_bytes() == b"email,affected_org_names\r\na@x.io,Acme\r\nb@x.io,Acme and Beta\r\n"


def test_findings_without_strict_still_write_and_exit_0(run, write, tmp_path: Path):
    write("export.csv", WITH_FINDINGS)
    result = run("recipients", "export.csv", "-o", "list.csv")
    assert result.exit_code == 0
    assert "invalid-email (1)" in result.stdout and (tmp_path / "list.csv").exists()


def test_findings_with_strict_write_nothing_and_exit_1(run, write, tmp_path: Path):
    write("export.csv", WITH_FINDINGS)
    result = run("recipients", "export.csv", "-o", "list.csv", "--strict")
    assert result.exit_code == 1
    assert "Nothing written: 1 findings and --strict." in result.stdout
    assert not (tmp_path / "list.csv").exists()


def test_check_writes_nothing_and_strict_check_fails_on_findings(run, write, tmp_path: Path):
    write("export.csv", WITH_FINDINGS)
    assert run("recipients", "export.csv", "--check").exit_code == 0
    assert run("recipients", "export.csv", "--check", "--strict").exit_code == 1
    write("clean.csv", CLEAN)
    assert run("recipients", "clean.csv", "--check", "--strict").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.csv", "export.csv"]


def test_no_one_to_email_writes_nothing_and_exits_1(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\na@x.io,member,1,Acme\n")
    result = run("recipients", "export.csv", "-o", "list.csv")
    assert result.exit_code == 1 and "Nothing written: no one to email." in result.stdout
    assert not (tmp_path / "list.csv").exists()


def test_an_existing_output_needs_force_and_is_checked_before_reading(run, write, tmp_path: Path):
    write("export.csv", CLEAN)
    write("list.csv", "keep me")
    result = run("recipients", "missing.csv", "-o", "list.csv")
    assert result.exit_code == 2 and "list.csv: already exists; use --force" in result.stderr
    assert (tmp_path / "list.csv").read_text() == "keep me"
    assert run("recipients", "export.csv", "-o", "list.csv", "--force").exit_code == 0
    assert (tmp_path / "list.csv").read_text().startswith("email,")


@pytest.mark.parametrize(("args", "words"), [
    ((), "give --output FILE for the Customer.io CSV, or --check"),
    (("--check", "-o", "x.csv"), "--check writes nothing"),
    (("--check", "--format", "yaml"), "--format 'yaml': choose one of text, json"),
    (("--check", "--attribute", "org-names"), "--attribute: 'org-names' is not a Liquid name"),
    (("--check", "--attribute", "email"), "is a Customer.io attribute of its own"),
])
def test_usage_errors_are_one_line_and_exit_2(run, write, args, words):
    write("export.csv", CLEAN)
    result = run("recipients", "export.csv", *args)
    assert result.exit_code == 2 and words in result.stderr and len(result.stderr.splitlines()) == 1


def test_no_output_ever_shows_an_email_address(run, write):
    export = realistic_export()
    write("export.csv", export.text + "Bad@@Mail,owner,1000,X\n")
    seen = "".join(run("recipients", "export.csv", "--check", "--format", fmt).stdout for fmt in ("text", "json"))
    assert seen and not re.search(r"[\w.+-]+@[\w-]+\.", seen)
    assert "example" not in seen and "Bad" not in seen


def test_the_text_summary_shows_a_few_places_per_kind_and_counts(run, write):
    rows = "".join(f"bad{i},owner,1,Acme\n" for i in range(8))
    write("export.csv", CLEAN + rows + "z@x.io,billing,1,Acme\ny@x.io,billing,1,Acme\nw@x.io,,1,Acme\n")
    result = run("recipients", "export.csv", "--check")
    assert_snapshot("summary.txt", result.stdout)


def test_the_json_summary_is_the_readme_contract(run, write):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The recipients JSON summary"):]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.DOTALL).group(1))
    write("export.csv", WITH_FINDINGS)
    real = json.loads(run("recipients", "export.csv", "-o", "list.csv", "--format", "json").stdout)
    assert set(real) == set(example)
    assert set(real["summary"]) == set(example["summary"])
    assert set(real["summary"]["dropped"]) == set(example["summary"]["dropped"])
    assert set(real["findings"][0]) == set(example["findings"][0])
    assert real["written"] is True and real["output"] == "list.csv" and real["summary"]["people"] == 2


def test_a_real_process_exits_2_with_one_line_and_no_traceback(tmp_path: Path):
    (tmp_path / "export.csv").write_bytes(b"email,role,org_id,org_name\n\xff\n")
    done = subprocess.run([sys.executable, "-m", "incident_comms", "recipients", "export.csv", "--check"],
                          check=False, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ('comms: error: export.csv:2:1: not UTF-8: byte 0xFF in column 1 (\'email\'); '
                           'save the export as "CSV UTF-8"\n')


def test_output_never_replaces_the_export_it_reads(run, write, tmp_path: Path):
    write("export.csv", CLEAN)
    result = run("recipients", "export.csv", "-o", "./export.csv", "--force")
    assert result.exit_code == 2 and "is the input file" in result.stderr
    assert (tmp_path / "export.csv").read_text() == CLEAN
