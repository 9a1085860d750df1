"""Hostile and odd exports: one line with the place and exit 2 when unreadable, a finding when readable."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

HEADER = "email,role,org_id,org_name\n"


def _one_error_line(result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("comms: error: ") and "Traceback" not in result.stderr
    return lines[0]


def test_a_bom_is_read_without_and_reported(run, write, tmp_path: Path):
    write("export.csv", b"\xef\xbb\xbf" + (HEADER + "a@x.io,owner,1,Acme\n").encode())
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert result.exit_code == 0
    assert [(f["check"], f["row"], f["column_number"]) for f in json.loads(result.stdout)["findings"]] == [("bom", 1, 1)]
    assert (tmp_path / "list.csv").read_bytes().startswith(b"email,")  # the upload has no BOM


def test_semicolons_are_read_as_such_and_reported(run, write):
    write("export.csv", "email;role;org_id;org_name\na@x.io;owner;1;Acme, Inc\n")
    result = run("recipients", "export.csv", "--check", "--format", "json")
    report = json.loads(result.stdout)
    assert [f["check"] for f in report["findings"]] == ["delimiter"]
    assert report["summary"]["people"] == 1


def test_bytes_that_are_not_utf8_are_placed_by_row_and_column(run, write):
    write("export.csv", (HEADER + 'a@x.io,owner,1,"Multi\nline"\nb@x.io,owner,2,Soci').encode() + b"\xe9t\xe9\n")
    line = _one_error_line(run("recipients", "export.csv", "--check"))
    assert line == ('comms: error: export.csv:3:4: not UTF-8: byte 0xE9 in column 4 (\'org_name\'); '
                    'save the export as "CSV UTF-8"')


def test_utf16_and_binary_files_are_refused(run, write):
    write("utf16.csv", HEADER.encode("utf-16"))
    assert "UTF-16" in _one_error_line(run("recipients", "utf16.csv", "--check"))
    write("binary.csv", HEADER.encode() + b"a@x.io,own\x00er,1,A\n")
    assert "binary.csv:2:2: binary data (a NUL byte) in column 2 ('role')" in _one_error_line(
        run("recipients", "binary.csv", "--check"))


def test_a_missing_column_names_the_column_and_the_options_to_set_it(run, write):
    write("export.csv", "Email Address,role,org_id,org_name\na@x.io,owner,1,Acme\n")
    line = _one_error_line(run("recipients", "export.csv", "--check"))
    assert "export.csv:1:1: no column named 'email'" in line
    assert "'Email Address', 'role', 'org_id', 'org_name'" in line
    assert "--email-column" in line and "recipients.columns.email" in line


def test_an_export_without_a_header_says_so_and_prints_no_address(run, write):
    write("export.csv", "jane@acme.io,owner,1,Acme\n")
    line = _one_error_line(run("recipients", "export.csv", "--check"))
    assert "is the first row a header?" in line and "jane" not in line


def test_a_huge_field_is_one_line_with_its_row(run, write):
    write("export.csv", HEADER + "a@x.io,owner,1,Acme\n" + "b@x.io,owner,2," + "x" * (csv.field_size_limit() + 1) + "\n")
    line = _one_error_line(run("recipients", "export.csv", "--check"))
    assert line.startswith("comms: error: export.csv:3:1: a field is longer than 131072 characters")


def test_broken_quoting_is_one_line_with_its_row(run, write):
    write("export.csv", HEADER + 'a@x.io,owner,1,"Acme "Inc""\n')
    assert "export.csv:2:1: malformed CSV" in _one_error_line(run("recipients", "export.csv", "--check"))


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.symlink_to(p.parent / "nowhere"), "no such file (or a symlink to nothing)"),
    (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a CSV file"),
    (lambda p: p.symlink_to("/dev/zero"), "is a character device, not a CSV file"),
    (lambda p: p.write_text(""), "empty file: expected a header row"),
], ids=["missing", "directory", "dangling-symlink", "fifo", "device", "empty"])
def test_what_is_not_an_export_is_one_line_and_never_blocks(run, tmp_path: Path, make, words):
    make(tmp_path / "export.csv")
    assert words in _one_error_line(run("recipients", "export.csv", "--check"))


def test_the_orgs_file_needs_the_org_id_column(run, write):
    write("export.csv", HEADER + "a@x.io,owner,1,Acme\n")
    write("orgs.csv", "1\n2\n")
    line = _one_error_line(run("recipients", "export.csv", "--orgs", "orgs.csv", "--check"))
    assert "orgs.csv:1:1: no column named 'org_id'" in line and "--org-id-column" in line


def test_the_orgs_file_is_read_as_carefully_and_its_findings_name_it(run, write, tmp_path: Path):
    write("export.csv", HEADER + "a@x.io,owner,1,Acme\nb@x.io,owner,2,Beta\n")
    write("orgs.csv", b"\xef\xbb\xbforg_id;note\n2;hit\n")
    result = run("recipients", "export.csv", "--orgs", "orgs.csv", "-o", "list.csv", "--format", "json")
    report = json.loads(result.stdout)
    assert [(f["file"], f["check"]) for f in report["findings"]] == [("orgs.csv", "bom"), ("orgs.csv", "delimiter")]
    assert (tmp_path / "list.csv").read_text().splitlines()[1:] == ["b@x.io,Beta"]


def test_role_values_and_header_names_reach_the_terminal_escaped(run, write):
    write("export.csv", "email,role,org_id,org_name,\x1b]0;title\x07\na@x.io,\x1b[31mboss,1,Acme,\n")
    result = run("recipients", "export.csv", "--check")
    assert "\x1b" not in result.stdout and "'\\x1b[31mboss'" in result.stdout
    write("bad.csv", "\u202eemail,role,org_id,org_name\n")
    assert "\u202e" not in run("recipients", "bad.csv", "--check").stderr
