"""duplicate-id: ids are unique across the whole folder; the second one is reported."""

from __future__ import annotations

from pathlib import Path

RULES = """\
rules:
  - id: otherwise
    then: {send: false}
    because: Nothing to tell.
"""
FIELDS = "fields:\n  send: {type: bool, required: true}\n"


def test_unique_ids_pass(findings):
    assert findings({"f.yaml": FIELDS, "r.yaml": RULES}, "duplicate-id") == []


def test_the_same_rule_id_in_two_files_is_reported_in_the_second(findings):
    found = findings({"f.yaml": FIELDS, "r1.yaml": RULES, "r2.yaml": RULES}, "duplicate-id")
    assert found == [(2, 5)]


def test_the_message_names_the_first_occurrence(write_policy):
    from incident_comms.lint.runner import lint_paths

    root = write_policy({"f.yaml": FIELDS, "r1.yaml": RULES, "r2.yaml": RULES})
    [problem] = [p for p in lint_paths([root]).problems if p.check == "duplicate-id"]
    assert problem.loc.path.endswith("r2.yaml")
    assert "r1.yaml:2:5" in problem.message


EVERY_KIND = """\
questions:
  - id: severity
    prompt: How bad?
    kind: single
    choices: [low, high, low]
facts:
  - id: bad
    when: {severity: high}
  - id: bad
    when: {severity: low}
fields:
  send: {type: bool, required: true}
  level: {type: enum, values: [a, b, a]}
rules:
  - id: otherwise
    then: {send: false, level: a}
    because: Nothing to tell.
invariants:
  - id: quiet
    require: {field: send, is: false}
    because: Never.
  - id: quiet
    require: {field: send, is: false}
    because: Never.
"""


def test_each_declared_kind_of_id_is_named_in_its_message(write_policy):
    from incident_comms.lint.runner import lint_paths

    root = write_policy({"p.yaml": EVERY_KIND})
    found = [(p.loc.line, p.loc.column, p.message.replace(str(root / "p.yaml"), "p.yaml"))
             for p in lint_paths([root]).problems if p.check == "duplicate-id"]
    assert found == [
        (5, 26, "duplicate choice id 'low' (first at p.yaml:5:15)"),
        (9, 5, "duplicate fact id 'bad' (first at p.yaml:7:5)"),
        (13, 38, "duplicate value id 'a' (first at p.yaml:13:32)"),
        (22, 5, "duplicate invariant id 'quiet' (first at p.yaml:19:5)"),
    ]


def test_checklist_sections_and_drafts_say_the_key_path_and_the_first_line(tmp_path):
    import shutil

    from incident_comms.checklist.read import read_checklist
    from incident_comms.drafts.read import read_drafts
    from incident_comms.policy import default_rules_dir
    from incident_comms.policy.load import read_policy

    root = tmp_path / "policy"
    shutil.copytree(Path(__file__).parents[1] / "drafts" / "fixtures" / "basic", root)
    drafts = root / "drafts.yaml"
    drafts.write_text(drafts.read_text(encoding="utf-8").replace("  - id: email-now", "  - id: status-page"), encoding="utf-8")
    checklist = (default_rules_dir() / "checklist.yaml").read_text(encoding="utf-8")
    (root / "checklist.yaml").write_text(checklist.replace("  - id: join", "  - id: appointment", 1), encoding="utf-8")
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    found = [(p.check, p.loc.line, p.message) for read in (read_checklist, read_drafts) for p in read(policy)[1]
             if "duplicate" in p.message]
    sections, draft_ids = (_lines(root / name, line) for name, line in
                           (("checklist.yaml", "  - id: appointment"), ("drafts.yaml", "  - id: status-page")))
    assert found == [
        ("checklist", sections[1], f"checklist[2].id: duplicate section id 'appointment' (first at line {sections[0]})"),
        ("drafts", draft_ids[1], f"drafts[3].id: duplicate draft id 'status-page' (first at line {draft_ids[0]})"),
    ]


def _lines(path: Path, line: str) -> list[int]:
    return [number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text == line]
