"""The checks that reading a policy makes, each declared once, here.

Reading a policy folder (``load.py`` and the section readers it calls) detects six
kinds of problem while it builds the model, and each is a lint check of its own.
The detection cannot be a separate pass (an unknown key is found where the key is
read, a cycle once the facts are built), so it stays in the readers, and what ties
a problem to its check is the constant it is filed under:

- every reader files a problem under one of these names, never under text it
  spells itself, so a misspelt check is a NameError when the module is imported
  (``tests/lint/test_read_checks.py`` refuses a quoted check id in a reader);
- each loader-level check module in ``incident_comms/lint/checks`` takes its ``ID``
  from here and reports what the reader filed under it
  (``LintContext.found_reading``);
- ``load_policy`` refuses every error, whichever check it is filed under, so
  ``comms assess`` refuses exactly what ``comms lint`` reports.

The constants live in the policy package, not in the lint checks, so that reading
a policy (``comms assess``) never imports ``comms lint``.
"""

from __future__ import annotations

from typing import Final

SYNTAX: Final = "syntax"  # load.py: a file is not plain, well-formed YAML (yamlsafe)
SCHEMA: Final = "schema"  # every reader: a missing key, a value of the wrong type
UNKNOWN_KEY: Final = "unknown-key"  # schema.py SchemaReader.mapping: a key no declaration has
REFERENCES: Final = "references"  # conditions.py, decisions.py, ...: a name or value the policy does not define
DUPLICATE_ID: Final = "duplicate-id"  # schema.py SchemaReader.unique: an id given twice
CYCLES: Final = "cycles"  # catalogue.py (facts), decisions.py (fields): a dependency loop

READ_CHECKS: Final = (SYNTAX, SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID, CYCLES)

__all__ = ["CYCLES", "DUPLICATE_ID", "READ_CHECKS", "REFERENCES", "SCHEMA", "SYNTAX", "UNKNOWN_KEY"]
