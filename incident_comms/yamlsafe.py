"""A hardened, location-keeping YAML reader for rule and answers files.

It reads the event stream of PyYAML's safe parser (libyaml when present) and builds
the tree itself, without recursion, so that every hostile input ends as one
:class:`CommsError` with a file:line:column:

- only the core tags (str, int, float, bool, null, seq, map); ``!!python/...`` and
  every other tag are refused before anything is constructed;
- anchors and aliases are refused (rule files never need them; this also rules out
  "billion laughs" alias bombs);
- duplicate keys are errors that name the first occurrence;
- nesting deeper than ``MAX_DEPTH``, more than ``MAX_NODES`` nodes, files over
  ``MAX_BYTES``, integers over ``MAX_INT_DIGITS`` digits, binary or non-UTF-8 bytes
  and several documents in one file are refused;
- timestamps stay strings (YAML 1.1 would turn ``2024-01-01`` into a date).

Mappings come back as :class:`YMap` and sequences as :class:`YList`; both remember
where they and each of their entries start. Scalars are plain Python values.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import CommsError, Location
from .safetext import excerpt

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_INT_DIGITS = 18

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_CONTAINER_TAGS = (_TAG + "seq", _TAG + "map")
_STR = _TAG + "str"
_TIMESTAMP = _TAG + "timestamp"
_ScalarEvent, _MappingStartEvent, _MappingEndEvent = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStartEvent, _SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MISSING = object()
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class YMap(dict):
    """A mapping that knows where it starts and where each key and value is."""

    name: str  # the file, for locations
    mark: Any  # where the mapping starts (a parser mark: 0-based line and column)
    key_marks: dict[str, Any]
    value_marks: dict[str, Any]

    @property
    def loc(self) -> Location:
        """Where the mapping starts."""
        return _location(self.name, self.mark)

    def loc_of(self, key: str) -> Location:
        """Where the value of `key` starts (the mapping itself if absent)."""
        return _location(self.name, self.value_marks.get(key, self.mark))

    def key_loc(self, key: str) -> Location:
        """Where `key` is written (the mapping itself if absent)."""
        return _location(self.name, self.key_marks.get(key, self.mark))


class YList(list):
    """A sequence that knows where it starts and where each item is."""

    name: str
    mark: Any
    item_marks: list[Any]

    @property
    def loc(self) -> Location:
        """Where the sequence starts."""
        return _location(self.name, self.mark)

    def loc_of(self, index: int) -> Location:
        """Where item `index` starts."""
        return _location(self.name, self.item_marks[index])


def _location(name: str, mark: Any) -> Location:
    # Marks are kept and turned into Locations only when asked: most never are.
    return Location(name, mark.line + 1, mark.column + 1)


def loc_of(container: Any, key: Any, default: Location) -> Location:
    """Where `container[key]` is written, for a YMap or YList; else `default`."""
    if isinstance(container, (YMap, YList)):
        try:
            return container.loc_of(key)
        except (IndexError, TypeError):
            return container.loc
    return default


def read_text(path: Path, regular_only: bool = False) -> str:
    """Read a UTF-8 text file, refusing missing, huge, binary and non-UTF-8 files."""
    return decode(read_bytes(path, regular_only), str(path))


def read_bytes(path: Path, regular_only: bool = True) -> bytes:
    """Read at most ``MAX_BYTES`` of a file; anything that is not a readable file is a CommsError.

    The limit applies to what is read, not to what ``stat()`` says, so ``/dev/zero``
    or a symlink to it stops at the limit. With `regular_only` (rule files: a folder
    is listed, nobody chose each entry) a FIFO, device or socket is refused without
    waiting on it; without it (a file named on the command line) a pipe such as
    ``--answers <(make-answers)`` is read, within the same limit.
    """
    where = Location(str(path))
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | (os.O_NONBLOCK if regular_only else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise CommsError(_open_error(path, exc), where) from None
    try:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise CommsError("is a directory, not a file", where)
        if regular_only and not stat.S_ISREG(kind):
            raise CommsError(f"not a regular file (a {_kind_name(kind)}); rule files must be plain files", where)
        return _read_limited(fd, where)
    except OSError as exc:
        raise CommsError(f"cannot read file ({exc.strerror or exc})", where) from None
    finally:
        os.close(fd)


def _read_limited(fd: int, where: Location) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        chunk = os.read(fd, min(1 << 16, MAX_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise CommsError(f"file is too large (over {MAX_BYTES} bytes, the limit)", where)


def _open_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "a dangling symlink (its target does not exist)" if os.path.islink(path) else "no such file"
    if exc.errno == errno.ELOOP:
        return "a symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read file ({exc.strerror or exc})"


def _kind_name(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (a BOM is allowed); binary data is refused with its position."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise CommsError("binary file (NUL byte): not a YAML or JSON text", _offset_loc(name, data, offset))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommsError("not valid UTF-8 text", _offset_loc(name, data, exc.start)) from None


def _offset_loc(name: str, data: bytes, offset: int) -> Location:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Location(name, line, column)


def load_file(path: Path) -> Any:
    """Load one YAML (or JSON) file named by the user safely; None when it holds no document."""
    return loads(read_text(path), str(path))


def loads(text: str, name: str) -> Any:
    """Load YAML text safely; `name` is used in error locations."""
    try:
        return _tree(text, name)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name) from None
    except yaml.reader.ReaderError as exc:
        loc = _offset_loc(name, text.encode("utf-8", "replace"), max(exc.position, 0))
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise CommsError(f"YAML cannot contain the control character U+{char:04X}", loc) from None
    except yaml.YAMLError as exc:
        raise CommsError(f"YAML syntax error: {excerpt(str(exc), 200, quoted=False)}", Location(name)) from None


# JSON writes characters beyond U+FFFF as two escapes ("\\ud83d\\ude00", Python's json
# default); YAML knows only one ("\\U0001f600") and libyaml refuses the pair. A file that
# may hold such a pair is read with PyYAML's own (slower, pure Python) parser, which
# keeps the two halves, and the builder joins them, in double-quoted scalars only: no
# rewriting of the text, so columns stay right and other text is never touched.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _tree(text: str, name: str) -> Any:
    pairs = _SURROGATE_ESCAPE.search(text) is not None
    parser = yaml.SafeLoader(text) if pairs else _Loader(text)
    try:
        return _TreeBuilder(name, pairs).build(iter(parser.get_event, None))
    finally:
        parser.dispose()


def _join_surrogates(text: str, loc: Location) -> str:
    """Double-quoted text with its UTF-16 surrogate pairs joined into characters."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise CommsError("a \\u escape is half of a surrogate pair, not a character", loc) from None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str) -> CommsError:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return CommsError(f"YAML syntax error: {exc.problem or exc}", Location(name))
    loc = Location(name, mark.line + 1, mark.column + 1)
    lines = text.splitlines()
    if mark.line < len(lines) and "\t" in lines[mark.line]:
        return CommsError("YAML syntax error: tab characters cannot indent YAML; use spaces", loc)
    problem = exc.problem or "invalid YAML"
    return CommsError(f"YAML syntax error: {problem}", loc)


