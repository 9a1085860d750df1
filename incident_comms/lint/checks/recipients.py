"""recipients: the recipients settings (the ``recipients:`` section) read cleanly.

It reports what would stop ``comms recipients``: a section that is not a mapping,
unknown keys, a missing ``attribute`` or ``recipient_roles``, an attribute that is
not a Liquid name or is one of Customer.io's own (``email``, ``id``, ...), role
lists that are not lists of values or that share a value, a fallback with double
quotes or line breaks (it goes inside the Liquid ``default: "..."``), column names
that are not text, and a second ``recipients:`` section. A policy without one is fine.

It also keeps the CSV and the email in step: a draft (``drafts:``) whose Liquid reads
a Customer.io org attribute (``customer.NAME``, NAME containing ``org``) other than
``attribute`` is reported, since ``comms recipients`` fills only that one.

PASS::

    recipients:
      attribute: affected_org_names
      fallback: your organization
      recipient_roles: [owner, admin]
      other_roles: [member]
      columns: {email: email, org_name: organization_name}

FAIL (not a Liquid name, and a role in both lists)::

    recipients:
      attribute: affected-org-names
      recipient_roles: [owner, admin]
      other_roles: [member, admin]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...recipients.settings import draft_disagreements, read_settings

if TYPE_CHECKING:
    from ...problems import Problem
    from ..context import LintContext

ID = "recipients"
LEVEL = "error"


def check(ctx: LintContext) -> Iterable[Problem]:
    """The problems of the policy's recipients settings (none when the policy could not be read)."""
    if ctx.policy is None:
        return []
    settings, problems = read_settings(ctx.policy)
    if settings is None or problems:
        return problems
    return draft_disagreements(ctx.policy, settings)
