"""The completeness proof agrees with trying every answer set, on many small random policies with drafts."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_comms.answers import check_answers
from incident_comms.drafts.complete import DraftGap, DraftOverlap, UnusedDraft, prove
from incident_comms.drafts.model import Draft, Drafts, Settings, Target, Template
from incident_comms.drafts.plan import targets_of
from incident_comms.engine import condition_test, decide
from incident_comms.errors import Location
from incident_comms.policy.model import Policy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from verify.randompolicy import ALL_QUESTIONS, FIELD_ORDER, PolicyMaker, all_answers

TARGETS = (Target("messages", "email"), Target("messages", "ticket"), Target("actions", "brief"), Target("actions", "plan"))
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def random_case(rnd: random.Random) -> tuple[Policy, Drafts]:
    maker = PolicyMaker(rnd)
    policy = maker.policy()
    drafts = []
    for target in TARGETS:
        for n in range(rnd.randint(0 if target.field == "actions" else 1, 3)):
            when = None if rnd.random() < 0.3 else maker.condition(ALL_QUESTIONS, FIELD_ORDER)
            where = Location("drafts.yaml", len(drafts) + 2, 5)
            drafts.append(Draft(f"{target.key}-{n}", target, "", None, Template("x", where), None, when, where))
    return policy, Drafts(Settings(), tuple(drafts), Location("drafts.yaml", 1, 1))


def brute_force(policy: Policy, drafts: Drafts) -> tuple[set, set, set]:
    gaps, overlaps, used = set(), set(), set()
    for answers in all_answers(policy):
        holds = condition_test(policy, answers)
        for target, _ in targets_of(policy, drafts, decide(policy, answers)):
            mine = [d for d in drafts.for_target(target) if d.when is None or holds(d.when)]
            used.update(d.id for d in mine)
            if not mine:
                gaps.add(target)
            overlaps.update((a.id, b.id) for i, a in enumerate(mine) for b in mine[i + 1:])
    return gaps, overlaps, {d.id for d in drafts.drafts} - used


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_gaps_overlaps_and_unused_drafts_are_exactly_what_brute_force_finds(rnd):
    policy, drafts = random_case(rnd)
    findings = list(prove(policy, drafts))
    gaps = [f for f in findings if isinstance(f, DraftGap)]
    overlaps = [f for f in findings if isinstance(f, DraftOverlap)]
    unused = {f.draft.id for f in findings if isinstance(f, UnusedDraft)}
    assert ({g.target for g in gaps}, {(o.first.id, o.second.id) for o in overlaps}, unused) == brute_force(policy, drafts)
    for gap in gaps:  # a real answers set, for which the message is planned and no draft applies
        assert check_answers(policy, gap.answers).answers == gap.answers
        holds = condition_test(policy, gap.answers)
        assert gap.target in [t for t, _ in targets_of(policy, drafts, decide(policy, gap.answers))]
        assert not [d for d in drafts.for_target(gap.target) if d.when is None or holds(d.when)]
    for overlap in overlaps:
        holds = condition_test(policy, overlap.answers)
        assert all(d.when is None or holds(d.when) for d in (overlap.first, overlap.second))
