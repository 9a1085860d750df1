"""duplicate-id: ids are unique across the whole folder; the second one is reported."""

from __future__ import annotations

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
