"""The checklist as typed data, read from the ``checklist:`` section of a policy."""

from __future__ import annotations

from ..errors import Location
from ..frozen import Frozen
from ..policy.model import Cite, Condition, Page
from .cadence import MessageTiming, UpdateCadence

__all__ = ["Checklist", "Cite", "Item", "Page", "Section", "Settings"]


class Item(Frozen):
    """One thing to do. `action` links it to a decided action; `when` is its own condition."""

    id: str
    text: str
    cite: Cite | None
    when: Condition | None = None
    action: str | None = None
    loc: Location = Location("")


class Section(Frozen):
    """A titled group of items; `full_only` sections are about the role, not one incident."""

    id: str
    title: str
    items: tuple[Item, ...]
    cite: Cite | None = None
    when: Condition | None = None
    full_only: bool = False
    loc: Location = Location("")


class Settings(Frozen):
    """The checklist's settings entry (every key is optional)."""

    title: str = "Comms Lead checklist"
    actions_field: str = "actions"
    status_check_every_hours: float = 6
    status_checks_stop_when: Condition | None = None
    placeholders: dict[str, str] = {}
    pages: dict[str, Page] = {}
    update_cadence: UpdateCadence | None = None  # for the journal (`comms incident`)
    message_timing: MessageTiming | None = None


class Checklist(Frozen):
    settings: Settings
    sections: tuple[Section, ...]

    def linked_actions(self) -> set[str]:
        """The decided actions that have an item of their own."""
        return {item.action for section in self.sections for item in section.items if item.action}
