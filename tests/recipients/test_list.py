"""`comms recipients`: a realistic export becomes the right Customer.io list, and every bad row is placed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from recipients_support import read_csv, realistic_export

from incident_comms.recipients.build import join_names


def test_a_realistic_export_becomes_the_customerio_csv_the_email_draft_reads(run, write, tmp_path: Path):
    export = realistic_export()
    write("export.csv", export.text)
    result = run("recipients", "export.csv", "--output", "list.csv")
    assert result.exit_code == 0, result.stderr
    rows = read_csv(tmp_path / "list.csv")
    assert rows[0] == ["email", "affected_org_names"]  # the attribute of rules/recipients.yaml
    assert dict(rows[1:]) == export.expected
    assert len(rows) - 1 == len(export.expected)  # one line per person, never one per org
    assert "{{ customer.affected_org_names | default: \"your organization\" }}" in result.stdout


def test_every_planted_bad_row_is_reported_at_its_row_and_column(run, write):
    export = realistic_export()
    write("export.csv", export.text)
    result = run("recipients", "export.csv", "--check", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    placed = {(f["row"], f["check"]): f["column_number"] for f in findings}
    for row, (check, column) in export.bad.items():
        assert placed.get((row, check)) == column, (row, check)
    assert {f["file"] for f in findings} == {"export.csv"}


def test_the_same_person_in_another_letter_case_is_one_person_and_reported(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\n"
                        "Jane@Acme.io,owner,1,Acme\n"
                        " jane@acme.io ,admin,2,Beta\n"
                        "jane@acme.io,admin,2,Beta\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["Jane@Acme.io", "Acme and Beta"]]
    report = json.loads(result.stdout)
    duplicates = [f for f in report["findings"] if f["check"] == "duplicate-person"]
    assert [(f["row"], f["column"]) for f in duplicates] == [(3, "email"), (4, "email")]
    assert "letter case and spaces around it" in duplicates[0]["message"]
    assert report["summary"]["spellings_merged"] == 2 and report["summary"]["people"] == 1


@pytest.mark.parametrize(("names", "joined"), [
    ([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C"), (["A", "B", "C", "D"], "A, B, C and D"),
])
def test_orgs_are_joined_the_handbook_way(names, joined):
    assert join_names(names) == joined


def test_orgs_are_listed_alphabetically_whatever_the_export_order(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\n"
                        "a@x.io,owner,3,zeta\na@x.io,owner,1,Alpha\na@x.io,admin,2,beta\n")
    run("recipients", "export.csv", "-o", "list.csv")
    assert read_csv(tmp_path / "list.csv")[1] == ["a@x.io", "Alpha, beta and zeta"]


def test_only_the_orgs_listed_in_orgs_count_and_one_without_owner_or_admin_is_reported(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\n"
                        "a@x.io,owner,1,Alpha\na@x.io,admin,2,Beta\nb@x.io,member,3,Gamma\n")
    write("orgs.csv", "org_id\n1\n3\n4\n")
    result = run("recipients", "export.csv", "--orgs", "orgs.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["a@x.io", "Alpha"]]
    report = json.loads(result.stdout)
    missing = [(f["file"], f["row"], f["message"]) for f in report["findings"] if f["check"] == "org-without-recipients"]
    assert missing == [
        ("orgs.csv", 3, "impacted org '3' has no owner or admin with a valid email in the export (1 rows)"),
        ("orgs.csv", 4, "impacted org '4' is not in the export"),
    ]
    assert report["summary"]["dropped"]["not_impacted"] == 1


def test_org_names_that_would_break_a_subject_line_are_reported_and_made_safe(run, write, tmp_path: Path):
    write("export.csv", 'email,role,org_id,org_name\na@x.io,owner,1,"Acme\r\nInc"\nb@x.io,owner,2,"Be\u202eta"\n'
                        "c@x.io,owner,3,\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["a@x.io", "Acme Inc"], ["b@x.io", "Beta"], ["c@x.io", ""]]
    names = [(f["row"], f["column"], f["message"]) for f in json.loads(result.stdout)["findings"] if f["check"] == "org-name"]
    assert [(row, column) for row, column, _ in names] == [(2, "org_name"), (3, "org_name"), (4, "org_name")]  # a row as a spreadsheet counts it
    assert "line break" in names[0][2] and "text-direction" in names[1][2] and "fallback" in names[2][2]


def test_values_a_spreadsheet_would_run_are_reported_and_written_as_is(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\na@x.io,owner,1,=HYPERLINK(1)\n+b@x.io,owner,2,Fine\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["a@x.io", "=HYPERLINK(1)"], ["+b@x.io", "Fine"]]
    formulas = [(f["row"], f["column"]) for f in json.loads(result.stdout)["findings"] if f["check"] == "formula"]
    assert formulas == [(2, "org_name"), (3, "email")]


def test_two_orgs_of_one_person_with_the_same_name_are_written_once_and_reported(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\na@x.io,owner,1,Default\na@x.io,owner,2,default\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["a@x.io", "Default"]]
    same = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "same-org-name"]
    assert [f["row"] for f in same] == [3] and "cannot tell them apart" in same[0]["message"]


def test_an_org_named_differently_on_two_rows_is_reported_and_keeps_its_first_name(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\na@x.io,owner,1,Acme\nb@x.io,admin,1,ACME Corp\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["a@x.io", "Acme"], ["b@x.io", "Acme"]]
    assert [(f["check"], f["row"]) for f in json.loads(result.stdout)["findings"]] == [("org-name-conflict", 3)]


def test_a_row_with_an_unquoted_comma_is_left_out_not_shifted(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\na@x.io,owner,1,Acme, Inc\nb@x.io,owner,2,Beta\n\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--format", "json")
    assert read_csv(tmp_path / "list.csv")[1:] == [["b@x.io", "Beta"]]
    report = json.loads(result.stdout)
    assert [(f["check"], f["row"]) for f in report["findings"]] == [("row-shape", 2)]
    assert report["summary"]["rows"] == 2  # the blank last line is not a row


def test_columns_are_found_by_the_options_and_roles_by_the_policy_ignoring_case(run, write, tmp_path: Path):
    write("export.csv", "Mail;Level;Org;Org Name\na@x.io;15;1;Acme\nb@x.io;ADMINISTRATOR;1;Acme\nc@x.io;1;1;Acme\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--email-column", "mail", "--role-column", "Level",
                 "--org-id-column", "Org", "--org-name-column", "org name", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert read_csv(tmp_path / "list.csv")[1:] == [["a@x.io", "Acme"], ["b@x.io", "Acme"]]
    assert [f["check"] for f in json.loads(result.stdout)["findings"]] == ["delimiter"]


def test_attribute_sets_the_column_and_the_liquid(run, write, tmp_path: Path):
    write("export.csv", "email,role,org_id,org_name\na@x.io,owner,1,Acme\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--attribute", "inc_42_orgs")
    assert read_csv(tmp_path / "list.csv")[0] == ["email", "inc_42_orgs"]
    assert '{{ customer.inc_42_orgs | default: "your organization" }}' in result.stdout
