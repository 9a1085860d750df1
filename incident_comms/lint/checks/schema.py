"""schema: every section, entry and value has the shape the rule-file format asks for.

The top level of a rule file is a mapping of sections (``policy``, ``questions``,
``facts``, ``fields``, ``rules``, ``tests``, ``invariants``, ``checklist``, ``drafts``,
``recipients``: the registry in ``incident_comms/policy/sections``; the checklist's,
drafts' and recipients' own problems are their checks'). This check reports
missing required keys, values of the wrong type (text where a list is expected),
unknown question kinds and field types, ids that are not lowercase words,
conditions that are not mappings, and rules that do not say ``because``.

``comms schema`` prints the same format as a JSON Schema for editors; this check
is the authority (it knows things a JSON Schema cannot, such as which question
kinds take ``includes``).

PASS::

    questions:
      - id: security
        prompt: Is this a security incident?
        kind: yes_no

FAIL (``kind`` is missing, ``prompt`` is a list)::

    questions:
      - id: security
        prompt: [Is this a security incident?]
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.readchecks import SCHEMA as ID
from ...problems import ERROR, Problem
from ..context import LintContext

LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The schema problems that reading the policy found (filed under this id, see ``policy/readchecks.py``)."""
    return ctx.found_reading(ID)
