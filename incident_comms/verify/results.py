"""What the verifier finds, whichever engine found it."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..policy.model import FieldSpec, Invariant, Rule


class Gap(NamedTuple):
    """A required slot that no rule decides for some valid answers."""

    field: FieldSpec
    slot: str
    answers: dict[str, Any]
    region: str


class DeadRule(NamedTuple):
    """A rule that never decides anything: it never matches, or earlier rules always decided first."""

    rule: Rule
    never_matches: bool
    shadowing: tuple[Rule, ...] = ()


class Conflict(NamedTuple):
    """Rules in two files that decide one slot differently for the same answers."""

    slot: str
    first: Rule
    second: Rule
    answers: dict[str, Any]


class BrokenInvariant(NamedTuple):
    """An invariant that some valid answers break."""

    invariant: Invariant
    answers: dict[str, Any]


MINIMISE_UP_TO = 24  # shadowing rules beyond this are listed as found, not minimised
