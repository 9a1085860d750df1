"""Both verifier engines agree with trying every answer set, on many small random policies.

Each test runs EXAMPLES random policies per engine (a few seconds); for the heavy sweep
set ``COMMS_VERIFY_EXAMPLES``, e.g. ``COMMS_VERIFY_EXAMPLES=3000 pytest tests/verify``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from incident_comms.answers import check_answers
from incident_comms.engine import decide, holds
from incident_comms.policy.model import SET, Policy
from incident_comms.verify import Analysis, DeadRule

from .randompolicy import (
    all_answers,
    brute_broken,
    brute_conflicts,
    brute_dead,
    brute_gaps,
    brute_never_asked,
    policies,
)

EXAMPLES = int(os.environ.get("COMMS_VERIFY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENGINES = pytest.mark.parametrize("engine", ["diagram", "sat"])


def assert_real_answers(policy: Policy, answers: dict) -> None:
    """`answers` is what a person could have answered: nothing missing, nothing ignored."""
    checked = check_answers(policy, answers)
    assert (checked.missing, checked.ignored) == ((), ())
    assert checked.answers == answers


@SETTINGS
@given(policies())
def test_every_compiled_rule_matches_exactly_where_the_engine_says(policy: Policy) -> None:
    space = Analysis(policy).regions
    for answers in all_answers(policy):
        point = space.point(answers)
        assert space.diagram.holds_at(space.valid, point)
        for rule in policy.rules:
            assert space.diagram.holds_at(space.rule(rule), point) == holds(policy, answers, rule.when), rule.id


@ENGINES
@SETTINGS
@given(policies())
def test_gaps_are_exactly_the_undecided_required_slots(engine: str, policy: Policy) -> None:
    gaps = list(Analysis(policy, engine=engine).gaps())
    assert {g.slot for g in gaps} == brute_gaps(policy)
    for gap in gaps:
        assert_real_answers(policy, gap.answers)
        assert gap.slot in decide(policy, gap.answers).undecided


@ENGINES
@pytest.mark.parametrize("quick", [False, True], ids=["proof-only", "witnesses-first"])
@SETTINGS
@given(policies())
def test_dead_rules_are_exactly_the_rules_that_never_decide(engine: str, quick: bool, policy: Policy) -> None:
    dead = list(Analysis(policy, engine=engine, quick=quick).dead_rules())
    assert {d.rule.id for d in dead} == brute_dead(policy)
    for d in dead:
        assert all(s.index < d.rule.index for s in d.shadowing)
        for answers in all_answers(policy):
            if holds(policy, answers, d.rule.when):
                assert_shadowed_here(policy, d, answers)


def assert_shadowed_here(policy: Policy, dead: DeadRule, answers: dict) -> None:
    """Where the dead rule matches, the named shadowing rules decide all it sets."""
    matching = [r for r in dead.shadowing if holds(policy, answers, r.when)]
    for assignment in dead.rule.sets:
        is_set = policy.slot_spec(assignment.slot).type == SET
        for item in assignment.value if is_set else [None]:
            assert any(
                a.slot == assignment.slot and (not is_set or item in a.value) for r in matching for a in r.sets
            ), (dead.rule.id, assignment.slot, item)


@ENGINES
@SETTINGS
@given(policies())
def test_invariant_verdicts_match_and_counterexamples_break_them(engine: str, policy: Policy) -> None:
    broken = list(Analysis(policy, engine=engine).broken_invariants())
    assert {b.invariant.id for b in broken} == brute_broken(policy)
    for b in broken:
        assert_real_answers(policy, b.answers)
        assert holds(policy, b.answers, b.invariant.when)
        assert not holds(policy, b.answers, b.invariant.require)


@ENGINES
@SETTINGS
@given(policies())
def test_conflicts_and_unasked_questions_match(engine: str, policy: Policy) -> None:
    analysis = Analysis(policy, engine=engine)
    conflicts = list(analysis.conflicts())
    assert {(c.slot, c.first.id, c.second.id) for c in conflicts} == brute_conflicts(policy)
    for c in conflicts:
        assert_real_answers(policy, c.answers)
        assert holds(policy, c.answers, c.first.when) and holds(policy, c.answers, c.second.when)
    assert {q.id for q in analysis.never_asked()} == brute_never_asked(policy)


@SETTINGS
@given(policies())
def test_the_engines_find_the_same_things(policy: Policy) -> None:
    diagram, sat = Analysis(policy, engine="diagram", quick=False), Analysis(policy, engine="sat", quick=False)
    assert [g.slot for g in diagram.gaps()] == [g.slot for g in sat.gaps()]
    assert [(d.rule.id, d.never_matches) for d in diagram.dead_rules()] == [
        (d.rule.id, d.never_matches) for d in sat.dead_rules()
    ]
    quick = Analysis(policy, engine="sat", quick=True)  # witnesses first, the solver for the rest
    assert [(d.rule.id, d.never_matches) for d in quick.dead_rules()] == [
        (d.rule.id, d.never_matches) for d in diagram.dead_rules()
    ]
    assert [b.invariant.id for b in diagram.broken_invariants()] == [b.invariant.id for b in sat.broken_invariants()]
    assert [(c.slot, c.first.id, c.second.id) for c in diagram.conflicts()] == [
        (c.slot, c.first.id, c.second.id) for c in sat.conflicts()
    ]
