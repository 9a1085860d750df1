"""The question flow with injected answers: order, skipping, prefilled answers, interrupts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.flow import run_flow
from incident_comms.policy.load import default_rules_dir, load_policy
from incident_comms.policy.model import MULTIPLE, YES_NO, Question


@pytest.fixture(scope="module")
def policy() -> Any:
    return load_policy(default_rules_dir())


class Scripted:
    """An `ask` that answers from a dict (else a plain default) and records what was asked."""

    def __init__(self, answers: dict[str, Any] | None = None) -> None:
        self.answers = answers or {}
        self.asked: list[str] = []

    def __call__(self, question: Question) -> Any:
        self.asked.append(question.id)
        if question.id in self.answers:
            return self.answers[question.id]
        if question.kind == YES_NO:
            return False
        if question.kind == MULTIPLE:
            return []
        return question.values[0]


def test_products_is_the_first_question_with_flags_experiments_and_workflows_first(policy: Any) -> None:
    ask = Scripted()
    run_flow(policy, {}, ask)
    first = policy.question(ask.asked[0])
    assert first.id == "products"
    assert first.kind == MULTIPLE
    assert list(first.values[:3]) == ["feature_flags", "experiments", "workflows"]


def test_security_follow_ups_are_skipped_when_it_is_not_a_security_incident(policy: Any) -> None:
    ask = Scripted({"security": False})
    run_flow(policy, {}, ask)
    assert "security" in ask.asked
    assert not {"users_can_act", "disclosure_could_alert_attacker", "data_exposed"} & set(ask.asked)


def test_security_follow_ups_are_asked_after_a_yes(policy: Any) -> None:
    ask = Scripted({"security": True})
    run_flow(policy, {}, ask)
    after = ask.asked[ask.asked.index("security") + 1 :]
    assert after[:3] == ["users_can_act", "disclosure_could_alert_attacker", "data_exposed"]


@pytest.mark.parametrize(("resolved", "asked", "skipped"), [(True, "postmortem", "status_page_current"),
                                                           (False, "status_page_current", "postmortem")])
def test_resolution_decides_which_follow_up_is_asked(policy: Any, resolved: bool, asked: str, skipped: str) -> None:
    ask = Scripted({"resolved": resolved})
    answers = run_flow(policy, {}, ask)
    assert asked in ask.asked and skipped not in ask.asked
    assert skipped not in answers


def test_prefilled_answers_are_not_asked_again(policy: Any) -> None:
    ask = Scripted()
    answers = run_flow(policy, {"severity": "critical", "products": ["logs"]}, ask)
    assert "severity" not in ask.asked and "products" not in ask.asked
    assert answers["severity"] == "critical"
    assert answers["products"] == ["logs"]


def test_a_prefilled_answer_steers_the_skipping(policy: Any) -> None:
    ask = Scripted()
    run_flow(policy, {"security": True}, ask)
    assert "data_exposed" in ask.asked


def test_questions_are_asked_in_policy_order(policy: Any) -> None:
    ask = Scripted({"security": True, "resolved": True})
    run_flow(policy, {}, ask)
    order = [q.id for q in policy.questions]
    assert ask.asked == sorted(ask.asked, key=order.index)


def test_the_flow_answers_are_complete_and_decide(policy: Any) -> None:
    answers = run_flow(policy, {}, Scripted({"definite_impact": True, "severity": "major"}))
    checked = check_answers(policy, answers)
    assert checked.missing == () and checked.ignored == ()
    decision = decide(policy, checked.answers)
    assert decision.undecided == ()
    assert decision.values["send"] is True


def test_an_interrupt_at_a_prompt_propagates_and_returns_nothing(policy: Any) -> None:
    def ask(question: Question) -> Any:
        if question.id == "security":
            raise KeyboardInterrupt
        return Scripted()(question)

    with pytest.raises(KeyboardInterrupt):
        run_flow(policy, {}, ask)


def test_end_of_input_at_a_prompt_propagates(policy: Any) -> None:
    def ask(question: Question) -> Any:
        raise EOFError

    with pytest.raises(EOFError):
        run_flow(policy, {}, ask)


def test_a_tiny_policy_folder_flows_too(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "questions:\n"
        "  - {id: a, prompt: A?, kind: yes_no}\n"
        "  - {id: b, prompt: B?, kind: yes_no, ask_when: {a: true}}\n"
        "fields:\n  send: {type: bool, required: true}\n"
        "rules:\n  - {id: r, then: {send: true}, because: always}\n",
        encoding="utf-8",
    )
    policy = load_policy(tmp_path)
    ask = Scripted({"a": False})
    assert run_flow(policy, {}, ask) == {"a": False}
    assert ask.asked == ["a"]
