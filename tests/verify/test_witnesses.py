"""The quick search before a dead-rules proof (``verify/points.py``): every witness it
returns is real, and it finds them for most live rules, on many small random policies."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import given

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.policy.load import read_policy
from incident_comms.policy.model import All, Condition, FieldIn, Policy
from incident_comms.verify import Analysis
from incident_comms.verify.points import Witnesses
from incident_comms.verify.witness import answers_at

from .randompolicy import PolicyMaker, brute_dead, policies
from .test_against_brute_force import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def decided_by(witnesses: Witnesses, chain: str, point: int) -> str:
    """Replay a witness through the engine: the rule that decides its chain there."""
    answers = answers_at(witnesses.space, witnesses.path(point))
    checked = check_answers(witnesses.policy, answers)
    assert (checked.missing, checked.ignored) == ((), ()), answers  # answers a person could give
    slot = chain.replace("[", ".").rstrip("]")  # actions[plan] is decided_by's actions.plan
    decision = decide(witnesses.policy, answers)
    return decision.decided_by[slot].id if slot in decision.decided_by else ""


@SETTINGS
@given(policies())
def test_every_witness_is_answers_where_its_rule_decides_first(policy: Policy) -> None:
    witnesses = Witnesses(Analysis(policy).layout())
    found = witnesses.alive()
    assert not set(found) & brute_dead(policy)
    for rule_id, (chain, point) in found.items():
        assert witnesses.is_valid(point)
        assert decided_by(witnesses, chain, point) == rule_id


def test_the_search_shows_most_live_rules_alive() -> None:
    """Not a search that never finds anything: over 200 random policies, most live rules have a witness."""
    live = witnessed = 0
    for seed in range(200):
        policy = PolicyMaker(random.Random(seed)).policy()
        alive = {r.id for r in policy.rules} - brute_dead(policy)
        live += len(alive)
        witnessed += len(alive & set(Witnesses(Analysis(policy).layout()).alive()))
    assert witnessed >= 0.9 * live, (witnessed, live)


def test_on_a_bench_shaped_policy_every_witness_replays_and_most_rules_have_one(tmp_path: Path) -> None:
    """The shape the search is tuned for (decision-tree chains, field tests, set items):
    what it returns is still exactly where its rule decides first."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import lint_scale
    finally:
        sys.path.remove(str(ROOT / "bench"))
    lint_scale.Generator(600, 40, 3).write(tmp_path)
    policy, problems = read_policy(tmp_path)
    assert policy is not None, problems
    witnesses = Witnesses(Analysis(policy).layout())
    found = witnesses.alive()
    assert len(found) >= 0.9 * len(policy.rules)
    assert any(rule.id in found and any(isinstance(part, FieldIn) for part in atoms_and_fields(rule.when))
               for rule in policy.rules)  # rules that test a decided field, too
    for rule_id, (chain, point) in found.items():
        assert witnesses.is_valid(point)
        assert decided_by(witnesses, chain, point) == rule_id


def atoms_and_fields(condition: Condition) -> list[Condition]:
    """The parts of a conjunction (a bench rule's condition is one)."""
    return list(condition.items) if isinstance(condition, All) else [condition]
