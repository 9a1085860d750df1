"""A hardened, location-keeping YAML reader for rule and answers files.

It reads the event stream of PyYAML's safe parser (libyaml when present) and builds
the tree itself, without recursion, so that every hostile input ends as one
:class:`CommsError` with a file:line:column:

- only the core tags (str, int, float, bool, null, seq, map); ``!!python/...`` and
  every other tag are refused before anything is constructed;
- anchors and aliases are refused (rule files never need them; this also rules out
  "billion laughs" alias bombs);
- duplicate keys are errors that name the first occurrence;
- nesting deeper than ``MAX_DEPTH``, more than ``MAX_NODES`` nodes, integers over
  ``MAX_INT_DIGITS`` digits and several documents in one file are refused, as are
  (``textfiles``) files over ``MAX_BYTES``, binary and non-UTF-8 bytes;
- timestamps stay strings (YAML 1.1 would turn ``2024-01-01`` into a date).

Mappings come back as :class:`YMap` and sequences as :class:`YList`; both remember
where they and each of their entries start. Scalars are plain Python values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import CommsError, Location
from .safetext import excerpt
from .textfiles import offset_location, read_text

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_INT_DIGITS = 18

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_CONTAINER_TAGS = (_TAG + "seq", _TAG + "map")
_STR = _TAG + "str"
_INT = _TAG + "int"
_TIMESTAMP = _TAG + "timestamp"
_ScalarEvent, _MappingStartEvent, _MappingEndEvent = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStartEvent, _SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MISSING = object()
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


# Which place of a container a location names (see Location.pending).
_START, _KEY, _VALUE = 0, 1, 2


class _Source:
    """The file a tree was read from; for a file read as JSON, also what finds its marks later."""

    __slots__ = ("_frontier", "_parents", "name", "root", "text")

    def __init__(self, name: str, text: str | None = None) -> None:
        self.name = name
        self.text = text  # set only while the marks of a tree read as JSON may be needed
        self.root: Any = None
        self._parents: dict[int, Any] = {}  # id(container) -> the container holding it
        self._frontier: list[Any] | None = None  # the deepest containers whose children are in _parents

    def find_marks(self, container: YMap | YList) -> None:
        """Give `container` of the JSON-read tree the marks the YAML reader finds for it.

        Only the containers on its path from the root get marks: each is scanned in the
        text from its own start, its entries' values skipped by the json module's C
        scanner (``jsonmarks.JsonMarks``). The 43 dead-rule places `comms lint` reports in one
        742 kB file of bench/lint_scale.py 20000x40 take 14 ms so, 215 ms when the whole
        file is read again with the YAML reader (bench/read_policy.py, "first places").
        What the scan cannot match to the tree falls back to that reading (``_read_marks``).
        """
        from .jsonmarks import JsonMarks, Mark, NotTheText, place_in

        text = self.text
        if text is None:
            return
        try:
            scan = JsonMarks(text)
            for node in reversed(self._unmarked_path(container)):
                if node is self.root:
                    start = _LOOKS_LIKE_JSON.match(text).end() - 1  # type: ignore[union-attr]
                    node._marks = scan.marks(node, Mark(start, *scan.line_and_column(start)))
                else:
                    parent = self._parents[id(node)]
                    node._marks = scan.marks(node, parent._marks[place_in(parent, node)])
        except NotTheText:
            self._read_marks()

    def _unmarked_path(self, container: Any) -> list[Any]:
        """`container` and its ancestors that have no marks yet, the deepest first."""
        path = []
        node = container
        while not hasattr(node, "_marks"):
            path.append(node)
            if node is self.root:
                break
            node = self._parent(node)
        return path

    def _parent(self, container: Any) -> Any:
        """The container holding `container`.

        The tree has no links upwards: the levels under the root are listed one by one
        until `container` is found (a rule's place in a policy file: the first level).
        """
        from .jsonmarks import NotTheText, children_of

        parents = self._parents
        while True:
            found = parents.get(id(container))
            if found is not None:
                return found
            frontier = [self.root] if self._frontier is None else self._frontier
            if not frontier:
                raise NotTheText  # not in this tree
            self._frontier = children_of(frontier, parents)

    def _read_marks(self) -> None:
        """Give every container the marks the YAML reader finds for it, reading the whole text again.

        The JSON reader is used only where it gives exactly the YAML reader's tree
        (``_json_tree``), so the two trees have the same shape, container by container.
        """
        text, self.text = self.text, None
        if text is None:
            return
        marked = _yaml_tree(text, self.name)
        pending = [(self.root, marked)]
        while pending:
            mine, theirs = pending.pop()
            mine._marks = theirs._marks
            for child, twin in zip(mine.values() if mine.__class__ is YMap else mine,
                                   theirs.values() if theirs.__class__ is YMap else theirs, strict=True):
                if child.__class__ is YMap or child.__class__ is YList:
                    pending.append((child, twin))


class YMap(dict):
    """A mapping that knows where it starts and where each key and value is.

    Its marks (parser marks: 0-based line and column) are one list: where the mapping
    starts, then the key and value marks of each entry, in order. A tree read as JSON
    has none until a location in its file is asked for.
    """

    __slots__ = ("_depth", "_index", "_marks", "_source")
    _source: _Source
    _marks: list[Any]  # set when built from YAML events, or when a JSON-read tree's marks are found
    _index: dict[Any, int]  # where each key's marks are, made when a place is first asked for
    _depth: int  # how many containers are nested in it, set by the JSON reader

    @property
    def loc(self) -> Location:
        """Where the mapping starts."""
        return Location.pending(self._source.name, self, None, _START)

    def loc_of(self, key: str) -> Location:
        """Where the value of `key` starts (the mapping itself if absent)."""
        return Location.pending(self._source.name, self, key, _VALUE)

    def key_loc(self, key: str) -> Location:
        """Where `key` is written (the mapping itself if absent)."""
        return Location.pending(self._source.name, self, key, _KEY)

    def position(self, key: Any, kind: int) -> tuple[int, int]:
        """The 1-based (line, column) of a place in this mapping (a pending Location asks)."""
        marks = _marks_of(self)
        index = 0
        if kind != _START:
            try:
                order = self._index
            except AttributeError:  # the first place asked for in this mapping
                order = self._index = {name: 2 * i for i, name in enumerate(self)}
            try:
                index = order[key] + kind
            except (KeyError, TypeError):  # an absent (or unhashable) key: the mapping itself
                index = 0
        return marks[index].line + 1, marks[index].column + 1


class YList(list):
    """A sequence that knows where it starts and where each item is (marks: the start, then each item's)."""

    __slots__ = ("_depth", "_marks", "_source")
    _source: _Source
    _marks: list[Any]
    _depth: int

    @property
    def loc(self) -> Location:
        """Where the sequence starts."""
        return Location.pending(self._source.name, self, None, _START)

    def loc_of(self, index: int) -> Location:
        """Where item `index` starts."""
        if not -len(self) <= index < len(self):  # a TypeError for an index that is not a number
            raise IndexError(index)
        return Location.pending(self._source.name, self, index, _VALUE)

    def position(self, index: Any, kind: int) -> tuple[int, int]:
        """The 1-based (line, column) of the sequence (START) or of an item (negative: from the end)."""
        mark = _marks_of(self)[0 if kind == _START else index % len(self) + 1]
        return mark.line + 1, mark.column + 1


def _marks_of(container: YMap | YList) -> list[Any]:
    try:
        return container._marks
    except AttributeError:  # read as JSON: find the marks of the containers down to this one
        container._source.find_marks(container)
        return container._marks


def loc_of(container: Any, key: Any, default: Location) -> Location:
    """Where `container[key]` is written, for a YMap or YList; else `default`."""
    kind = container.__class__
    if kind is YList and not (isinstance(key, int) and -len(container) <= key < len(container)):
        return container.loc
    if kind is YMap or kind is YList:  # the same as container.loc_of(key), a call less (a policy makes ~10^5)
        loc = _new_location(Location)
        fields = loc.__dict__
        fields["path"], fields["_at_owner"] = container._source.name, container
        fields["_at_key"], fields["_at_kind"] = key, _VALUE
        return loc
    return default


_new_location = object.__new__


def load_file(path: Path) -> Any:
    """Load one YAML (or JSON) file named by the user safely; None when it holds no document."""
    return loads(read_text(path), str(path))


def loads(text: str, name: str) -> Any:
    """Load YAML text safely; `name` is used in error locations."""
    tree = _json_tree(text, name)
    if tree is not _NOT_JSON:
        return tree
    try:
        return _yaml_tree(text, name)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name) from None
    except yaml.reader.ReaderError as exc:
        loc = offset_location(name, text.encode("utf-8", "replace"), max(exc.position, 0))
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


def _yaml_tree(text: str, name: str) -> Any:
    pairs = _SURROGATE_ESCAPE.search(text) is not None
    parser = yaml.SafeLoader(text) if pairs else _Loader(text)
    try:
        return _build(iter(parser.get_event, None), _Source(name), pairs)
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


# A plain scalar whose first character starts no implicit type (most words) is a string.
_TYPED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
assert None not in _TYPED_FIRST  # a resolver for every first character would need _resolve always
_NO_KEY = object()


def _build(events: Iterator[Any], source: _Source, surrogate_pairs: bool = False) -> Any:
    """Turn parser events into YMap/YList/scalars with an explicit stack: the tree of the one
    document in `events` (None when there is none).

    The loop runs once per event (about 10,000 for the default policy), so it is one
    function that keeps to local names and keeps marks instead of making Locations.
    `surrogate_pairs`: double-quoted scalars may hold "\\ud83d\\ude00" (see _SURROGATE_ESCAPE).
    """
    name = source.name
    stack: list[tuple[Any, list[Any], bool, Any, Any]] = []  # the enclosing containers' state
    container: Any = None  # the open container, its marks, whether it is a mapping, a pending key
    marks: list[Any] = []
    is_map = False
    key: Any = _NO_KEY
    key_mark: Any = None
    result: Any = None
    documents = nodes = 0
    scalars: dict[tuple[str, str], Any] = {}  # (tag, text) -> value, for repeated scalars
    for event in events:
        kind = event.__class__
        if kind is _ScalarEvent:
            nodes += 1
            tag = event.tag
            if tag is not None or nodes > MAX_NODES or event.anchor is not None:
                _check_node(event, nodes, name)
            mark = event.start_mark
            text = event.value
            if surrogate_pairs and event.style == '"':
                text = event.value = _join_surrogates(text, _location(name, mark))
            if tag is None or tag == "!":
                implicit = event.implicit
                # quoted, or a word that starts no number, bool or null: text
                typed = implicit[0] and (not text or text[0] in _TYPED_FIRST)
                tag = _resolve(text, implicit) if typed else _STR
            if tag is _STR or tag in (_STR, "!", _TIMESTAMP):
                value = text
            else:
                value = scalars.get((tag, text), _MISSING)
                if value is _MISSING:
                    value = scalars[(tag, text)] = _construct(tag, event, name)
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            nodes += 1
            if nodes > MAX_NODES or event.anchor is not None or event.tag is not None:
                _check_node(event, nodes, name)
            mark = event.start_mark
            value = YMap() if kind is _MappingStartEvent else YList()
            value._source = source
            value._marks = [mark]
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            container, marks, is_map, key, key_mark = stack.pop()
            continue
        else:
            documents = _other(event, documents, name)
            continue
        if container is None:
            result = value
        elif not is_map:
            container.append(value)
            marks.append(mark)
        elif key is _NO_KEY:
            if kind is not _ScalarEvent:
                raise CommsError("mapping keys must be plain words, not lists or mappings", _location(name, mark))
            key = event.value
            if key in container:
                first = container.position(key, _KEY)[0]
                raise CommsError(f"duplicate key {excerpt(key)} (first defined at line {first})", _location(name, mark))
            key_mark = mark
            continue
        else:
            container[key] = value
            marks.append(key_mark)
            marks.append(mark)
            key = _NO_KEY
        if kind is not _ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                raise CommsError(f"nesting is deeper than {MAX_DEPTH} levels", _location(name, mark))
            stack.append((container, marks, is_map, key, key_mark))
            container, marks, is_map, key = value, value._marks, kind is _MappingStartEvent, _NO_KEY
    return result


def _location(name: str, mark: Any) -> Location:
    return Location(name, mark.line + 1, mark.column + 1)


def _other(event: Any, documents: int, name: str) -> int:
    """Refuse an alias and a second document; the number of documents so far."""
    kind = event.__class__
    if kind is yaml.AliasEvent:
        raise CommsError("aliases (*name) are not allowed in comms files", _location(name, event.start_mark))
    if kind is yaml.DocumentStartEvent:
        documents += 1
        if documents > 1:
            raise CommsError("only one YAML document is allowed per file", _location(name, event.start_mark))
    return documents


def _check_node(event: Any, nodes: int, name: str) -> None:
    """Refuse too many nodes, an anchor, or a tag other than the core ones."""
    if nodes > MAX_NODES:
        raise CommsError(f"more than {MAX_NODES} YAML nodes", _location(name, event.start_mark))
    if event.anchor is not None:
        where = _location(name, event.start_mark)
        raise CommsError(f"anchors (&{excerpt(event.anchor, quoted=False)}) are not allowed in comms files", where)
    tag = event.tag
    if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
        shown = tag.replace(_TAG, "!!")
        raise CommsError(f"the YAML tag {excerpt(shown)} is not allowed (only plain data)", _location(name, event.start_mark))


def _construct(tag: str, event: Any, name: str) -> Any:
    """A non-string scalar (int, float, bool, null): immutable, so it can be shared."""
    if tag in _CONTAINER_TAGS:
        raise CommsError(f"the tag {tag.replace(_TAG, '!!')!r} does not fit a plain value", _location(name, event.start_mark))
    try:
        return _typed(tag, event.value)
    except _TooLarge:
        raise CommsError(f"number is too large (over {MAX_INT_DIGITS} digits)", _location(name, event.start_mark)) from None
    except _Unreadable:
        where = _location(name, event.start_mark)
        raise CommsError(f"cannot read {excerpt(event.value)} as {tag.replace(_TAG, '')}", where) from None


class _TooLarge(Exception):
    pass


class _Unreadable(Exception):
    pass


def _typed(tag: str, text: str) -> Any:
    """The value of a scalar of core type `tag` (int, float, bool, null)."""
    if tag == _INT and len(text) > 4 * MAX_INT_DIGITS:  # never parse a huge number
        raise _TooLarge
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except (KeyError, ValueError, OverflowError, yaml.constructor.ConstructorError):
        raise _Unreadable from None
    if type(value) is int and abs(value) >= 10**MAX_INT_DIGITS:  # also 0x.., 0o.., 1_000_..
        raise _TooLarge
    return value


# ---- JSON ------------------------------------------------------------------------------
# A policy written by a program is often JSON, which is YAML too; the YAML reader builds
# it from about one parser event per value (a 9 MB generated policy: 4 s), the json module
# in a tenth of that. A text that may read differently as YAML is read by the YAML reader,
# which then gives its exact tree or error; the JSON reader is used only where it gives
# the YAML reader's tree, value for value, and leaves the marks to be found when a location
# in the file is first asked for (_Source.find_marks).
_NOT_JSON = object()
_LOOKS_LIKE_JSON = re.compile(r"[ \r\n]*[\[{]")
# What YAML reads differently from JSON, or refuses, is found with these (each a fast
# scan of the text; a doubt only costs the speed of the JSON reader, never the result):
# characters other than printable ASCII and line breaks (among them the tab, NEL, U+2028/9
# and the BOM, which YAML refuses or reads as line breaks); surrogate escapes (the YAML
# builder joins or refuses them); and keys that are not simple YAML keys: a line break
# before the colon, or more than 1024 characters from the key's quote to its colon (a key
# of at most 150 characters takes at most 900, as \uXXXX escapes; spaces at most 99).
_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\n\r"
_LINE_BREAK_BEFORE_COLON = re.compile(r"\n[ \r\n]*:")  # a search each: an alternation scans slower
_CR_BEFORE_COLON = re.compile(r"\r[ \r\n]*:")
_NON_ASCII = bytes(range(0x80, 0x100))
_NOT_YAML_TEXT = "[\x80-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"  # compiled on first use (0.6 ms)
_LONG_KEY = 150
_SPACES_BEFORE_COLON = " " * 100


class _NotTheYamlTree(Exception):
    """The JSON reader would not give the YAML reader's tree (or error): use the YAML reader."""


def _json_tree(text: str, name: str) -> Any:
    """The tree of a JSON text, exactly as the YAML reader gives it (marks found later); else _NOT_JSON."""
    if not _LOOKS_LIKE_JSON.match(text) or _doubtful(text):
        return _NOT_JSON
    import json  # only for a text that looks like JSON

    source = _Source(name, text)
    counts = [1]  # YAML nodes: the root, and every key, value and item
    ymap, ylist, long_key, max_depth = YMap, YList, _LONG_KEY, MAX_DEPTH

    def mapping(pairs: list[tuple[str, Any]]) -> YMap:  # once per JSON object: kept to local names
        node = ymap(pairs)
        if len(pairs) == 1:  # most objects of a policy: {QUESTION: VALUE}, {in: [...]}, {FIELD: VALUE}
            key, value = pairs[0]
            kind = value.__class__
            if kind is list:
                value = node[key] = _json_list(value, source, counts)
                kind = ylist
            depth = value._depth + 1 if kind is ymap or kind is ylist else 1
            if len(key) > long_key or depth > max_depth:
                raise _NotTheYamlTree
            counts[0] += 2
        else:
            if len(node) != len(pairs):
                raise _NotTheYamlTree  # a duplicate key: the YAML reader names both
            counts[0] += 2 * len(pairs)
            depth = 1
            for key, value in pairs:
                kind = value.__class__
                if kind is list:
                    value = node[key] = _json_list(value, source, counts)
                    kind = ylist
                if (kind is ymap or kind is ylist) and value._depth >= depth:
                    depth = value._depth + 1
                if len(key) > long_key:
                    raise _NotTheYamlTree
            if depth > max_depth:
                raise _NotTheYamlTree
        node._source = source
        node._depth = depth
        return node

    try:
        tree = json.loads(text, object_pairs_hook=mapping, parse_int=_json_number, parse_float=_json_number,
                          parse_constant=_json_number)
        if tree.__class__ is list:
            tree = _json_list(tree, source, counts)
    except (ValueError, RecursionError, _NotTheYamlTree):  # JSONDecodeError is a ValueError
        return _NOT_JSON
    if counts[0] > MAX_NODES:
        return _NOT_JSON
    source.root = tree
    return tree


def _doubtful(text: str) -> bool:
    """Whether the YAML reader may read `text` differently from the JSON reader (see _ASCII_TEXT)."""
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_TEXT)
    if others and (others.translate(None, _NON_ASCII) or re.search(_NOT_YAML_TEXT, text)):
        return True  # an ASCII control character, or a character YAML refuses or reads as a line break
    return (_SPACES_BEFORE_COLON in text or _SURROGATE_ESCAPE.search(text) is not None
            or _LINE_BREAK_BEFORE_COLON.search(text) is not None
            or ("\r" in text and _CR_BEFORE_COLON.search(text) is not None))


