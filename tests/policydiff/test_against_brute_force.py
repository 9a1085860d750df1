"""`comms diff` counts what trying every incident counts, on many small random policy pairs.

The pairs differ in rules, facts, which questions are asked when (two random policies),
or only as a reviewed change would (a rule or two edited: each shortcut of the proof for
chains that line up rule by rule is taken), or with two choices every condition treats alike
(counted as one incident, a claim the brute force checks by deciding both), and some in
their questions: a question renamed without `replaces` (one removed, one added) or a choice
only the new policy has (incidents the old policy cannot express).
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify.randompolicy import PolicyMaker

from incident_comms.answers import check_answers
from incident_comms.policy.model import All, AnswerIn, AnswerIncludes, AnyOf, Choice, Condition, Not, Policy
from incident_comms.policydiff.compare import PolicyDiff, diff_policies, slot_value
from incident_comms.policydiff.joint import JointPolicy

from .brute import truth

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def renamed(policy: Policy, old_id: str, new_id: str) -> Policy:
    """`policy` with one question's id changed everywhere (no `replaces`: a different question)."""

    def fix(c: Condition) -> Condition:
        if isinstance(c, (All, AnyOf)):
            return type(c)(tuple(fix(i) for i in c.items))
        if isinstance(c, Not):
            return Not(fix(c.item))
        if isinstance(c, (AnswerIn, AnswerIncludes)) and c.question == old_id:
            return c.replace(question=new_id)
        return c

    questions = tuple(q.replace(id=new_id if q.id == old_id else q.id, ask_when=fix(q.ask_when)) for q in policy.questions)
    facts = {k: f.replace(when=fix(f.when)) for k, f in policy.facts.items()}
    rules = tuple(r.replace(when=fix(r.when)) for r in policy.rules)
    invariants = tuple(i.replace(when=fix(i.when), require=fix(i.require)) for i in policy.invariants)
    return policy.replace(questions=questions, facts=facts, rules=rules, invariants=invariants)


def with_extra_severity(policy: Policy) -> Policy:
    """`policy` whose severity question has one more choice, which some of its rules test."""
    questions = tuple(
        q.replace(choices=(*q.choices, Choice("extreme", "extreme"))) if q.id == "severity" else q for q in policy.questions
    )
    rules = tuple(
        r.replace(when=AnyOf((r.when, AnswerIn("severity", frozenset({"extreme"}))))) if i % 2 else r
        for i, r in enumerate(policy.rules)
    )
    return policy.replace(questions=questions, rules=rules)


def edited(policy: Policy, rnd: random.Random) -> Policy:
    """`policy` as a reviewed change leaves it: a rule or two deciding another value or matching elsewhere."""
    maker = PolicyMaker(rnd)
    maker.facts = list(policy.facts)
    rules = list(policy.rules)
    for _ in range(rnd.randint(1, 2)):
        i = rnd.randrange(len(rules))
        rule = rules[i]
        if rnd.random() < 0.5:
            field = rule.sets[0].slot.split(".")[0]
            rules[i] = rule.replace(sets=maker.assignments(field, rule.loc))
        else:
            rules[i] = rule.replace(when=maker.condition(("security", "severity", "users_can_act", "products")))
    return policy.replace(rules=tuple(rules))


def grouped(policy: Policy) -> Policy:
    """`policy` where every test of products logs or cdp becomes "logs or cdp": the two are interchangeable."""

    def fix(c: Condition) -> Condition:
        if isinstance(c, (All, AnyOf)):
            return type(c)(tuple(fix(i) for i in c.items))
        if isinstance(c, Not):
            return Not(fix(c.item))
        if isinstance(c, AnswerIncludes) and c.value in ("logs", "cdp"):
            return AnyOf((AnswerIncludes("products", "logs"), AnswerIncludes("products", "cdp")))
        return c

    questions = tuple(q.replace(ask_when=fix(q.ask_when)) for q in policy.questions)
    facts = {k: f.replace(when=fix(f.when)) for k, f in policy.facts.items()}
    return policy.replace(questions=questions, facts=facts, rules=tuple(r.replace(when=fix(r.when)) for r in policy.rules))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Policy, Policy]:
    rnd = draw(st.randoms(use_true_random=False))
    old, new = PolicyMaker(random.Random(rnd.random())).policy(), PolicyMaker(random.Random(rnd.random())).policy()
    variant = rnd.choice(["same questions", "renamed", "extra choice", "edited", "edited", "grouped"])
    if variant == "grouped":
        old, new = grouped(old), grouped(new)
    elif variant == "edited":
        new = edited(old, rnd)
    elif variant == "renamed":
        new = renamed(new, "users_can_act", "users_act")
    elif variant == "extra choice":
        new = with_extra_severity(new)
    return old, new


def summarise(diff: PolicyDiff) -> dict[tuple[str, str, str], int]:
    return {(c.slot, repr(c.before), repr(c.after)): c.count for c in diff.changes}


@SETTINGS
@given(pairs())
def test_counts_match_trying_every_incident(pair: tuple[Policy, Policy]) -> None:
    old, new = pair
    diff = diff_policies(old, new, max_parts=1000)
    alike: dict[str, list[list]] = {}
    for qid, items in JointPolicy(old, new).interchangeable:
        alike.setdefault(qid, []).append([value[1] if value[1] is not None else value[0] for value in items])
    expected = truth(old, new, alike)
    assert diff.compared == len(expected.compared)
    assert diff.changed == len(expected.changed)
    assert (diff.unmatched.count if diff.unmatched else 0) == len(expected.unmatched)
    assert summarise(diff) == {key: len(found) for key, found in expected.changes.items()}
    assert not diff.incomplete


@SETTINGS
@given(pairs())
def test_every_example_replays_with_the_change_it_illustrates(pair: tuple[Policy, Policy]) -> None:
    old, new = pair
    for change in diff_policies(old, new, max_parts=3).changes:
        assert change.examples
        assert change.count == change.unlisted + sum(e.count for e in change.examples)
        for example in change.examples:
            for policy, answers in ((old, example.old_answers), (new, example.new_answers)):
                checked = check_answers(policy, answers)
                assert (checked.missing, checked.ignored) == ((), ())
            assert slot_value(old, example.old_answers, change.slot) == change.before
            assert slot_value(new, example.new_answers, change.slot) == change.after
