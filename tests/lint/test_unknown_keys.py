"""unknown-key: a key the format does not know is reported where it is written."""

from __future__ import annotations

POLICY = """\
questions:
  - {id: security, prompt: Security incident?, kind: yes_no}
fields:
  send: {type: bool, required: true}
rules:
  - id: otherwise
    then: {send: false}
    because: Nothing to tell.
"""


def test_known_keys_pass(findings):
    assert findings({"p.yaml": POLICY}, "unknown-key") == []


def test_a_misspelt_key_is_reported_at_the_key(findings):
    typo = POLICY.replace("    because:", "    becuase:")
    assert findings({"p.yaml": typo}, "unknown-key") == [(8, 5)]


def test_an_unknown_section_is_reported(findings):
    assert findings({"p.yaml": POLICY + "rulez: []\n"}, "unknown-key") == [(9, 1)]
