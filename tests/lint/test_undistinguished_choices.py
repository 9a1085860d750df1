"""undistinguished-choices: choices that no condition tells apart, and questions nothing uses."""

from __future__ import annotations

from incident_comms.lint.checks import undistinguished_choices
from incident_comms.lint.context import LintContext
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import Policy

QUESTIONS = """
questions:
  - id: data_impact
    kind: single
    prompt: Data?
    choices: [{value: none, label: None}, {value: delayed, label: Delayed}, {value: lost, label: Lost}]
  - id: products
    kind: multiple
    prompt: Products?
    choices: [{value: logs, label: Logs}, {value: cdp, label: CDP}, {value: sdk, label: SDK}]
  - {id: security, kind: yes_no, prompt: Security?}
fields:
  send: {type: bool}
"""


def lint(write_policy, rules: str, questions: str = QUESTIONS) -> tuple[Policy, list]:
    root = write_policy({"questions.yaml": questions, "rules.yaml": rules})
    policy, problems = read_policy(root)
    assert policy is not None and problems == []
    return policy, list(undistinguished_choices.check(LintContext(root, policy, problems)))


def messages(problems: list) -> list[str]:
    return [p.message for p in problems]


def test_choices_every_condition_treats_alike_are_reported(write_policy) -> None:
    policy, problems = lint(write_policy, """
        rules:
          - {id: lost, when: {data_impact: lost}, then: {send: true}, because: x}
          - {id: logs, when: {products: {includes: logs}, security: true}, then: {send: true}, because: x}
    """)
    data_impact = [p for p in problems if "'data_impact'" in p.message]
    [problem] = data_impact
    assert (problem.check, problem.level) == ("undistinguished-choices", "warning")
    assert problem.loc == policy.question("data_impact").loc
    assert "'none' and 'delayed'" in problem.message


def test_untested_choices_of_a_several_choices_question_are_reported(write_policy) -> None:
    _, problems = lint(write_policy, """
        rules:
          - {id: logs, when: {products: {includes: logs}, security: true, data_impact: {in: [none, lost]}}, then: {send: true}, because: x}
    """)
    assert messages(problems) == [
        (
            "choices 'none' and 'lost' of 'data_impact' are treated alike by every condition; "
            "add a rule that tells them apart, or merge them"
        ),
        "choices 'cdp' and 'sdk' of 'products' are tested by no condition, so picking them changes nothing",
    ]


def test_a_question_no_condition_uses_is_reported_once(write_policy) -> None:
    _, problems = lint(write_policy, """
        rules:
          - {id: lost, when: {data_impact: lost}, then: {send: true}, because: x}
          - {id: delayed, when: {data_impact: delayed}, then: {send: false}, because: x}
          - {id: all-products, when: [{products: {includes: logs}}, {products: {includes: cdp}}, {products: {includes: sdk}}], then: {send: true}, because: x}
    """)
    [problem] = problems
    assert "question 'security' is tested by no condition" in problem.message


def test_a_yes_no_question_tested_only_for_being_answered_is_reported(write_policy) -> None:
    _, problems = lint(write_policy, """
        rules:
          - {id: any-answer, when: {security: {in: [true, false]}}, then: {send: true}, because: x}
    """)
    assert any("choices true and false of 'security'" in m for m in messages(problems))


def test_informational_questions_and_fully_used_ones_pass(write_policy) -> None:
    questions = QUESTIONS.replace("id: products\n", "id: products\n    informational: true\n")
    _, problems = lint(write_policy, """
        facts:
          - {id: lost, when: {data_impact: lost}}
        rules:
          - {id: lost, when: {fact: lost}, then: {send: true}, because: x}
          - {id: delayed, when: {data_impact: delayed}, then: {send: false}, because: x}
        invariants:
          - {id: security-sends, when: {security: true}, require: {field: send, is: true}, because: x}
    """, questions)
    assert problems == []


def test_a_choice_the_checklist_tells_apart_is_not_reported(write_policy) -> None:
    rules = """
        rules:
          - {id: lost, when: {data_impact: lost}, then: {send: true}, because: x}
          - {id: quiet, then: {send: false}, because: x}
        checklist:
          - id: data
            title: Data
            items:
              - id: delayed
                when: {data_impact: delayed}
                text: Say the data is delayed, not lost.
                cite: {page: guide, section: Data}
          - settings:
              pages: {guide: {title: Guide}}
    """
    plain = rules.split("        checklist:")[0]
    _, without = lint(write_policy, plain)
    assert any("'none' and 'delayed'" in m for m in messages(without))
    _, with_checklist = lint(write_policy, rules)
    assert not any("'data_impact'" in m for m in messages(with_checklist))
