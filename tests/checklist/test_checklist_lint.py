"""Reading a checklist: every problem is found, with its line, under the check id `checklist`."""

from __future__ import annotations

from pathlib import Path

from checklist_support import RULES

from incident_comms.lint.checks import checklist as checklist_check
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy

BROKEN = """\
checklist:
  - settings:
      pages: {incident-comms: {title: Incident comms}}
      colour: blue
  - id: status-page
    title: Status page
    cite: {page: incident-comms, section: What does the Comms Lead do?}
    items:
      - id: accurate
        when: {resolvd: false}
        text: Check the status page.
      - id: accurate
        text: Check it again.
      - id: security-hold
        when: {fact: attacker_alerted}
        text: Hold back.
      - id: email-timing
        when: {field: messages.email.timing, is: soon}
        text: Send it soon.
      - action: tell_everyone
        text: Tell everyone.
      - id: approvers
        text: Ask {sign_off}.
  - id: other
    title: Other
    items:
      - id: uncited
        text: Nobody says so.
      - id: bad-page
        cite: {page: blog, section: Somewhere}
        text: A blog says so.
"""


def problems_of(root: Path):
    policy, load_problems = read_policy(root)
    assert policy is not None, load_problems
    return list(checklist_check.check(LintContext(root, policy, load_problems)))


def test_the_default_checklist_is_clean():
    assert problems_of(RULES) == []


def test_a_policy_without_a_checklist_is_clean(policy_copy):
    root = policy_copy("")
    (root / "checklist.yaml").unlink()
    assert problems_of(root) == []


def test_every_problem_is_found_with_its_line(policy_copy):
    problems = problems_of(policy_copy(BROKEN))
    found = {(p.loc.line, p.message.split(": ", 1)[-1].split(" (")[0].split(";")[0]) for p in problems}
    assert {p.check for p in problems} == {"checklist"}
    assert {p.level for p in problems} == {"error"}
    assert found == {
        (4, "unknown key 'colour'"),
        (10, "unknown question 'resolvd'"),
        (12, "duplicate item id 'accurate'"),
        (15, "unknown fact 'attacker_alerted'"),
        (18, "'soon' is not a value of 'messages.email.timing'"),
        (20, "unknown action 'tell_everyone'"),
        (23, "unknown placeholder {sign_off}"),
        (27, "no handbook citation"),
        (30, "unknown page 'blog'"),
    }


def test_the_check_documents_itself():
    assert checklist_check.ID == "checklist" and checklist_check.LEVEL == "error"
    assert "PASS" in checklist_check.__doc__ and "FAIL" in checklist_check.__doc__


def test_comms_checklist_needs_a_checklist(run, policy_copy):
    root = policy_copy("")
    (root / "checklist.yaml").unlink()
    result = run("checklist", "--rules", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith("comms: error: ") and "has no checklist" in result.stderr


def test_the_actions_field_must_be_a_set_field_of_the_policy(policy_copy):
    checklist = (RULES / "checklist.yaml").read_text().replace("actions_field: actions", "actions_field: headline")
    problems = problems_of(policy_copy(checklist))
    assert [p.message for p in problems] == [
        "settings.actions_field: 'headline' is a field of type enum; name a set field"
    ]