@functools.lru_cache(maxsize=4096)
def _resolve(text: str, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged scalar (YAML 1.1 rules: `true` is a bool, `12` an int)."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, implicit)


class _TreeBuilder:
    """Turns parser events into YMap/YList/scalars with an explicit stack.

    The loop runs once per event (about 5,000 for the default policy), so it keeps
    to local names and keeps marks instead of making Locations.
    """

    def __init__(self, name: str, surrogate_pairs: bool = False) -> None:
        self.name = name
        self.surrogate_pairs = surrogate_pairs  # double-quoted scalars may hold "\\ud83d\\ude00"
        self.stack: list[list[Any]] = []  # [container, pending_key, pending_key_mark]
        self.result: Any = None
        self.documents = 0
        self.nodes = 0
        self.scalars: dict[tuple[str, str], Any] = {}  # (tag, text) -> value, for repeated scalars

    def build(self, events: Iterator[Any]) -> Any:
        """The tree of the one document in `events` (None when there is none)."""
        stack = self.stack
        for event in events:
            kind = event.__class__
            if kind is _ScalarEvent:
                self._check_node(event)
                value = self._scalar(event)
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                self._check_node(event)
                value = self._container(kind, event.start_mark)
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                stack.pop()
                continue
            else:
                self._other(event)
                continue
            if stack:
                self._attach(stack[-1], value, event)
            else:
                self.result = value
            if kind is not _ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    raise CommsError(f"nesting is deeper than {MAX_DEPTH} levels", value.loc)
                stack.append([value, None, None])
        return self.result

    def _other(self, event: Any) -> None:
        kind = event.__class__
        if kind is yaml.AliasEvent:
            raise CommsError("aliases (*name) are not allowed in comms files", self.loc(event))
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise CommsError("only one YAML document is allowed per file", self.loc(event))

    def loc(self, event: Any) -> Location:
        return _location(self.name, event.start_mark)

    def _container(self, kind: type, mark: Any) -> YMap | YList:
        node: YMap | YList
        if kind is _MappingStartEvent:
            node = YMap()
            node.key_marks, node.value_marks = {}, {}
        else:
            node = YList()
            node.item_marks = []
        node.name, node.mark = self.name, mark
        return node

    def _check_node(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CommsError(f"more than {MAX_NODES} YAML nodes", self.loc(event))
        if event.anchor is not None:
            raise CommsError(f"anchors (&{excerpt(event.anchor, quoted=False)}) are not allowed in comms files", self.loc(event))
        tag = event.tag
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            shown = tag.replace(_TAG, "!!")
            raise CommsError(f"the YAML tag {excerpt(shown)} is not allowed (only plain data)", self.loc(event))

    def _scalar(self, event: Any) -> Any:
        if self.surrogate_pairs and event.style == '"':
            event.value = _join_surrogates(event.value, self.loc(event))
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve(event.value, event.implicit)
        if tag in (_STR, "!", _TIMESTAMP):
            return event.value
        cached = self.scalars.get((tag, event.value), _MISSING)
        if cached is _MISSING:
            cached = self.scalars[(tag, event.value)] = self._construct(tag, event)
        return cached

    def _construct(self, tag: str, event: Any) -> Any:
        """A non-string scalar (int, float, bool, null): immutable, so it can be shared."""
        if tag in _CONTAINER_TAGS:
            raise CommsError(f"the tag {tag.replace(_TAG, '!!')!r} does not fit a plain value", self.loc(event))
        if tag == _TAG + "int" and len(event.value) > 4 * MAX_INT_DIGITS:  # never parse a huge number
            raise self._too_large(event)
        node = yaml.ScalarNode(tag, event.value)
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (KeyError, ValueError, OverflowError, yaml.constructor.ConstructorError):
            raise CommsError(f"cannot read {excerpt(event.value)} as {tag.replace(_TAG, '')}", self.loc(event)) from None
        if type(value) is int and abs(value) >= 10**MAX_INT_DIGITS:  # also 0x.., 0o.., 1_000_..
            raise self._too_large(event)
        return value

    def _too_large(self, event: Any) -> CommsError:
        return CommsError(f"number is too large (over {MAX_INT_DIGITS} digits)", self.loc(event))

    def _attach(self, frame: list[Any], value: Any, event: Any) -> None:
        """Put `value` in the open container: an item, a pending key, or the value of one."""
        container, mark = frame[0], event.start_mark
        if container.__class__ is YList:
            container.append(value)
            container.item_marks.append(mark)
        elif frame[2] is None:
            if event.__class__ is not _ScalarEvent:
                raise CommsError("mapping keys must be plain words, not lists or mappings", _location(self.name, mark))
            key = event.value
            if key in container:
                first = container.key_marks[key].line + 1
                raise CommsError(f"duplicate key {excerpt(key)} (first defined at line {first})", _location(self.name, mark))
            frame[1], frame[2] = key, mark
        else:
            key = frame[1]
            container[key] = value
            container.key_marks[key] = frame[2]
            container.value_marks[key] = mark
            frame[1], frame[2] = None, None
