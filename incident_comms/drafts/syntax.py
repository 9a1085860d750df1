"""A strict reader of the Liquid that drafts use, so that ``comms lint`` need not import python-liquid.

Importing python-liquid costs about 160 ms (it brings asyncio, babel and dateutil),
more than the rest of ``comms lint rules/``. What lint needs from a template is
small: does it parse, which global variables it reads (their path segments and
where), which filters it uses. This module reads a declared subset of Liquid and
answers exactly that; a template outside the subset is python-liquid's to read, as
before, so a template liquid accepts is never refused here and no lint result
changes. Rendering (``comms draft``) always uses python-liquid.

The subset, over liquid's own lexer and expression tokens (``lexing.py``: its two
regular expressions are liquid 2's, character for character; a test compares them)::

    template  := (text | raw | output | if | case | for | capture)*
    raw       := "{% raw %}" any text "{% endraw %}"
    output    := "{{" value filter* "}}"
    filter    := "|" FILTER [":" value ("," value)*]
    if        := "{% if" condition "%}" template ("{% elsif" condition "%}" template)*
                 ["{% else %}" template] "{% endif %}"
    case      := "{% case" value "%}" blank ("{% when" value (("," | "or") value)* "%}" template)*
                 ["{% else %}" template] "{% endcase %}"
    for       := "{% for" NAME "in" path "%}" template ["{% else %}" template] "{% endfor %}"
    capture   := "{% capture" NAME "%}" template "{% endcapture %}"
    condition := comparison (("and" | "or") comparison)*
    comparison:= value [("==" | "!=" | "<" | ">" | "<=" | ">=" | "contains") value]
    value     := path | STRING | INTEGER | true | false | nil | null | empty | blank
    path      := NAME ("." NAME | "[" INTEGER "]" | "[" STRING "]")*
    NAME      := [A-Za-z_][A-Za-z0-9_]*, not a keyword;  FILTER: one of FILTERS

Any delimiter may carry liquid's whitespace control (``{%-``, ``-}}``). Scope is
liquid's: a ``for`` name (and ``forloop``) is local inside the loop, a ``capture``
name from its tag on; every other name is a global the lint checks.

:func:`read` gives a :class:`Reading`, or a :class:`Broken` (the template is wrong in
a way liquid refuses too: an unclosed ``{{`` or block, a delimiter tag out of place,
a missing expression or filter name, a character liquid's tokenizer refuses), or an
:class:`Outside` (anything else: another tag, another expression form). The caller
hands both of the latter to python-liquid, which words the error.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexing import Broken, Outside, Stop, Token, expression_tokens, lex

FILTERS = frozenset((
    "append", "capitalize", "default", "downcase", "escape", "first", "join", "last", "lstrip",
    "prepend", "remove", "remove_first", "remove_last", "replace", "replace_first", "replace_last",
    "rstrip", "size", "split", "strip", "strip_newlines", "truncate", "truncatewords", "upcase",
    "url_encode",
))
BLOCKS = {  # the tag that opens a block: the tags that may continue it, and the tag that ends it
    "if": (("elsif", "else"), "endif"),
    "case": (("when", "else"), "endcase"),
    "for": (("else",), "endfor"),
    "capture": ((), "endcapture"),
}
DELIMITERS = frozenset(("elsif", "else", "when", "endif", "endcase", "endfor", "endcapture", "raw", "endraw"))
COMPARISONS = frozenset(("==", "!=", "<", ">", "<=", ">=", "contains"))
LITERALS = frozenset(("string", "integer", "true", "false", "nil", "null", "empty", "blank"))
ARGUMENTS = frozenset(("word", "string", "integer", "true", "false", "nil", "null"))
ENDS = {tag: frozenset((*branches, end)) for tag, (branches, end) in BLOCKS.items()}  # what ends a branch
MAX_DEPTH = 20  # blocks nested deeper are python-liquid's to judge (it stops at 30)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LIQUID_PRIMITIVE = frozenset((*LITERALS, "float", "rangeexpression", "word", "identstring", "lbracket"))


_EOF = ("eof", "", -1)  # liquid reports a problem at the end of an expression or template at index -1


class Reading(NamedTuple):
    """What lint needs from a template in the subset; indexes are into its source."""

    variables: tuple[tuple[tuple[str | int, ...], int], ...]  # each global read: path segments, index
    filters: tuple[tuple[str, int], ...]  # each filter used, at its first use


def read(source: str) -> Reading | Broken | Outside:
    """The template's variables and filters, or why python-liquid has to read it."""
    try:
        return _Reader(lex(source)).template()
    except Stop as stop:
        return stop.verdict


