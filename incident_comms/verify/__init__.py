"""The policy verifier: proves properties of a policy over every valid answer set.

Conditions compile to a multi-valued decision diagram over the questions (see
``diagram``, ``space`` and ``regions``), and to clauses for a SAT solver past the
diagram's budget (``sat``); ``analysis.Analysis`` answers the questions the semantic
lint checks ask, with real answers files as counterexamples. Nothing here imports
``lint`` or changes process-wide state.
"""

from __future__ import annotations

from .analysis import Analysis
from .diagram import BudgetExceeded
from .results import BrokenInvariant, Conflict, DeadRule, Gap
from .space import CyclicPolicy

__all__ = ["Analysis", "BrokenInvariant", "BudgetExceeded", "Conflict", "CyclicPolicy", "DeadRule", "Gap"]
