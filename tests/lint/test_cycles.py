"""cycles: facts (and decided fields) that depend on themselves are reported."""

from __future__ import annotations

QUESTIONS = "questions:\n  - {id: security, prompt: Security incident?, kind: yes_no}\n"


def test_facts_that_build_on_each_other_without_a_loop_pass(findings):
    facts = """\
facts:
  - {id: a, when: {security: true}}
  - {id: b, when: {fact: a}}
"""
    assert findings({"q.yaml": QUESTIONS, "f.yaml": facts}, "cycles") == []


def test_two_facts_that_need_each_other_are_a_cycle(findings):
    facts = """\
facts:
  - {id: a, when: {fact: b}}
  - {id: b, when: {fact: a}}
"""
    assert findings({"q.yaml": QUESTIONS, "f.yaml": facts}, "cycles") == [(2, 5)]


def test_fields_that_decide_each_other_are_a_cycle(findings):
    policy = """\
fields:
  send: {type: bool}
  hold: {type: bool}
rules:
  - {id: r1, when: {field: hold, is: true}, then: {send: true}, because: x}
  - {id: r2, when: {field: send, is: true}, then: {hold: true}, because: x}
"""
    assert len(findings({"q.yaml": QUESTIONS, "p.yaml": policy}, "cycles")) == 1
