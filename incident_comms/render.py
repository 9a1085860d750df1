"""Showing a decision: one function per format in :data:`FORMATS`, record in, text out.

``text`` is for people in a terminal, a pipe or a log: the plan (``plan.py``) wrapped
at word boundaries to the terminal's width (``terminal.py``), never a word cut, ANSI
colour only when the terminal settings allow it. ``markdown`` is for pasting into
GitHub and Slack alike, so it uses only what both render: ``*emphasis*`` titles
(italic on GitHub, bold in Slack), ``-`` and ``1.`` lists, ``code`` and fenced blocks;
no ``#`` headings, tables or links, and no hard wrapping. ``json`` is the record.

"Why" (rule id, file:line in the policy folder, reason) shows only with ``explain``;
the JSON record always carries it (``fired``).

Escaping lives here and only here: every string from a rule file or an answer goes
through :func:`_plain` (text) or :func:`_md` (markdown), so neither terminal escapes nor
markup in a policy can change the display.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

from .frozen import Frozen
from .plan import Group, Item, Plan, RecordsView, Why, build_plan
from .policy.model import Policy
from .record import to_json
from .safetext import clean
from .terminal import Terminal


class Options(Frozen):
    """How to show a decision: with the reasons or not, and for which terminal."""

    explain: bool = False
    terminal: Terminal = Terminal()


# ---- escaping -----------------------------------------------------------------------
def _plain(text: Any) -> str:
    """Text safe for a terminal: control characters escaped, on one line."""
    return clean(str(text).replace("\n", " "))


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*~[]|"} | {"<": "&lt;", ">": "&gt;"})
_MD_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # inside a word, _ is no emphasis


def _md(text: Any) -> str:
    """Text safe in GitHub markdown and Slack: control characters and markup neutralised, one line."""
    return _MD_EDGE_UNDERSCORE.sub(r"\\_", _plain(text).translate(_MD_SPECIAL))


def _md_code(text: Any) -> str:
    """Text for inside backticks (which cannot be escaped there)."""
    return _plain(text).replace("`", "'")


# ---- text -----------------------------------------------------------------------------
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_HEADLINE_COLOURS = ("\033[1;32m", "\033[1;33m")  # by the headline value's position; later ones cyan
_OTHER_HEADLINE = "\033[1;36m"


class _Text:
    """Lines being laid out at one width, painted only when colour is allowed."""

    def __init__(self, options: Options) -> None:
        self.width = options.terminal.width
        self.color = options.terminal.color
        self.explain = options.explain
        self.lines: list[str] = []

    def paint(self, style: str, line: str) -> str:
        return f"{style}{line}{_RESET}" if self.color and line.strip() else line

    def wrap(self, text: str, first: str = "", rest: str | None = None, style: str = "") -> None:
        rest = first if rest is None else rest
        wrapped = textwrap.wrap(
            _plain(text), self.width, initial_indent=first, subsequent_indent=rest,
            break_long_words=False, break_on_hyphens=False,
        ) or [first.rstrip()]
        self.lines += [self.paint(style, line) if style else line for line in wrapped]

    def why(self, why: Why | None, indent: str) -> None:
        if self.explain and why is not None:
            self.wrap(f"why: {why.reason} [{why.rule}, {why.where}]", indent, indent + "  ", _DIM)

    def item(self, item: Item, bullet: str, indent: str) -> None:
        self.wrap(item.text, indent + bullet, indent + " " * len(bullet))
        self.why(item.why, indent + " " * len(bullet))

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def text(record: dict[str, Any], policy: Policy, options: Options = Options()) -> str:
    """The plan for a person: what to do now first, then when each message goes out, to-dos, answers."""
    out, plan = _Text(options), build_plan(record, policy)
    _text_headline(out, plan)
    for view in plan.records:
        _text_records(out, view)
    for group in plan.lists:
        _text_list(out, group)
    _text_values(out, plan.values)
    _text_answers(out, plan.answers)
    out.blank()
    out.wrap(plan.policy, style=_DIM)
    return "\n".join(out.lines) + "\n"


def _text_headline(out: _Text, plan: Plan) -> None:
    if plan.headline is None:
        return
    colours = _HEADLINE_COLOURS
    out.wrap(plan.headline.text, style=colours[plan.headline_rank] if 0 <= plan.headline_rank < len(colours) else _OTHER_HEADLINE)
    out.why(plan.headline.why, "  ")


def _text_records(out: _Text, view: RecordsView) -> None:
    out.blank()
    out.wrap(view.title, style=_BOLD)
    if not view.groups:
        out.wrap("none", "  ")
    for group in view.groups:
        if group.title:
            out.wrap(group.title, "  ", "    ", _BOLD)
        for item in group.items:
            out.item(item, "- ", "    " if group.title else "  ")
    if out.explain and view.not_planned:
        out.wrap("Not planned", "  ", "    ", _BOLD)
        for item in view.not_planned:
            out.item(item, "- ", "    ")


def _text_list(out: _Text, group: Group) -> None:
    out.blank()
    out.wrap(group.title, style=_BOLD)
    if not group.items:
        out.wrap("none", "  ")
    digits = len(str(len(group.items)))
    for number, item in enumerate(group.items, start=1):
        out.item(item, f"{number:>{digits}}. ", "  ")


def _text_values(out: _Text, values: tuple[Item, ...]) -> None:
    if values:
        out.blank()
    for item in values:
        out.wrap(item.text, "", "  ")
        out.why(item.why, "  ")


def _text_answers(out: _Text, answers: tuple[str, ...]) -> None:
    if not answers:
        return
    out.blank()
    out.wrap("Scoping answers (paste into the incident channel):", style=_BOLD)
    for line in answers:
        out.wrap(line, "  ", "      ")


# ---- markdown ---------------------------------------------------------------------------
def markdown(record: dict[str, Any], policy: Policy, options: Options = Options()) -> str:
    """The plan as markdown that reads well pasted into GitHub and into Slack."""
    plan = build_plan(record, policy)
    blocks: list[list[str]] = []
    if plan.headline is not None:
        blocks.append([f"*{_md(plan.headline.text)}*", *_md_why(plan.headline.why, options, "")])
    for view in plan.records:
        blocks += _md_records(view, options)
    for group in plan.lists:
        items = [line for n, item in enumerate(group.items, 1) for line in _md_item(item, f"{n}. ", options)]
        blocks += [[f"*{_md(group.title)}*"], items or ["none"]]
    if plan.values:
        blocks.append([line for item in plan.values for line in _md_item(item, "- ", options)])
    if plan.answers:
        blocks += [["*Scoping answers* (paste into the incident channel)"], ["```", *map(_plain, plan.answers), "```"]]
    blocks.append([f"_{_md(plan.policy)}_"])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _md_records(view: RecordsView, options: Options) -> list[list[str]]:
    blocks = [[f"*{_md(view.title)}*"]]
    if not view.groups:
        blocks.append(["none"])
    for group in view.groups:
        items = [line for item in group.items for line in _md_item(item, "- ", options)]
        blocks += [[f"_{_md(group.title)}_"], items] if group.title else [items]
    if options.explain and view.not_planned:
        blocks += [["_Not planned_"], [line for item in view.not_planned for line in _md_item(item, "- ", options)]]
    return blocks


def _md_item(item: Item, bullet: str, options: Options) -> list[str]:
    return [f"{bullet}{_md(item.text)}", *_md_why(item.why, options, " " * len(bullet))]


def _md_why(why: Why | None, options: Options, indent: str) -> list[str]:
    if not options.explain or why is None:
        return []
    return [f"{indent}- why: {_md(why.reason)} (`{_md_code(why.rule)}`, `{_md_code(why.where)}`)"]


# ---- json -----------------------------------------------------------------------------
def json_record(record: dict[str, Any], policy: Policy, options: Options = Options()) -> str:
    """The record itself (it always carries `fired`, so `explain` changes nothing here)."""
    return to_json(record)


FORMATS: dict[str, Callable[[dict[str, Any], Policy, Options], str]] = {
    "text": text,
    "markdown": markdown,
    "json": json_record,
}
