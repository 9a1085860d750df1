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
model is ``Policy.section(NAME)``. To add such a section, write its module and add
its name to ``NAMES`` here: the loader collects it, ``comms schema`` describes it, ``rules/README.md``
lists it (a test checks) and lint runs its check.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Each name is also its module's (a test checks); the modules are imported when first
# asked for, so that `comms assess` loads the five sections it reads, not all ten.
NAMES: tuple[str, ...] = ("policy", "questions", "facts", "fields", "rules", "tests", "invariants", "checklist",
                          "drafts", "recipients")


def section(name: str) -> ModuleType:
    """The module of the section `name`, one of ``NAMES`` (any other raises KeyError)."""
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")


def all_sections() -> tuple[ModuleType, ...]:
    """Every section's module, in the documented order."""
    return tuple(section(name) for name in NAMES)


def reported_checks() -> frozenset[str]:
    """Every check id that reading some section may report under (besides ``syntax``)."""
    return frozenset(check for module in all_sections() for check in module.CHECKS)


__all__ = ["NAMES", "all_sections", "reported_checks", "section"]
