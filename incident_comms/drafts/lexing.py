"""liquid's template lexer and expression tokenizer, made again for ``syntax.py``.

The two regular expressions are python-liquid 2's, character for character (a test
compares them with liquid's own), so that a template is cut into the tokens liquid
would see; ``lex`` and ``expression_tokens`` stop with the verdict (:class:`Broken`:
liquid refuses it too; :class:`Outside`: liquid's to read) where the subset ends.
"""

from __future__ import annotations

import re
from typing import NamedTuple

KEYWORDS = frozenset((
    "true", "false", "nil", "null", "empty", "blank", "and", "or", "contains", "not", "in", "offset",
    "limit", "reversed", "cols", "continue", "with", "for", "as", "if", "else", "required",
))


def _template_pattern() -> re.Pattern[str]:
    """liquid's template lexer (``liquid.lex.compile_liquid_rules`` with its default delimiters)."""
    tag_s, tag_e, stmt_s, stmt_e = re.escape("{%"), re.escape("%}"), re.escape("{{"), re.escape("}}")
    rules = (
        ("RAW", rf"{tag_s}-?\s*raw\s*(?P<rsr>-?){tag_e}(?P<raw>.*?){tag_s}-?\s*endraw\s*(?P<rsr_e>-?){tag_e}"),
        ("DOC", rf"{tag_s}-?\s*doc\s*(?P<lsd>-?){tag_e}(?P<doc>.*?){tag_s}-?\s*enddoc\s*(?P<rsd>-?){tag_e}"),
        ("output", rf"{stmt_s}-?\s*(?P<stmt>(?:(?!-?{stmt_e})[\s\S])*(?<!\s))\s*(?P<rss>-?){stmt_e}"),
        ("TAG", rf"{tag_s}-?\s*(?P<name>#|\w+)\s*(?P<expr>(?:(?!-?{tag_e})[\s\S])*(?<!\s))\s*(?P<rst>-?){tag_e}"),
        ("content", rf".+?(?=(({tag_s}|{stmt_s})(?P<rstrip>-?))|$)"),
    )
    return re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in rules), re.DOTALL)


_EXPRESSION_RULES = (  # liquid's expression tokenizer (``liquid.builtin.expressions._tokenize``)
    ("rangeexpression", r"\((?=.+?\.\.)"),
    ("identindex", r"\[\s*(?P<path_index>\-?\d+)\s*]"),
    ("identstring", r"\[\s*(?P<identquote>[\"'])(?P<identquoted>.*?)(?P=identquote)\s*]"),
    ("string", r"(?P<quote>[\"'])(?P<quoted>.*?)(?P=quote)"),
    ("range", r"\.\."),
    ("float", r"-?\d+\.(?!\.)\d*"),
    ("integer", r"-?\d+\b"),
    ("dot", r"\."),
    ("word", r"\w[\w\-]*\??"),
    ("lparen", r"\("),
    ("rparen", r"\)"),
    ("lbracket", r"\["),
    ("rbracket", r"]"),
    ("colon", r":"),
    ("comma", r","),
    ("dpipe", r"\|\|"),
    ("pipe", r"\|"),
    ("OP", r"[!=<>]{1,2}"),
    ("skip", r"[ \n\t\r]+"),
    ("illegal", r"."),
)
TEMPLATE = _template_pattern()
EXPRESSION = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _EXPRESSION_RULES), re.DOTALL)
LIQUID_OPERATORS = frozenset(("==", "!=", "<>", "<", ">", "<=", ">=", "="))  # liquid's; any other is its error


class Broken(NamedTuple):
    """A template python-liquid refuses too; `offset` is where it reports it (-1: the end)."""

    reason: str
    offset: int


class Outside(NamedTuple):
    """A template this reader does not read: python-liquid decides."""

    reason: str
    offset: int


class Stop(Exception):
    """Raised with the verdict where reading stops early: the template is Broken or Outside."""

    def __init__(self, verdict: Broken | Outside) -> None:
        self.verdict = verdict


class Token(NamedTuple):
    """One piece of a template as liquid's lexer cuts it."""

    kind: str  # "text", "output" or "tag"
    value: str  # the text; the output's expression; the tag's name
    start: int
    expression: str | None = None  # a tag's expression (None when it has none)
    expression_index: int = -1


def lex(source: str) -> list[Token]:
    """The template's tokens, as liquid lexes them (all of it before any parsing, as liquid does)."""
    tokens: list[Token] = []
    lstrip = False
    for match in TEMPLATE.finditer(source):
        kind = match.lastgroup
        if kind == "output":
            tokens.append(Token("output", match.group("stmt"), match.start(), match.group("stmt"), match.start("stmt")))
            lstrip = bool(match.group("rss"))
        elif kind == "TAG":
            name = match.group("name")
            if name == "comment":  # liquid lexes what follows differently
                raise Stop(Outside("comment tag", match.start("name")))
            tokens.append(Token("tag", name, match.start("name"), match.group("expr") or None, match.start("expr")))
            lstrip = bool(match.group("rst"))
        elif kind == "RAW":
            tokens.append(Token("text", match.group("raw"), match.start()))
            lstrip = bool(match.group("rsr"))
        elif kind == "DOC":
            raise Stop(Outside("doc tag", match.start()))
        else:
            value = match.group()
            value = value.lstrip() if lstrip else value
            value = value.rstrip() if match.group("rstrip") else value
            if value.startswith(("{{", "{%")):
                raise Stop(Broken(f"{value[:2]!r} is not closed", match.start()))
            if value:
                tokens.append(Token("text", value, match.start()))
    return tokens


def expression_tokens(text: str, start: int) -> list[tuple[str, str, int]]:
    """An expression's tokens (kind, value, index), as liquid tokenizes them."""
    tokens = []
    for match in EXPRESSION.finditer(text):
        kind, value, index = match.lastgroup or "", match.group(), start + match.start()
        if kind == "skip":
            continue
        if kind == "illegal":
            raise Stop(Broken(f"unexpected {value!r}", index))
        if kind == "OP" and value not in LIQUID_OPERATORS:
            raise Stop(Broken(f"unknown operator {value!r}", index))
        if kind == "word" and value in KEYWORDS:
            kind = value
        elif kind == "identindex":
            value = match.group("path_index")
        elif kind == "identstring":
            value = match.group("identquoted")
        elif kind == "string":
            value = match.group("quoted")
        tokens.append((kind, value, index))
    return tokens
