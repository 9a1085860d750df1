"""The drafts as typed data, read from the ``drafts:`` section of a policy."""

from __future__ import annotations

from ..errors import Location
from ..frozen import Frozen
from ..policy.model import Cite, Condition, Page

__all__ = ["Cite", "Detail", "Draft", "Drafts", "Page", "Settings", "Target", "Template"]


class Detail(Frozen):
    """An incident detail the questions do not hold (a title, a link), given per incident."""

    name: str
    label: str
    help: str = ""


class Target(Frozen):
    """What a draft is for: a key of a records field (``messages: email``) or an item of a set field."""

    field: str
    key: str

    def __str__(self) -> str:
        return f"{self.field}.{self.key}"


class Template(Frozen):
    """A template's source and where its first character is in the rule file."""

    source: str
    loc: Location
    block: str = ""  # "|" or ">" for a YAML block scalar, whose text starts on the line after `loc`

    def location(self, line: int) -> Location:
        """The file location of the template's 1-based `line`.

        Exact for a literal block (``|``), whose lines are the file's; a folded block
        (``>``) or a flow scalar joins lines, so its first line stands for all of them.
        """
        if self.block == "|":
            return Location(self.loc.path, self.loc.line + line, 1)
        if self.block:
            return Location(self.loc.path, self.loc.line + 1, 1)
        return self.loc


class Draft(Frozen):
    """One draft: which planned message (or decided item) it is for, when, and its templates."""

    id: str
    target: Target
    title: str
    subject: Template | None
    body: Template
    cite: Cite | None
    when: Condition | None = None
    loc: Location = Location("")


class Settings(Frozen):
    """The drafts' settings entry (every key is optional)."""

    messages_field: str = "messages"
    details: dict[str, Detail] = {}
    values: dict[str, str] = {}
    pages: dict[str, Page] = {}


class Drafts(Frozen):
    settings: Settings
    drafts: tuple[Draft, ...]
    loc: Location = Location("")  # where the section starts (for findings about a missing draft)

    def for_target(self, target: Target) -> tuple[Draft, ...]:
        """The drafts for `target`, in file order."""
        return tuple(d for d in self.drafts if d.target == target)

    def targets(self) -> tuple[Target, ...]:
        """Every target some draft is for, in file order."""
        return tuple(dict.fromkeys(d.target for d in self.drafts))
