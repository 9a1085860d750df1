"""unasked-questions: a question whose ask_when no possible earlier answers satisfy."""

from __future__ import annotations

from incident_comms.lint.checks import unasked_questions
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import Policy
from incident_comms.verify import Analysis


def lint(write_policy, questions: str) -> tuple[Policy, list]:
    root = write_policy({"questions.yaml": questions})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    return policy, list(unasked_questions.check(LintContext(root, policy, problems)))


def test_a_question_only_asked_after_a_contradiction_is_reported(write_policy) -> None:
    policy, [problem] = lint(write_policy, """
        questions:
          - {id: security, kind: yes_no, prompt: Security?}
          - {id: data_exposed, kind: yes_no, prompt: Exposed?, ask_when: {all: [{security: true}, {security: false}]}}
    """)
    assert (problem.check, problem.level) == ("unasked-questions", "warning")
    assert problem.loc == policy.question("data_exposed").loc
    assert "'data_exposed'" in problem.message


def test_a_question_that_needs_an_answer_that_is_never_given_is_reported(write_policy) -> None:
    # users_can_act is only asked for security incidents; the follow-up wants it outside them.
    policy, [problem] = lint(write_policy, """
        questions:
          - {id: security, kind: yes_no, prompt: Security?}
          - {id: users_can_act, kind: yes_no, prompt: Can act?, ask_when: {security: true}}
          - {id: which_steps, kind: yes_no, prompt: Steps?, ask_when: {security: false, users_can_act: true}}
    """)
    assert problem.loc == policy.question("which_steps").loc


def test_follow_up_questions_that_can_be_asked_pass(write_policy) -> None:
    _, problems = lint(write_policy, """
        questions:
          - {id: security, kind: yes_no, prompt: Security?}
          - {id: users_can_act, kind: yes_no, prompt: Can act?, ask_when: {security: true}}
          - {id: which_steps, kind: yes_no, prompt: Steps?, ask_when: {users_can_act: true}}
    """)
    assert problems == []


def test_every_question_of_the_default_policy_can_be_asked(default_policy: Policy) -> None:
    assert list(Analysis(default_policy).never_asked()) == []
