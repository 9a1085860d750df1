"""The policy verifier: proves properties of a policy over every valid answer set.

Conditions compile to a multi-valued decision diagram over the questions (see
``diagram``, ``space`` and ``regions``); ``analysis.Analysis`` answers the questions
the semantic lint checks ask, with real answers files as counterexamples.
"""

from __future__ import annotations

from .analysis import Analysis, BrokenInvariant, Conflict, DeadRule, Gap
from .diagram import BudgetExceeded
from .space import CyclicPolicy

__all__ = ["Analysis", "BrokenInvariant", "BudgetExceeded", "Conflict", "CyclicPolicy", "DeadRule", "Gap"]
