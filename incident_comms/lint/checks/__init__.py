"""The lint checks: an explicit registry, in the order they run and are documented.

Each check is a module with ``ID``, ``LEVEL``, ``check(ctx)`` and a docstring that
is its user documentation (see ``incident_comms.lint.context``). To add a check,
write its module and list it here.

The loader-level checks report what reading the policy found; the policy checks
reason about a policy that was read without errors, so the runner only runs them
when the loader-level checks found no error.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    checklist,
    conflicts,
    cycles,
    dead_rules,
    drafts,
    duplicate_ids,
    gaps,
    invariants,
    policy_tests,
    recipients,
    references,
    schema,
    syntax,
    unasked_questions,
    undistinguished_choices,
    unknown_keys,
    untested_rules,
)

LOADER_CHECKS: tuple[ModuleType, ...] = (syntax, schema, unknown_keys, references, duplicate_ids, cycles)
POLICY_CHECKS: tuple[ModuleType, ...] = (
    unasked_questions,
    undistinguished_choices,
    gaps,
    dead_rules,
    conflicts,
    invariants,
    policy_tests,
    untested_rules,
    checklist,
    drafts,
    recipients,
)
CHECKS: tuple[ModuleType, ...] = LOADER_CHECKS + POLICY_CHECKS


def by_id() -> dict[str, ModuleType]:
    """Every check, keyed by its id."""
    return {module.ID: module for module in CHECKS}
