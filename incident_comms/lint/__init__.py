"""comms lint: checks for policy folders.

Every check is a module of ``lint/checks`` listed in its registry (``checks/__init__.py``).
Two kinds:

- **Loader-level checks** (syntax, schema, unknown-key, references, duplicate-id,
  cycles) report what reading the policy found. Their detection lives in the policy
  readers, where the thing is read (an unknown key where the key is, a cycle once the
  facts are built), because ``comms assess`` must refuse the same problems through
  ``load_policy`` without importing lint, and a second pass would duplicate every
  reader. Each check's id is declared once, in ``policy/readchecks.py``: the readers
  file problems under those constants (never a string they spell: a misspelt name
  fails at import, and a test refuses a quoted check id in a reader), and each
  check module imports its ``ID`` from there and reports what was filed under it
  (``LintContext.found_reading``). A problem filed under any other id is an
  internal error of the run, never dropped (``runner._undeclared``).
- **Policy checks** reason about a policy that was read without errors; the runner
  runs them only when no loader-level check found an error.
"""
