"""The checklist as plain text (no rich), GitHub markdown, or JSON.

Every string from a file goes through ``safetext.clean``; markdown also neutralises
HTML and line breaks. Plain text wraps at 80 columns and never contains ANSI codes.
This module does not import rich: the terminal rendering is in :mod:`.rich_text`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from ..safetext import clean, json_text
from .model import Cite
from .tailor import Entry, ShownSection, View

FORMATS = ("text", "markdown", "json")
WIDTH = 80
BOX, INDENT = "  [ ] ", "      "


# ---- pieces shared by every format ------------------------------------------------------
def heading(view: View) -> str:
    """The title line: the whole role, or this incident."""
    return f"{clean(view.title)}: {'this incident' if view.tailored else 'the whole role'}"


def summary_lines(view: View) -> list[str]:
    """Where a tailored list comes from, its decision, and the status-page check."""
    lines: list[str] = []
    if not view.tailored:
        lines.append(
            "Everything the role may involve; --from RECORD or --answers FILE keeps what applies to one incident."
        )
    if view.tailored:
        decision = view.headline[1] if view.headline else "undecided"
        lines.append(f"Tailored from {clean(view.source)}; decision: {clean(decision)}.")
    if view.status_check is not None:
        from .timing import describe

        lines.append(f"Next status-page check: {describe(view.status_check)}")
    elif view.status_checks_stopped:
        lines.append("Next status-page check: none; status-page checks have stopped for this incident.")
    return lines


def cite_text(view: View, cite: Cite | None) -> str:
    """``Incident comms: Section title`` (empty without a citation)."""
    if cite is None:
        return ""
    page = view.pages.get(cite.page)
    return f"{clean(page.title if page else cite.page)}: {clean(cite.section)}"


def entry_note(view: View, section: ShownSection, entry: Entry) -> str:
    """What follows an item: its own citation when it differs from the section's, and its rule."""
    parts = []
    if entry.cite is not None and entry.cite != section.cite:
        parts.append(cite_text(view, entry.cite))
    if entry.decided_by is not None:
        parts.append(f"decided by {clean(entry.decided_by)}" if entry.decided_by else "decided")
    return "; ".join(parts)


# ---- plain text ---------------------------------------------------------------------------
def plain(view: View, width: int = WIDTH) -> str:
    """Plain text for files, pipes and NO_COLOR-free logs: checkboxes, wrapped at `width`."""
    lines = [heading(view)]
    lines += [line for text in summary_lines(view) for line in _wrap(text, width, "", "  ")]
    for section in view.sections:
        lines += ["", clean(section.title)]
        if section.cite is not None:
            lines += _wrap(f"({cite_text(view, section.cite)})", width, "", " ")
        for entry in section.entries:
            lines += _wrap(clean(entry.text), width, BOX, INDENT)
            note = entry_note(view, section, entry)
            if note:
                lines += _wrap(f"({note})", width, INDENT, INDENT + " ")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    ) or [first.rstrip()]


# ---- markdown -----------------------------------------------------------------------------
def markdown(view: View) -> str:
    """A GitHub task list: ``#`` title, ``##`` sections, ``- [ ]`` items."""
    lines = [f"# {_md(heading(view))}", ""]
    summary = summary_lines(view)
    if summary:
        lines += [f"> {_md(text)}" + ("  " if i < len(summary) - 1 else "") for i, text in enumerate(summary)]
        lines.append("")
    for section in view.sections:
        lines += [f"## {_md(section.title)}", ""]
        if section.cite is not None:
            lines += [f"Handbook: {_md_cite(view, section.cite)}", ""]
        for entry in section.entries:
            lines.append(f"- [ ] {_md(entry.text)}{_md_note(view, section, entry)}")
        lines.append("")
    return "\n".join(lines)


def _md_note(view: View, section: ShownSection, entry: Entry) -> str:
    parts = []
    if entry.cite is not None and entry.cite != section.cite:
        parts.append(_md_cite(view, entry.cite))
    if entry.decided_by is not None:
        parts.append(f"decided by `{_code(entry.decided_by)}`" if entry.decided_by else "decided")
    return f" ({'; '.join(parts)})" if parts else ""


def _md_cite(view: View, cite: Cite) -> str:
    page = view.pages.get(cite.page)
    title = _md(page.title if page else cite.page)
    link = f"[{title}]({_url(page.url)})" if page and page.url else title
    return f"{link}: {_md(cite.section)}"


def _md(text: Any) -> str:
    """Markdown-safe text: control characters escaped, HTML neutralised, one line."""
    return clean(text).replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _code(text: str) -> str:
    return clean(text).replace("`", "'")


def _url(url: str) -> str:
    return clean(url).replace(" ", "%20").replace(")", "%29").replace("(", "%28")


# ---- JSON ---------------------------------------------------------------------------------
def to_json(view: View) -> str:
    """The checklist as JSON (keys are stable; see the command's help)."""
    data = {
        "title": view.title,
        "tailored": view.tailored,
        "source": view.source,
        "decision": {"value": view.headline[0], "label": view.headline[1]} if view.headline else None,
        "status_check": _status_json(view),
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "cite": _cite_json(view, section.cite),
                "items": [
                    {
                        "id": entry.id,
                        "text": entry.text,
                        "cite": _cite_json(view, entry.cite),
                        "decided_by": entry.decided_by,
                    }
                    for entry in section.entries
                ],
            }
            for section in view.sections
        ],
    }
    return json_text(data)


def _cite_json(view: View, cite: Cite | None) -> dict[str, str] | None:
    if cite is None:
        return None
    page = view.pages.get(cite.page)
    return {
        "page": page.title if page else cite.page,
        "section": cite.section,
        "url": page.url if page else "",
    }


def _status_json(view: View) -> dict[str, Any] | None:
    check = view.status_check
    if check is None:
        return {"stopped": True} if view.status_checks_stopped else None
    return {
        "stopped": False,
        "due": check.due.isoformat(timespec="minutes"),
        "basis": check.basis,
        "every_hours": check.every.total_seconds() / 3600,
        "checked_at": check.now.isoformat(timespec="minutes"),
        "overdue": check.overdue,
    }
