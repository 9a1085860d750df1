"""references: names and values must be defined by the policy."""

from __future__ import annotations

POLICY = """\
questions:
  - {id: severity, prompt: How bad?, kind: single, choices: [minor, major]}
fields:
  send: {type: bool, required: true}
rules:
  - id: send-if-major
    when: {severity: major}
    then: {send: true}
    because: Major incidents are told.
  - id: otherwise
    then: {send: false}
    because: Nothing to tell.
"""


def test_defined_names_pass(findings):
    assert findings({"p.yaml": POLICY}, "references") == []


def test_an_unknown_answer_value_is_reported(findings):
    wrong = POLICY.replace("{severity: major}", "{severity: huge}")
    assert findings({"p.yaml": wrong}, "references") == [(7, 22)]


def test_an_unknown_field_in_then_is_reported_at_its_key(findings):
    wrong = POLICY.replace("then: {send: true}", "then: {sned: true}")
    assert findings({"p.yaml": wrong}, "references") == [(8, 12)]


def test_references_work_across_files(findings):
    questions, rest = POLICY.split("fields:\n")
    assert findings({"a.yaml": questions, "b.yaml": "fields:\n" + rest}, "references") == []
