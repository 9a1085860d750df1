"""The sections of a rule file: an explicit registry, in the order they are documented.

Each section is a module here with::

    NAME = "checklist"          # the top-level key of a rule file
    DOC = "the Comms Lead's ..." # one line: the section table of rules/README.md, the schema
    SHAPE = "list"              # list: entries; names: name -> entry; mapping: one mapping
    CHECKS = ("checklist",)     # the lint check ids its reading files problems under
    MAPS = (SETTINGS, ...)      # its declarations (format.Map): keys, types, required, ids, docs
    def json_schema() -> dict   # the section's value in the JSON Schema

A section read after the policy it refers to (checklist, drafts, recipients: the
ones other commands add) also has ``read(policy) -> (model | None, problems)``; its
model is ``Policy.section(NAME)``. To add such a section, write its module and list
it here: the loader collects it, ``comms schema`` describes it, ``rules/README.md``
lists it (a test checks) and lint runs its check.
"""

from __future__ import annotations

from types import ModuleType

from . import checklist, drafts, facts, fields, invariants, policy, questions, recipients, rules, tests

SECTIONS: tuple[ModuleType, ...] = (policy, questions, facts, fields, rules, tests, invariants, checklist, drafts,
                                   recipients)
NAMES: tuple[str, ...] = tuple(module.NAME for module in SECTIONS)


def by_name() -> dict[str, ModuleType]:
    """Every section, keyed by its name."""
    return {module.NAME: module for module in SECTIONS}


def reported_checks() -> frozenset[str]:
    """Every check id that reading some section may report under (besides ``syntax``)."""
    return frozenset(check for module in SECTIONS for check in module.CHECKS)


__all__ = ["NAMES", "SECTIONS", "by_name", "reported_checks"]
