"""unknown-key: no key that the rule-file format does not know (usually a typo).

Every mapping in a rule file (a section, a question, a choice, a field, a rule, a
test, an invariant) accepts a fixed set of keys. An unknown key is reported where
it is written, with the closest known key as a suggestion, so that a misspelt
``because`` or ``ask_when`` is not silently ignored.

PASS::

    rules:
      - id: postmortem-internal-otherwise
        then: {public_postmortem: false}
        because: Minor incidents keep an internal post-mortem only.

FAIL (``becuase``; did you mean ``because``?)::

    rules:
      - id: postmortem-internal-otherwise
        then: {public_postmortem: false}
        becuase: Minor incidents keep an internal post-mortem only.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...policy.readchecks import UNKNOWN_KEY as ID
from ...problems import ERROR, Problem
from ..context import LintContext

LEVEL = ERROR


def check(ctx: LintContext) -> Iterable[Problem]:
    """The unknown-key problems that reading the policy found (filed under this id, see ``policy/readchecks.py``)."""
    return ctx.found_reading(ID)
