"""schema (the lint check): wrong shapes are reported at the entry or value.

(Named test_schema_check.py: tests/test_schema.py tests `comms schema`.)
"""

from __future__ import annotations

QUESTION = """\
questions:
  - id: security
    prompt: Is this a security incident?
    kind: yes_no
"""


def test_a_complete_question_passes(findings):
    assert findings({"q.yaml": QUESTION}, "schema") == []


def test_a_missing_kind_is_reported_at_the_question(findings):
    missing = QUESTION.replace("    kind: yes_no\n", "")
    assert findings({"q.yaml": missing}, "schema") == [(2, 5)]


def test_an_unknown_question_kind_is_reported_at_the_kind(findings):
    wrong = QUESTION.replace("kind: yes_no", "kind: maybe")
    assert findings({"q.yaml": wrong}, "schema") == [(4, 11)]


def test_a_list_where_text_is_expected_is_reported(findings):
    wrong = QUESTION.replace("prompt: Is this a security incident?", "prompt: [Is this a security incident?]")
    assert findings({"q.yaml": wrong}, "schema") == [(3, 13)]


def test_a_top_level_list_is_reported_at_the_start_of_the_file(findings):
    assert findings({"q.yaml": "- id: security\n"}, "schema") == [(1, 1)]
