"""Where each node of a JSON-read rule file is written, found in its text (``yamlsafe._Source.find_marks``).

``yamlsafe`` reads a JSON text with the json module when that gives exactly the YAML
reader's tree, and leaves the marks (line and column of each container, key, value and
item) to be found when a location in the file is first asked for. This module finds them
for the containers on the path to the one asked for, scanning the text from each one's
start and skipping values with the json module's C scanner. Whatever it cannot match to
the tree raises :class:`NotTheText`, and the caller reads the marks with the YAML reader.
"""

from __future__ import annotations

import re
from typing import Any

from .yamlsafe import YList, YMap


class NotTheText(Exception):
    """The text does not hold the tree as the scan expects: read the marks with the YAML reader."""


class Mark:
    """Where a node of a JSON-read text starts: its offset and the YAML reader's 0-based line and column."""

    __slots__ = ("column", "index", "line")

    def __init__(self, index: int, line: int, column: int) -> None:
        self.index, self.line, self.column = index, line, column


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _after_space(text: str, at: int) -> int:
    """Where the first character from `at` that is not JSON white space is."""
    return _JSON_SPACE.match(text, at).end()  # type: ignore[union-attr]  # matches everywhere


class JsonMarks:
    """Finds the marks of one container in a JSON text that the JSON reader read (see _json_tree).

    Such a text holds printable ASCII, other non-control characters and line breaks only,
    every key is a simple quoted key, so a node starts where the JSON grammar says, and
    YAML counts lines as this does: ``\\r\\n`` once, a lone ``\\r`` or ``\\n`` once each;
    columns count characters, as str offsets do.
    """

    def __init__(self, text: str) -> None:
        import json

        self.text = text
        self.read_value = json.JSONDecoder().raw_decode  # the C scanner, without the tree's hooks
        self.carriage_returns = "\r" in text

    def marks(self, container: YMap | YList, start: Any) -> list[Any]:
        """The marks of `container`, which starts at mark `start`: its own, then its keys' and values' or items'."""
        text, where = self.text, start.index
        if container.__class__ is YMap:
            if text[where:where + 1] != "{":
                raise NotTheText
            return self._marked(self._entries(where, container), start)
        if text[where:where + 1] != "[":
            raise NotTheText
        return self._marked(self._items(where, len(container)), start)

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """The 0-based line and column of `offset`, counted from the start of the text."""
        text = self.text
        line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        return self._line_breaks(0, offset), offset - line_start

    def _entries(self, start: int, mapping: YMap) -> list[int]:
        text = self.text
        offsets = [start]
        at = _after_space(text, start + 1)
        last = len(mapping) - 1
        for i, key in enumerate(mapping):
            if text[at:at + 1] != '"':
                raise NotTheText
            offsets.append(at)
            try:
                written, at = self.read_value(text, at)
            except ValueError:
                raise NotTheText from None
            at = _after_space(text, at)
            if written != key or text[at:at + 1] != ":":
                raise NotTheText
            at = _after_space(text, at + 1)
            offsets.append(at)
            if i < last:  # the last value need not be skipped: nothing after it has a mark here
                at = self._next_entry(at)
        if last < 0 and text[at:at + 1] != "}":
            raise NotTheText
        return offsets

    def _items(self, start: int, count: int) -> list[int]:
        text = self.text
        offsets = [start]
        at = _after_space(text, start + 1)
        for i in range(count):
            offsets.append(at)
            if i < count - 1:
                at = self._next_entry(at)
        if not count and text[at:at + 1] != "]":
            raise NotTheText
        return offsets

    def _next_entry(self, at: int) -> int:
        """Where the entry after the value at `at` (and its comma) starts."""
        text = self.text
        try:
            at = _after_space(text, self.read_value(text, at)[1])  # the value itself is dropped
        except (ValueError, RecursionError):
            raise NotTheText from None
        if text[at:at + 1] != ",":
            raise NotTheText
        return _after_space(text, at + 1)

    def _marked(self, offsets: list[int], start: Any) -> list[Any]:
        """Marks for `offsets` (ascending), the first of them at mark `start`."""
        text = self.text
        marks = [start]
        line, line_start, before = start.line, start.index - start.column, start.index
        for at in offsets[1:]:
            breaks = self._line_breaks(before, at)
            if breaks:
                line += breaks
                line_start = max(text.rfind("\n", before, at), text.rfind("\r", before, at)) + 1
            marks.append(Mark(at, line, at - line_start))
            before = at
        return marks

    def _line_breaks(self, start: int, end: int) -> int:
        """How many line breaks YAML counts between two offsets (neither inside a ``\\r\\n``)."""
        text = self.text
        breaks = text.count("\n", start, end)
        if self.carriage_returns:
            breaks += text.count("\r", start, end) - text.count("\r\n", start, end)
        return breaks


def place_in(holder: YMap | YList, container: Any) -> int:
    """Where the mark of `container` is in the marks of `holder` (by identity: equal siblings are other places)."""
    values = holder.values() if holder.__class__ is YMap else holder
    for place, value in enumerate(values, 1):
        if value is container:
            return 2 * place if holder.__class__ is YMap else place
    raise NotTheText  # no longer in the tree it was read in


def children_of(level: list[Any], parents: dict[int, Any]) -> list[Any]:
    """The containers held by the containers of `level`, each entered in `parents` (by id) with its holder."""
    children: list[Any] = []
    for node in level:
        for child in node.values() if node.__class__ is YMap else node:
            kind = child.__class__
            if kind is YMap or kind is YList:
                parents[id(child)] = node
                children.append(child)
    return children
