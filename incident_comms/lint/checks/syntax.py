"""syntax: every rule file is plain, well-formed YAML.

Each ``*.yaml`` file of the policy folder must hold one YAML document of plain
data. Reported at the line and column where reading stopped:

- YAML syntax errors (a missing colon, bad indentation, tabs used to indent);
- duplicate keys in one mapping (the message names the first one);
- anchors (``&name``), aliases (``*name``) and tags other than the core ones
  (``!!python/object`` and the like);
- control characters, several documents in one file, nesting deeper than 64
  levels, more than 200,000 nodes, integers over 18 digits.

When any file has a syntax problem the policy is not built, and only the
loader-level checks run: fix these first.

A file that cannot be read as text at all (binary, not UTF-8, over 1 MiB,
permission denied) is not a finding: ``comms lint`` stops with exit code 2.

PASS::

    rules:
      - id: status-page-on-impact
        when: {definite_impact: true}

FAIL (``when`` is written twice)::

    rules:
      - id: status-page-on-impact
        when: {definite_impact: true}
        when: {security: true}
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.readchecks import SYNTAX as ID
from ...problems import ERROR, Problem
from ..context import LintContext

LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The syntax problems that reading the policy found (filed under this id, see ``policy/readchecks.py``)."""
    return ctx.found_reading(ID)
