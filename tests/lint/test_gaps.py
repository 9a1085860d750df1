"""gaps: a required field left undecided for some possible answers, with answers that show it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.lint.checks import gaps
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import Policy
from incident_comms.verify import Analysis

QUESTIONS = """
questions:
  - {id: security, kind: yes_no, prompt: Security incident?}
  - {id: users_can_act, kind: yes_no, prompt: Can users act?, ask_when: {security: true}}
  - id: products
    kind: multiple
    prompt: Products?
    choices: [{value: logs, label: Logs}, {value: cdp, label: CDP}, {value: sdk, label: SDK}]
  - {id: definite_impact, kind: yes_no, prompt: Definite impact?}
fields:
  send: {type: bool, required: true}
"""


def lint(write_policy, rules: str) -> tuple[Policy, list]:
    root = write_policy({"questions.yaml": QUESTIONS, "rules.yaml": rules})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    return policy, list(gaps.check(LintContext(root, policy, problems)))


def assert_real_answers(policy: Policy, answers: dict) -> None:
    checked = check_answers(policy, answers)
    assert (checked.missing, checked.ignored, checked.answers) == ((), (), answers)


def test_a_missing_case_is_reported_at_the_field_with_answers_that_leave_it_undecided(write_policy) -> None:
    policy, problems = lint(write_policy, """
        rules:
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
    """)
    [problem] = problems
    assert (problem.check, problem.level) == ("gaps", "error")
    assert problem.loc == policy.fields["send"].loc
    assert "'send'" in problem.message and "definite_impact=false" in problem.message
    assert_real_answers(policy, problem.counterexample)
    assert decide(policy, problem.counterexample).undecided == ("send",)


def test_a_catch_all_closes_the_gap(write_policy) -> None:
    _, problems = lint(write_policy, """
        rules:
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
          - {id: otherwise-nothing, then: {send: false}, because: x}
    """)
    assert problems == []


def test_a_follow_up_question_counts_only_where_it_is_asked(write_policy) -> None:
    # users_can_act is asked exactly when security is true, so these three rules cover everything.
    _, problems = lint(write_policy, """
        rules:
          - {id: act, when: {users_can_act: true}, then: {send: true}, because: x}
          - {id: cannot-act, when: {users_can_act: false}, then: {send: false}, because: x}
          - {id: not-security, when: {security: false}, then: {send: false}, because: x}
    """)
    assert problems == []


def test_the_gap_description_names_only_what_matters(write_policy) -> None:
    policy, problems = lint(write_policy, """
        rules:
          - {id: act, when: {users_can_act: true}, then: {send: true}, because: x}
          - {id: not-security, when: {security: false}, then: {send: false}, because: x}
    """)
    [problem] = problems
    assert "users_can_act=false" in problem.message
    assert "definite_impact" not in problem.message and "products" not in problem.message
    assert_real_answers(policy, problem.counterexample)
    assert problem.counterexample["users_can_act"] is False


def test_a_gap_that_needs_a_choice_picked_has_it_in_the_answers_list(write_policy) -> None:
    policy, problems = lint(write_policy, """
        rules:
          - {id: no-logs, when: {not: {products: {includes: logs}}}, then: {send: false}, because: x}
          - {id: logs-and-cdp, when: [{products: {includes: logs}}, {products: {includes: cdp}}], then: {send: true}, because: x}
    """)
    [problem] = problems
    assert "products includes logs" in problem.message and "products does not include cdp" in problem.message
    assert problem.counterexample["products"] == ["logs"]
    assert_real_answers(policy, problem.counterexample)


def test_comms_assess_replays_the_counterexample(write_policy, tmp_path: Path) -> None:
    policy, [problem] = lint(write_policy, """
        rules:
          - {id: send-if-impact, when: {definite_impact: true}, then: {send: true}, because: x}
    """)
    answers = tmp_path / "gap.json"
    answers.write_text(json.dumps(problem.counterexample), encoding="utf-8")
    comms = Path(sys.executable).parent / "comms"
    done = subprocess.run(
        [str(comms), "assess", "--rules", str(policy.root), "--answers", str(answers), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert "decides no value for send" in done.stderr
    assert "missing answers" not in done.stderr


def test_the_default_policy_decides_every_required_field(default_policy: Policy) -> None:
    assert list(Analysis(default_policy).gaps()) == []


RECORDS_QUESTIONS = """
questions:
  - {id: security, kind: yes_no, prompt: Security incident?}
fields:
  messages:
    type: records
    key: channel
    required: true
    values: [email, social]
    attributes:
      timing: [now, later]
"""


def test_a_required_records_key_no_rule_decides_is_a_gap_and_none_is_a_decision(write_policy) -> None:
    decided_by_none = """
        rules:
          - {id: email, when: {security: true}, then: {messages: {email: {timing: now}}}, because: x}
          - {id: no-email, then: {messages: {email: none}}, because: x}
    """
    root = write_policy({"questions.yaml": RECORDS_QUESTIONS, "rules.yaml": decided_by_none})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    [problem] = gaps.check(LintContext(root, policy, problems))
    assert "required field 'messages.social' is decided by no rule" in problem.message
    assert decide(policy, problem.counterexample).undecided == ("messages.social",)
    decided = decided_by_none.rstrip() + "\n          - {id: never-social, then: {messages: {social: none}}, because: x}\n"
    root = write_policy({"questions.yaml": RECORDS_QUESTIONS, "rules.yaml": decided})
    policy, problems = read_policy(root)
    assert policy is not None and list(gaps.check(LintContext(root, policy, problems))) == []


def test_the_default_policy_needs_its_catch_all_none_for_in_app(tmp_path: Path) -> None:
    import shutil

    rules = Path(__file__).resolve().parents[2] / "rules"
    root = tmp_path / "rules"
    shutil.copytree(rules, root)
    messages = root / "messages.yaml"
    text = messages.read_text(encoding="utf-8")
    assert text.count("        in_app: none\n") == 1
    messages.write_text(text.replace("        in_app: none\n", ""), encoding="utf-8")
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    found = [p.message for p in gaps.check(LintContext(root, policy, problems))]
    assert len(found) == 1 and "'messages.in_app' is decided by no rule" in found[0]
