"""The recipients settings in the policy folder: read by the command, checked by `comms lint`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from recipients_support import RULES, read_csv

from incident_comms.policy.load import read_policy
from incident_comms.recipients.settings import read_settings


def _policy_with(tmp_path: Path, text: str | None) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    if text is None:
        (root / "recipients.yaml").unlink()
    else:
        (root / "recipients.yaml").write_text(text, encoding="utf-8")
    return root


def test_the_default_policy_names_the_attribute_the_email_draft_uses():
    policy, problems = read_policy(RULES)
    settings, found = read_settings(policy)
    assert problems == [] and found == []
    assert settings.attribute == "affected_org_names"
    assert settings.liquid() == '{{ customer.affected_org_names | default: "your organization" }}'
    assert settings.liquid() in (RULES / "recipients.yaml").read_text(encoding="utf-8")


def test_the_policy_decides_which_roles_count_and_the_column_names(run, write, tmp_path: Path):
    root = _policy_with(tmp_path, "recipients:\n  attribute: orgs_hit\n  recipient_roles: [Boss]\n"
                                  "  other_roles: [staff]\n  columns: {email: mail, org_name: company}\n")
    write("export.csv", "mail,role,org_id,company\na@x.io,boss,1,Acme\nb@x.io,staff,1,Acme\nc@x.io,owner,1,Acme\n")
    result = run("recipients", "export.csv", "-o", "list.csv", "--rules", str(root), "--format", "json")
    assert read_csv(tmp_path / "list.csv") == [["email", "orgs_hit"], ["a@x.io", "Acme"]]
    report = json.loads(result.stdout)
    assert [(f["check"], f["row"]) for f in report["findings"]] == [("unknown-role", 4)]


MINIMAL = """\
questions:
  - {id: security, prompt: Security?, kind: yes_no}
fields:
  send: {type: bool, required: true}
rules:
  - {id: tell, when: {security: true}, then: {send: true}, because: Say it.}
  - {id: otherwise, then: {send: false}, because: Nothing to tell.}
"""


def test_lint_reports_bad_settings_at_their_lines(run, tmp_path: Path):
    root = tmp_path / "rules"
    root.mkdir()
    (root / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (root / "recipients.yaml").write_text("recipients:\n  attribute: affected-org-names\n  recipient_roles: [owner, admin]\n"
                                  "  other_roles: [member, Admin]\n  fallback: 'say \"hi\"'\n  colour: red\n", encoding="utf-8")
    result = run("lint", "--format", "concise", str(root))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "recipients.yaml" in line]
    assert any(":2:14: error [recipients] recipients.attribute: 'affected-org-names' is not a Liquid name" in line
               for line in lines), lines
    assert any(":4:16: error [recipients] recipients.other_roles: admin also in recipient_roles" in line for line in lines)
    assert any("recipients.fallback" in line for line in lines)
    assert any(":6:3: error [unknown-key]" in line or "[recipients] recipients: unknown key 'colour'" in line
               for line in lines)


def test_a_policy_without_recipients_settings_is_one_line_and_exit_2(run, write, tmp_path: Path):
    root = _policy_with(tmp_path, None)
    write("export.csv", "email,role,org_id,org_name\na@x.io,owner,1,Acme\n")
    result = run("recipients", "export.csv", "--check", "--rules", str(root))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("this policy has no recipients settings (add a `recipients:` section)")
    policy, problems = read_policy(root)
    assert problems == [] and read_settings(policy) == (None, [])  # lint: a policy may do without


def test_the_editor_schema_knows_the_same_keys_as_the_reader():
    import jsonschema
    import yaml

    from incident_comms.jsonschema import rules_schema
    from incident_comms.policy.sections.recipients import RECIPIENTS
    from incident_comms.recipients.model import COLUMNS

    schema = rules_schema()
    definition = schema["definitions"]["recipients"]
    assert tuple(definition["properties"]) == RECIPIENTS.names and tuple(definition["required"]) == RECIPIENTS.required
    assert tuple(schema["definitions"]["recipients_columns"]["properties"]) == COLUMNS
    validator = jsonschema.Draft7Validator(schema)
    bad = yaml.safe_load("recipients: {attribute: affected-org-names, recipient_roles: [owner], colour: red}")
    assert len(list(validator.iter_errors(bad))) == 2


def test_lint_reports_a_draft_that_reads_another_org_attribute_than_the_csv_fills(run, tmp_path: Path):
    root = tmp_path / "rules"
    root.mkdir()
    (root / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (root / "recipients.yaml").write_text("recipients: {attribute: affected_org_names, recipient_roles: [owner]}\n",
                                          encoding="utf-8")
    (root / "z.yaml").write_text(
        "drafts:\n"
        "  - id: good\n"
        "    body: '{% raw %}{{ customer.affected_org_names | default: \"x\" }} {{ customer.first_name }}{% endraw %}'\n"
        "  - id: drifted\n"
        "    subject: '{% raw %}{{ customer.org_name }}{% endraw %}'\n", encoding="utf-8")
    policy, _ = read_policy(root)
    from incident_comms.recipients.settings import draft_disagreements, load_settings

    found = draft_disagreements(policy, load_settings(policy))
    assert [(p.loc.line, p.check) for p in found] == [(5, "recipients")]
    assert "reads customer.org_name, but comms recipients fills customer.affected_org_names" in found[0].message
    lines = run("lint", "--format", "concise", str(root)).stdout.splitlines()
    assert any("z.yaml:5:14: error [recipients] drafts[1].subject: reads customer.org_name" in line for line in lines), lines
