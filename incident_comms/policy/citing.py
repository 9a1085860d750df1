"""Handbook pages and citations, read alike wherever a policy cites the handbook.

The checklist's items and the drafts both cite a page declared in their section's
``settings.pages`` and a section title of that page.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..yamlsafe import loc_of
from .model import Cite, Page
from .schema import FiledReader
from .sections.checklist import CITE, PAGE


def read_pages(settings: Any, path: str, loc: Location, reader: FiledReader) -> dict[str, Page]:
    """The ``pages`` of a settings mapping at `path` (none given: no pages)."""
    raw, loc, path = settings.get("pages", {}), loc_of(settings, "pages", loc), f"{path}.pages"
    if not isinstance(raw, dict):
        reader.report(reader.check_id, f"{path}: expected a mapping of page keys to {{title, url}}", loc)
        return {}
    pages: dict[str, Page] = {}
    for key, value in raw.items():
        where, page_path = loc_of(raw, key, loc), f"{path}.{key}"
        if reader.entry(value, page_path, where, PAGE):
            title = reader.text(value, "title", page_path, where)
            pages[key] = Page(title, reader.text(value, "url", page_path, where))
    return pages


def read_cite(raw: Any, path: str, loc: Location, reader: FiledReader, pages: dict[str, Page]) -> Cite | None:
    """The ``cite`` of the entry `raw` at `path`, checked against the declared `pages`."""
    value, where, cite_path = raw["cite"], loc_of(raw, "cite", loc), f"{path}.cite"
    if not reader.entry(value, cite_path, where, CITE):
        return None
    page, section = value["page"], value["section"]
    if not isinstance(page, str) or page not in pages:
        known = ", ".join(sorted(pages)) or "none declared in settings.pages"
        reader.report(reader.check_id, f"{cite_path}.page: unknown page {page!r} (known: {known})", where)
        return None
    if not isinstance(section, str) or not section.strip():
        reader.report(reader.check_id, f"{cite_path}.section: expected the handbook section title", where)
        return None
    return Cite(page, section)
