"""The proof that drafts are complete: every message any incident can plan has exactly one draft.

For each key of the messages field (each channel), over every valid answer set at
once: wherever the policy plans that message, exactly one draft for it has a
``when`` that holds, so there is no gap (no draft) and no overlap (two drafts).
The same holds for every item of a set field that has drafts at all (an action with
a draft of its own): wherever it is decided, exactly one of its drafts applies. A
draft whose ``when`` never holds where its message is planned is reported as unused.
Each gap and overlap comes with a real answers file that ``comms draft`` replays.

Built on the verifier's public parts: an :class:`~incident_comms.verify.Analysis`
compiles conditions (decided fields included) to regions of the answer space, and
``verify.witness`` turns a region into answers and a short description. Each
draft's ``when`` joins the policy as a derived fact for the proof, so that the
answer space splits on every value that a draft tells apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from ..engine import decide
from ..policy.model import ALWAYS, RECORDS, SET, Fact, FactIs, FieldIncludes, Policy, Rule
from ..verify import Analysis
from ..verify.diagram import FALSE
from ..verify.witness import counterexample, describe
from .model import Draft, Drafts, Target


class DraftGap(NamedTuple):
    """Answers for which `target` is planned but no draft for it applies."""

    target: Target
    answers: dict[str, Any]
    region: str
    rule: Rule | None  # the rule that plans it, for these answers


class DraftOverlap(NamedTuple):
    """Answers for which two drafts apply to one planned message or item."""

    target: Target
    first: Draft
    second: Draft
    answers: dict[str, Any]


class UnusedDraft(NamedTuple):
    """A draft that never applies: its message is never planned where its ``when`` holds."""

    draft: Draft


Finding = DraftGap | DraftOverlap | UnusedDraft


def fact_name(index: int) -> str:
    """The derived fact that stands for the `index`-th draft's condition (not an id a policy can use)."""
    return f"draft#{index}"


def proof_policy(policy: Policy, drafts: Drafts) -> Policy:
    """The policy with each draft's ``when`` as a derived fact."""
    extra = {
        fact_name(i): Fact(fact_name(i), draft.when if draft.when is not None else ALWAYS, loc=draft.loc)
        for i, draft in enumerate(drafts.drafts)
    }
    return policy.replace(facts={**policy.facts, **extra})


def required_targets(policy: Policy, drafts: Drafts) -> list[Target]:
    """Every key of the messages field, then every set item that some draft is for."""
    targets: list[Target] = []
    spec = policy.fields.get(drafts.settings.messages_field)
    if spec is not None and spec.type == RECORDS:
        targets += [Target(spec.name, key) for key in spec.values]
    for target in drafts.targets():
        if target not in targets and policy.fields[target.field].type in (RECORDS, SET):
            targets.append(target)
    return targets


def prove(policy: Policy, drafts: Drafts, analysis: Analysis | None = None) -> Iterator[Finding]:
    """Every gap, overlap and unused draft. Raises the verifier's BudgetExceeded past its budget."""
    analysis = analysis or Analysis(proof_policy(policy, drafts))
    space, dd = analysis.regions, analysis.regions.diagram
    index = {id(d): i for i, d in enumerate(drafts.drafts)}
    for target in required_targets(policy, drafts):
        planned = dd.conj(space.valid, space.compile(FieldIncludes(target.field, target.key)))
        mine = drafts.for_target(target)
        regions = [dd.conj(planned, space.compile(FactIs(fact_name(index[id(d)])))) for d in mine]
        yield from (UnusedDraft(d) for d, region in zip(mine, regions, strict=True) if region == FALSE)
        if planned == FALSE:
            continue
        missing = dd.conj(planned, dd.neg(dd.disj_all(regions)))
        if missing != FALSE:
            answers = counterexample(space, missing) or {}
            yield DraftGap(target, answers, describe(space, missing), _planned_by(policy, target, answers))
        for i, first in enumerate(mine):
            for j in range(i + 1, len(mine)):
                both = dd.conj(regions[i], regions[j])
                if both != FALSE:
                    yield DraftOverlap(target, first, mine[j], counterexample(space, both) or {})


def _planned_by(policy: Policy, target: Target, answers: dict[str, Any]) -> Rule | None:
    return decide(policy, answers).decided_by.get(str(target)) if answers else None


__all__ = ["DraftGap", "DraftOverlap", "Finding", "UnusedDraft", "prove"]
