"""Process-wide settings, made once, at the command-line edge (``cli.main``), never by the core.

- The cyclic garbage collector: what start-up imported is frozen, and young collections
  wait for 100,000 new objects instead of 700. Reading and analysing a policy allocate
  hundreds of thousands of objects that stay alive until the command ends and contain
  no cycles (reference counting frees what is dropped), and the collector rescans that
  growing heap again and again: a 5,000-rule lint (bench/lint_scale.py, 5000x40) took
  2.5 s of CPU with the default thresholds, 1.6 s with these, the same as with the
  collector off. The library used to pause the collector itself, and enabling it
  again afterwards cost one more full-heap scan (9% of a 5,000-rule lint).
- The recursion limit: 8,000, so the decision diagram, whose operations recurse a few
  frames per variable, can analyse policies of up to about 1,900 variables (answer
  classes and tested choices; the 2,000-rule x 120-question benchmark has 173). Past
  that, or where the interpreter's own C-stack limit comes first (Python 3.12: about
  300 variables), the verifier hands the check to its SAT engine, which does not
  recurse per variable. 1,900 variables ran on Python 3.10, 3.11 and 3.13.
- At the end (``settle_for_exit``): everything the run made is frozen too. It dies with
  the process either way, but the interpreter's last collection would scan all of it:
  1.3 s of a 5.1 s lint of the 20,000-rule benchmark (bench/lint_scale.py, 20000x40).
  Objects are still freed and exit handlers still run; only that scan is skipped.
"""

from __future__ import annotations

import gc
import sys

RECURSION_LIMIT = 8_000
GC_THRESHOLD = 100_000  # objects allocated between young collections (default 700)


def settle_for_the_command_line() -> None:
    """Set the collector and the recursion limit for one short-lived ``comms`` run."""
    gc.freeze()  # what start-up imported is never scanned again
    gc.set_threshold(GC_THRESHOLD, 50, 1000)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))


def settle_for_exit() -> None:
    """Leave what the run made out of the interpreter's final collection (see above)."""
    gc.freeze()