# ---- the parser -------------------------------------------------------------------------
class _Reader:
    """Parses the tokens in liquid's order, collecting what its static analysis would."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.template_scope: set[str] = set()
        self.block_scopes: list[set[str]] = []
        self.variables: list[tuple[tuple[str | int, ...], int]] = []
        self.filters: dict[str, int] = {}

    def template(self) -> Reading:
        self._block(frozenset(), 0)
        by_root: dict[str, list[tuple[tuple[str | int, ...], int]]] = {}
        for variable in self.variables:  # liquid groups them by their first segment
            by_root.setdefault(str(variable[0][0]), []).append(variable)
        return Reading(tuple(v for group in by_root.values() for v in group), tuple(self.filters.items()))

    # -- blocks --
    def _block(self, ends: frozenset[str], depth: int) -> Token | None:
        """Nodes up to a tag in `ends` (returned, not consumed), or None at the end of the template."""
        if depth > MAX_DEPTH:
            raise Stop(Outside("blocks nested too deeply", self._current_index()))
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.kind == "tag" and token.value in ends:
                return token
            self.at += 1
            if token.kind == "output":
                self._output(token)
            elif token.kind == "tag":
                self._tag(token, depth)
        return None

    def _tag(self, token: Token, depth: int) -> None:
        if token.value in DELIMITERS:
            raise Stop(Broken(f"unexpected tag {token.value!r}", token.start))
        if token.value not in BLOCKS:
            raise Stop(Outside(f"tag {token.value!r}", token.start))
        expression = self._expression(token)
        getattr(self, f"_{token.value}")(expression, depth + 1)

    def _expression(self, token: Token) -> _Expression:
        if token.expression is None:
            raise Stop(Broken("missing expression", token.start))
        return _Expression(expression_tokens(token.expression, token.expression_index), self)

    def _branch(self, ends: frozenset[str], depth: int, *, scope: set[str] | None = None) -> Token:
        """A block that must end at one of `ends`; its end tag, consumed (an expression on it is not read)."""
        if scope is not None:
            self.block_scopes.append(scope)
        end = self._block(ends, depth)
        if scope is not None:
            self.block_scopes.pop()
        if end is None:
            raise Stop(Broken("block not closed", _EOF[2]))
        self.at += 1
        if end.expression is not None and end.value not in ("elsif", "when"):
            raise Stop(Outside(f"an expression on {end.value!r}", end.expression_index))
        return end

    def _if(self, condition: _Expression, depth: int) -> None:
        condition.condition()
        end = self._branch(ENDS["if"], depth)
        while end.value == "elsif":
            self._expression(end).condition()
            end = self._branch(ENDS["if"], depth)
        if end.value == "else":
            end = self._branch(ENDS["if"], depth)
            if end.value != "endif":
                raise Stop(Outside(f"{end.value!r} after 'else'", end.start))

    def _case(self, subject: _Expression, depth: int) -> None:
        subject.value()
        subject.end()
        end = self._first_branch()
        while end.value == "when":
            self._expression(end).choices()
            end = self._branch(ENDS["case"], depth)
        if end.value == "else":
            end = self._branch(ENDS["case"], depth)
            if end.value != "endcase":
                raise Stop(Outside(f"{end.value!r} after 'else'", end.start))

    def _first_branch(self) -> Token:
        """The case's first when, else or endcase tag, consumed; only blank text may come before it."""
        while self.at < len(self.tokens) and self.tokens[self.at].kind == "text":
            if self.tokens[self.at].value.strip():  # liquid skips it unread
                raise Stop(Outside("text before the first 'when'", self.tokens[self.at].start))
            self.at += 1
        if self.at == len(self.tokens):
            raise Stop(Broken("block not closed", _EOF[2]))
        token = self.tokens[self.at]
        if token.kind != "tag":  # liquid skips it unread
            raise Stop(Outside("output before the first 'when'", token.start))
        if token.value not in ENDS["case"]:
            known = token.value in DELIMITERS or token.value in BLOCKS
            raise Stop((Broken if known else Outside)(f"unexpected tag {token.value!r}", token.start))
        self.at += 1
        if token.expression is not None and token.value != "when":
            raise Stop(Outside(f"an expression on {token.value!r}", token.expression_index))
        return token

    def _for(self, loop: _Expression, depth: int) -> None:
        name = loop.loop()
        scope = {name, "forloop"}
        end = self._branch(ENDS["for"], depth, scope=scope)
        if end.value == "else":
            self._branch(frozenset((BLOCKS["for"][1],)), depth, scope=scope)

    def _capture(self, target: _Expression, depth: int) -> None:
        self.template_scope.add(target.name())
        target.end()
        self._branch(ENDS["capture"], depth)

    def _output(self, token: Token) -> None:
        _Expression(expression_tokens(token.value, token.expression_index), self).output()

    def _current_index(self) -> int:
        return self.tokens[self.at].start if self.at < len(self.tokens) else _EOF[2]

    # -- what the analysis collects --
    def variable(self, segments: tuple[str | int, ...], index: int) -> None:
        root = str(segments[0])
        if root not in self.template_scope and not any(root in scope for scope in self.block_scopes):
            self.variables.append((segments, index))

    def filter(self, name: str, index: int) -> None:
        self.filters.setdefault(name, index)


