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


def test_kind_comes_first_then_products_with_flags_experiments_and_workflows_first(policy: Any) -> None:
    ask = Scripted()
    run_flow(policy, {}, ask)
    assert ask.asked[:2] == ["kind", "products"]
    products = policy.question("products")
    assert products.kind == MULTIPLE
    assert list(products.values[:3]) == ["feature_flags", "experiments", "workflows"]


def test_planned_maintenance_asks_only_its_own_questions(policy: Any) -> None:
    ask = Scripted({"kind": "planned_maintenance"})
    run_flow(policy, {}, ask)
    assert ask.asked == ["kind", "products", "region", "users_can_act", "maintenance_disruptive"]


def test_security_follow_ups_are_skipped_when_it_is_not_a_security_incident(policy: Any) -> None:
    ask = Scripted({"security": False})
    run_flow(policy, {}, ask)
    assert "security" in ask.asked and "availability_attack" in ask.asked
    assert not {"disclosure_could_alert_attacker", "data_exposed"} & set(ask.asked)


def test_security_follow_ups_are_asked_after_a_yes(policy: Any) -> None:
    ask = Scripted({"security": True})
    run_flow(policy, {}, ask)
    after = ask.asked[ask.asked.index("security") + 1 :]
    assert after[:2] == ["disclosure_could_alert_attacker", "data_exposed"]
    assert "availability_attack" not in ask.asked


@pytest.mark.parametrize(("resolved", "asked"), [(True, True), (False, False)])
def test_the_post_mortem_is_asked_only_once_resolved(policy: Any, resolved: bool, asked: bool) -> None:
    ask = Scripted({"resolved": resolved})
    answers = run_flow(policy, {}, ask)
    assert ("postmortem" in ask.asked) is asked and ("postmortem" in answers) is asked


@pytest.mark.parametrize(("answers", "asked"), [({"definite_impact": True}, True), ({"data_impact": "lost"}, True),
                                                ({}, False)])
def test_the_status_page_is_asked_only_with_impact(policy: Any, answers: dict[str, Any], asked: bool) -> None:
    ask = Scripted(answers)
    run_flow(policy, {}, ask)
    assert ("status_page" in ask.asked) is asked


def test_a_bare_enter_is_never_the_first_choice_of_a_question_without_default(policy: Any) -> None:
    """A prompt that returns nothing (a bare Enter) for severity is not read as "minor"."""
    from incident_comms.errors import CommsError
    from incident_comms.prompting import describe

    assert describe(policy.question("severity")).enter_needs_a_move
    assert not describe(policy.question("kind")).enter_needs_a_move  # a default: Enter takes it
    ask = Scripted({"severity": None})
    with pytest.raises(CommsError, match="severity"):
        run_flow(policy, {}, ask)


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