def _json_list(items: list[Any], source: _Source, counts: list[int]) -> YList:
    """A JSON array as a YList (the json module has no hook for arrays), with the arrays in it."""
    node = YList(items)
    node._source = source
    counts[0] += len(items)
    depth = 1
    for item in items:  # mostly mappings (made by the hook) and scalars
        if item.__class__ is YMap:
            if item._depth >= depth:
                depth = item._depth + 1
        elif item.__class__ is list:
            depth = _json_lists_in(node, source, counts)
            break
    if depth > MAX_DEPTH:
        raise _NotTheYamlTree
    node._depth = depth
    return node


def _json_lists_in(node: YList, source: _Source, counts: list[int]) -> int:
    """The depth of `node`, an array with arrays in it, which become YLists."""
    depth = 1
    for i, item in enumerate(node):
        kind = item.__class__
        if kind is list:
            item = node[i] = _json_list(item, source, counts)
            kind = YList
        if (kind is YMap or kind is YList) and item._depth >= depth:
            depth = item._depth + 1
    return depth


def _json_number(text: str) -> Any:
    """A JSON number as YAML 1.1 reads the same plain scalar: `1e5` is text, `1.5E+5` a float."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    try:
        return _typed(tag, text)
    except (_TooLarge, _Unreadable):  # the YAML reader says where
        raise _NotTheYamlTree from None
