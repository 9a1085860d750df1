"""The quick search before a dead-rules proof (``verify/points.py``): every witness it
returns is real, and it finds them for most live rules, on many small random policies."""

from __future__ import annotations

import random

from hypothesis import given

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.policy.model import Policy
from incident_comms.verify import Analysis
from incident_comms.verify.points import Witnesses
from incident_comms.verify.witness import answers_at

from .randompolicy import PolicyMaker, brute_dead, policies
from .test_against_brute_force import SETTINGS


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
