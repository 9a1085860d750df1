"""invariants: promises proved over every possible incident, or broken with answers that show it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.lint.checks import invariants
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import Policy
from incident_comms.verify import Analysis

POLICY = """
questions:
  - {id: security, kind: yes_no, prompt: Security incident?}
  - {id: users_can_act, kind: yes_no, prompt: Can users act?, ask_when: {security: true}}
  - {id: definite_impact, kind: yes_no, prompt: Definite impact?}
fields:
  send: {type: bool, required: true}
  messages:
    type: records
    key: channel
    values: [email]
    attributes:
      timing: [now, hold]
rules:
  - {id: send-if-security, when: {security: true}, then: {send: true}, because: x}
  - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
  - {id: otherwise-nothing, then: {send: false}, because: x}
  - {id: email-now-if-users-act, when: {users_can_act: true}, then: {messages: {email: {timing: now}}}, because: x}
  - {id: email-hold-on-security, when: {security: true}, then: {messages: {email: {timing: hold}}}, because: x}
"""


def lint(write_policy, invariants_yaml: str) -> tuple[Policy, list]:
    root = write_policy({"policy.yaml": POLICY, "zz-invariants.yaml": invariants_yaml})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    return policy, list(invariants.check(LintContext(root, policy, problems)))


NO_COMMS_WITHOUT_IMPACT = """
invariants:
  - id: no-comms-without-impact
    when: {definite_impact: false}
    require: {field: send, is: false}
    because: x
"""


def test_a_broken_invariant_comes_with_answers_that_break_it(write_policy, tmp_path: Path) -> None:
    policy, [problem] = lint(write_policy, NO_COMMS_WITHOUT_IMPACT)
    assert (problem.check, problem.level) == ("invariants", "error")
    assert problem.loc == policy.invariants[0].loc
    answers = problem.counterexample
    checked = check_answers(policy, answers)
    assert (checked.missing, checked.ignored, checked.answers) == ((), (), answers)
    assert answers["definite_impact"] is False and decide(policy, answers).values["send"] is True

    answers_file = tmp_path / "broken.yaml"
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    comms = Path(sys.executable).parent / "comms"
    done = subprocess.run(
        [str(comms), "assess", "--rules", str(policy.root), "--answers", str(answers_file), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["answers"]["definite_impact"] is False and record["decision"]["send"] is True


def test_an_invariant_that_holds_everywhere_passes(write_policy) -> None:
    _, problems = lint(write_policy, """
        invariants:
          - id: security-sends
            when: {security: true}
            require: {field: send, is: true}
            because: x
    """)
    assert problems == []


def test_invariants_can_test_record_attributes(write_policy) -> None:
    # The hold on security comes after the users-can-act rule, so users who can act hear now.
    _, problems = lint(write_policy, """
        invariants:
          - id: users-who-can-act-hear-now
            when: {users_can_act: true}
            require: {field: messages.email.timing, is: now}
            because: x
          - id: security-email-always-holds
            when: {security: true}
            require: {field: messages.email.timing, is: hold}
            because: x
    """)
    [problem] = problems
    assert "'security-email-always-holds'" in problem.message
    assert problem.counterexample["users_can_act"] is True


def test_the_default_policy_keeps_its_promises(default_policy: Policy) -> None:
    assert default_policy.invariants
    assert list(Analysis(default_policy).broken_invariants()) == []
