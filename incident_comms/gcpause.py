"""Pausing Python's cyclic garbage collector while building large, cycle-free data.

Reading a policy and analysing it allocate hundreds of thousands of objects that all
stay alive until the run ends. The collector keeps re-scanning that growing heap,
which made a 4,000-rule lint 2.6x slower than it needs to be, and more than twice as
slow as a 2,000-rule one (measured with ``bench/lint_scale.py``). Reference counting
still frees everything that is dropped; only the search for cycles waits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block without cyclic collections; restore the collector as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