class _Expression:
    """The tokens of one expression and the subset's grammar for each place an expression goes."""

    def __init__(self, tokens: list[tuple[str, str, int]], reader: _Reader) -> None:
        self.tokens = tokens
        self.at = 0
        self.reader = reader

    @property
    def current(self) -> tuple[str, str, int]:
        return self.tokens[self.at] if self.at < len(self.tokens) else _EOF

    def _outside(self, what: str) -> Stop:
        return Stop(Outside(what, self.current[2]))

    def end(self) -> None:
        if self.current[0] != "eof":
            raise self._outside(f"unexpected {self.current[1]!r}")

    def output(self) -> None:
        self.value()
        while self.current[0] == "pipe":
            self.at += 1
            kind, name, index = self.current
            if kind != "word":  # liquid insists on a filter name here
                raise Stop(Broken("missing filter name", index))
            if name not in FILTERS:
                raise self._outside(f"filter {name!r}")
            self.reader.filter(name, index)
            self.at += 1
            if self.current[0] == "colon":
                self.at += 1
                self._argument()
                while self.current[0] == "comma":
                    self.at += 1
                    self._argument()
        self.end()

    def _argument(self) -> None:
        """A filter's argument: liquid reads these leniently, so anything unusual is outside."""
        if self.current[0] not in ARGUMENTS:
            raise self._outside("a filter argument other than a path or a literal")
        self.value()
        if self.current[0] not in ("comma", "pipe", "eof"):
            raise self._outside("a filter argument followed by something else")

    def condition(self) -> None:
        self._comparison()
        while self.current[0] in ("and", "or"):
            self.at += 1
            self._comparison()
        self.end()

    def _comparison(self) -> None:
        self._operand()
        if self.current[1] in COMPARISONS and self.current[0] in ("OP", "contains"):
            self.at += 1
            self._operand()

    def _operand(self) -> None:
        if self.current[0] in ("lparen", "not"):
            raise self._outside("grouping or 'not' in a condition")
        self.value()

    def choices(self) -> None:
        self.value()
        while self.current[0] in ("comma", "or"):
            self.at += 1
            self.value(required=False)  # liquid drops a later choice it cannot read
        self.end()

    def loop(self) -> str:
        name = self.name()
        if self.current[0] != "in":
            raise self._outside("a loop other than 'NAME in PATH'")
        self.at += 1
        if self.current[0] != "word":
            raise self._outside("a loop over something other than a path")
        self._path()
        self.end()
        return name

    def name(self) -> str:
        kind, value, _ = self.current
        if kind != "word" or not _NAME.fullmatch(value):
            raise self._outside("a name other than letters, digits and _")
        self.at += 1
        return value

    def value(self, *, required: bool = True) -> None:
        kind, value, index = self.current
        if kind not in _LIQUID_PRIMITIVE:  # liquid expects a value here
            raise Stop((Broken if required else Outside)(f"expected a value, found {kind}", index))
        if kind == "word":
            self._path()
        elif kind in LITERALS and (kind != "integer" or len(value) <= 10):
            self.at += 1
        else:
            raise self._outside(f"a {kind} value")

    def _path(self) -> None:
        index = self.current[2]
        segments: list[str | int] = [self.name()]
        while True:
            kind, value, _ = self.current
            if kind == "dot":
                self.at += 1
                segments.append(self.name())
            elif kind == "identindex" and len(value) <= 10:
                self.at += 1
                segments.append(int(value))
            elif kind == "identstring":
                self.at += 1
                segments.append(value)
            else:
                break
        self.reader.variable(tuple(segments), index)
