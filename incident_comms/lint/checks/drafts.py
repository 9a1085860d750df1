"""drafts: the message drafts (the ``drafts:`` section) read cleanly and are complete.

Reading: an entry of the wrong shape or with unknown keys; a ``for`` that is not a
key of a records field or an item of a set field; a condition that names an
unknown question, fact, field or value; a citation to a page not declared in
``settings.pages``, or none; duplicate ids; a template that does not parse (Liquid
syntax), uses an unknown variable (see ``rules/README.md`` for the variables) or
an unknown filter. Completeness, proved over every possible incident: every
message the policy can plan has exactly one draft whose ``when`` holds (a *gap* is
a planned message with none, an *overlap* one with two), and so does every item of
a set field that has drafts; a draft that never applies is reported too. Gaps and
overlaps come with a counterexample answers file. A policy without drafts is fine.

PASS::

    drafts:
      - settings:
          pages: {incident-comms: {title: Incident comms}}
      - id: status-page
        for: {messages: status_page}
        cite: {page: incident-comms, section: What does the Comms Lead do?}
        body: We're investigating an issue with {{ answer.products | join: ", " }}.

FAIL (emails are planned but have no draft; an unknown variable)::

    drafts:
      - settings:
          pages: {incident-comms: {title: Incident comms}}
      - id: status-page
        for: {messages: status_page}
        cite: {page: incident-comms, section: What does the Comms Lead do?}
        body: We're investigating {{ detail.titel }}.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...drafts.read import read_drafts
from ...problems import ERROR, Problem

if TYPE_CHECKING:
    from ...drafts.complete import Finding
    from ...drafts.model import Drafts
    from ...policy.model import Condition
    from ..context import LintContext

ID = "drafts"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """The problems of the policy's drafts, then (when they read cleanly) the completeness proof."""
    if ctx.policy is None:
        return []
    drafts, problems = _read(ctx)
    if problems or drafts is None:
        return problems
    return list(_proved(ctx, drafts))


def draft_conditions(ctx: LintContext) -> Iterator[Condition]:
    """Every condition of the drafts (for checks about what conditions test)."""
    drafts = _read(ctx)[0] if ctx.policy is not None else None
    for draft in drafts.drafts if drafts is not None else ():
        if draft.when is not None:
            yield draft.when


def _read(ctx: LintContext) -> tuple[Drafts | None, list[Problem]]:
    policy = ctx.policy
    assert policy is not None
    return ctx.cached("drafts", lambda: read_drafts(policy))


def _proved(ctx: LintContext, drafts: Drafts) -> Iterator[Problem]:
    from ...drafts.complete import prove
    from ...verify.diagram import BudgetExceeded
    from ...verify.space import CyclicPolicy
    from ..verified import incomplete

    assert ctx.policy is not None
    try:
        for finding in prove(ctx.policy, drafts):
            yield _problem(finding, drafts)
    except BudgetExceeded as stop:
        yield incomplete(ctx, f"drafts not proven complete: the decision diagram {stop}; some drafts findings may be missing")
    except RecursionError:
        yield incomplete(ctx, "drafts not proven complete: the conditions nest too deeply to analyse")
    except CyclicPolicy as cycle:
        yield incomplete(ctx, f"drafts not analysed: {cycle} (fix the cycles problem first)")


def _problem(finding: Finding, drafts: Drafts) -> Problem:
    from ...drafts.complete import DraftGap, DraftOverlap

    if isinstance(finding, DraftGap):
        what = _what(finding.target, drafts)
        by = f" (planned by rule {finding.rule.id!r})" if finding.rule is not None else ""
        related = (finding.rule.loc,) if finding.rule is not None else ()
        near = drafts.for_target(finding.target)
        where = near[-1].loc if near else drafts.loc
        message = f"no draft for {what} when {finding.region}{by}; add a draft for these answers"
        return Problem(where, ID, ERROR, message, related=related, counterexample=finding.answers)
    if isinstance(finding, DraftOverlap):
        message = (
            f"drafts {finding.first.id!r} and {finding.second.id!r} are both for {_what(finding.target, drafts)} "
            f"with the same answers; make their `when` conditions exclusive"
        )
        return Problem(finding.second.loc, ID, ERROR, message, related=(finding.first.loc,),
                       counterexample=finding.answers)
    draft = finding.draft
    message = f"draft {draft.id!r} never applies: {_what(draft.target, drafts)} is never planned where its `when` holds"
    return Problem(draft.loc, ID, ERROR, message)


def _what(target: object, drafts: Drafts) -> str:
    field, key = str(target).split(".", 1)
    return f"the {key} message" if field == drafts.settings.messages_field else f"{field} item {key!r}"
