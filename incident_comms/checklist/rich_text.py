"""The checklist for a terminal, with rich. Imported only when stdout is a terminal.

Strings from files are given to rich as ``Text`` (never parsed as markup). Colour and
width come from the one terminal setup (``terminal.py``), not from rich's own reading
of the environment, so every command honours NO_COLOR, FORCE_COLOR and COLUMNS alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..safetext import clean
from .render import cite_text, entry_note, heading, summary_lines
from .tailor import View

if TYPE_CHECKING:
    from ..terminal import Terminal


def print_view(view: View, terminal: Terminal) -> None:
    """Print the checklist: bold title and sections, dim citations, checkbox items."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        highlight=False, width=terminal.width, force_terminal=terminal.color, no_color=not terminal.color,
        color_system="standard" if terminal.color else None,
    )
    console.print(Text(heading(view), style="bold"))
    for line in summary_lines(view):
        overdue = view.status_check is not None and view.status_check.overdue and "OVERDUE" in line
        console.print(Text(line, style="bold red" if overdue else ""))
    for section in view.sections:
        console.print(Text("\n" + clean(section.title), style="bold"))
        if section.cite is not None:
            console.print(Text(cite_text(view, section.cite), style="dim"))
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column()
        for entry in section.entries:
            text = Text(clean(entry.text))
            note = entry_note(view, section, entry)
            if note:
                text.append(f"\n{note}", style="dim")
            table.add_row(Text(" [ ]"), text)
        console.print(table)
