"""syntax: YAML that cannot be read as plain data is reported where reading stopped."""

from __future__ import annotations

BASE = """\
questions:
  - id: security
    prompt: Is this a security incident?
    kind: yes_no
"""


def test_a_well_formed_file_has_no_syntax_problem(findings):
    assert findings({"q.yaml": BASE}, "syntax") == []


def test_a_missing_colon_is_reported_at_its_line(findings):
    broken = BASE.replace("kind: yes_no", "kind yes_no\n    order: [")
    assert [line for line, _ in findings({"q.yaml": broken}, "syntax")] == [5]


def test_a_duplicate_key_is_reported_at_the_second_occurrence(findings):
    doubled = BASE + "    kind: single\n"
    assert findings({"q.yaml": doubled}, "syntax") == [(5, 5)]


def test_an_alias_is_refused(findings):
    aliased = "facts:\n  - &f {id: a, when: {fact: b}}\n  - *f\n"
    assert findings({"f.yaml": aliased}, "syntax") == [(2, 5)]


def test_every_file_is_read_even_after_a_broken_one(findings):
    files = {"a.yaml": "rules: [\n", "b.yaml": "facts: {\n"}
    assert len(findings(files, "syntax")) == 2
