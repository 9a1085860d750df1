"""Which draft each planned message (and each decided item with drafts) gets, for one decision.

The messages come in the decision's order, then decided items of set fields that
have drafts, in the field's order. Each gets the one draft for it whose ``when``
holds; none or several is a problem of the policy (``comms lint`` proves that it
cannot happen) and a CommsError naming the drafts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..engine import Decision, condition_test
from ..errors import CommsError, Location
from ..frozen import Frozen
from ..policy.model import RECORDS, SET, Condition, Policy, Rule
from .model import Draft, Drafts, Target


class Planned(Frozen):
    """A draft chosen for one planned message or decided item."""

    draft: Draft
    target: Target
    record: dict[str, Any] = {}  # the planned message (a records field's record), else empty
    item_text: str = ""  # the decided item's text (a set field's label), else empty
    rule: Rule | None = None  # the rule that decided the message or item


def targets_of(policy: Policy, drafts: Drafts, decision: Decision) -> list[tuple[Target, dict[str, Any]]]:
    """What the decision plans that needs a draft: every message, then items that have drafts."""
    with_drafts = set(drafts.targets())
    first = [drafts.settings.messages_field] if drafts.settings.messages_field else []
    fields = list(dict.fromkeys([*first, *(t.field for t in drafts.targets())]))
    found: list[tuple[Target, dict[str, Any]]] = []
    for name in fields:
        spec = policy.fields[name]
        for value in decision.values.get(name) or ():
            if spec.type == RECORDS:
                target = Target(name, value[spec.key])
                if name == drafts.settings.messages_field or target in with_drafts:
                    found.append((target, value))
            elif spec.type == SET and Target(name, value) in with_drafts:
                found.append((Target(name, value), {}))
    return found


def plan_drafts(policy: Policy, drafts: Drafts, answers: Mapping[str, Any], decision: Decision) -> list[Planned]:
    """The one draft for each planned message and decided item (see the module docstring)."""
    holds = condition_test(policy, answers)
    planned = []
    for target, record in targets_of(policy, drafts, decision):
        draft = _the_draft(drafts, target, holds, policy)
        spec = policy.fields[target.field]
        text = spec.label(target.key) if spec.type == SET else ""
        planned.append(Planned(draft, target, record, text, decision.decided_by.get(str(target))))
    return planned


def _the_draft(drafts: Drafts, target: Target, holds: Callable[[Condition], bool], policy: Policy) -> Draft:
    matching = [d for d in drafts.for_target(target) if d.when is None or holds(d.when)]
    if len(matching) == 1:
        return matching[0]
    what = f"the planned {target.key} message" if target.field == drafts.settings.messages_field else f"{target}"
    if not matching:
        raise CommsError(f"no draft is for {what} with these answers (run `comms lint {policy.root}`)", drafts.loc)
    names = ", ".join(repr(d.id) for d in matching)
    first: Location = matching[1].loc
    raise CommsError(f"several drafts are for {what} with these answers: {names} (run `comms lint {policy.root}`)", first)
