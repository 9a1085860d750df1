"""Draft templates in Liquid (python-liquid): parsing, the variables they may use, rendering.

Liquid is the language Customer.io and incident tools already use, and it is safe by
design: a template cannot run code, read files or import anything. On top of that,
``include`` and ``render`` are removed (a draft is one self-contained template) and
undefined variables are errors (``StrictUndefined``), so a misspelt name never
renders as a silent blank. Customer.io's own Liquid in an email body is written
inside ``{% raw %}...{% endraw %}`` and passes through untouched.

python-liquid is imported on first use only (about 160 ms): commands other than
``comms draft`` never pay for it, and ``comms lint`` only for a template outside the
subset of Liquid that ``syntax.py`` reads itself (everything the bundled drafts use).

Variables a template may use (each is a mapping; a name outside it is a lint error):

- ``detail.NAME``: an incident detail declared in the settings' ``details``; one
  that is not given renders as a visible ``[label]`` placeholder;
- ``answer.QUESTION``: the answers (nil when the question is not asked);
- ``decision.FIELD``: the decision (a records field maps each key to its record or
  nil; a set field is a list of item ids);
- ``message.ATTRIBUTE``: the planned message a message draft is for (its key
  attribute, e.g. ``channel``, and ``audience``, ``timing``, ``owner``);
- ``item.id``, ``item.text``: the decided item an item draft is for;
- ``value.NAME``: a fixed text from the settings' ``values``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import CommsError, Location
from . import syntax
from .model import Template
from .syntax import Reading

NAMESPACES = ("detail", "answer", "decision", "message", "item", "value")
_REMOVED_TAGS = ("include", "render")


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The one Liquid environment: strict about undefined names, no include or render."""
    from liquid import DictLoader, Environment, StrictUndefined

    env = Environment(undefined=StrictUndefined, loader=DictLoader({}))
    for tag in _REMOVED_TAGS:
        env.tags.pop(tag, None)
    return env


@functools.lru_cache(maxsize=512)
def _parsed(source: str) -> Any:
    """A template is read once per run (reading, finding its details and rendering all need it)."""
    return environment().from_string(source)


class TemplateProblem(Exception):
    """A template that does not parse, or uses what it may not; `loc` is in the rule file."""

    def __init__(self, message: str, loc: Location) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc


def parse(template: Template) -> Any:
    """The parsed template; raises TemplateProblem (with the rule file's line) when it does not parse."""
    from liquid.exceptions import LiquidError

    try:
        return _parsed(template.source)
    except LiquidError as exc:
        raise TemplateProblem(_message(exc), _where(template, exc)) from None
    except (RecursionError, MemoryError):
        raise TemplateProblem("template nested too deeply to read", template.loc) from None


def analysis(template: Template) -> Reading:
    """The template's global variables and filters; raises TemplateProblem when it does not parse.

    Read by ``syntax.py`` when the template is in its subset of Liquid, else by
    python-liquid's static analysis (which also words the error of a broken template).
    """
    reading = _read(template.source)
    if isinstance(reading, Reading):
        return reading
    return _liquid_reading(parse(template))


@functools.lru_cache(maxsize=512)
def _read(source: str) -> Reading | syntax.Broken | syntax.Outside:
    return syntax.read(source)


def _liquid_reading(parsed: Any) -> Reading:
    found = parsed.analyze()
    variables = tuple((tuple(v.segments), v.span.index) for group in found.globals.values() for v in group)
    return Reading(variables, tuple((name, spans[0].index) for name, spans in found.filters.items()))


def used_variables(template: Template, reading: Reading) -> Iterator[tuple[tuple[Any, ...], Location]]:
    """The global variables the template reads (their path segments) and where."""
    for segments, index in reading.variables:
        yield segments, template.location(_line_at(template.source, index))


def unknown_filters(template: Template, reading: Reading) -> Iterator[tuple[str, Location]]:
    """Filters the template uses that Liquid does not have (the subset's filters are all Liquid's)."""
    for name, index in reading.filters:
        if name not in syntax.FILTERS and name not in environment().filters:
            yield name, template.location(_line_at(template.source, index))


def unknown_variables(
    template: Template, reading: Reading, known: Mapping[str, frozenset[str]]
) -> Iterator[tuple[str, Location]]:
    """Messages for variables outside `known` (namespace -> its members)."""
    for segments, loc in used_variables(template, reading):
        namespace = segments[0]
        shown = ".".join(str(s) for s in segments)
        if namespace not in known:
            yield f"unknown variable {shown!r} (known: {', '.join(n + '.*' for n in known)})", loc
        elif len(segments) < 2 or not isinstance(segments[1], str):
            yield f"{shown!r}: name one {namespace} (e.g. {namespace}.{_first(known[namespace])})", loc
        elif segments[1] not in known[namespace]:
            members = ", ".join(sorted(known[namespace])) or "none"
            yield f"unknown variable {shown!r} (known {namespace} names: {members})", loc


_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_CUSTOMER = re.compile(r"customer\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*\|\s*default:\s*(\"[^\"]*\"|'[^']*'))?")


def passed_through(template: Template) -> Iterator[tuple[str, Location]]:
    """The text of each ``{% raw %}`` block (Liquid for Customer.io) and where it starts."""
    for match in _RAW.finditer(template.source):
        yield match.group(1), template.location(_line_at(template.source, match.start(1)))


def customer_attributes(template: Template) -> Iterator[tuple[str, str | None, Location]]:
    """Each Customer.io attribute a raw block reads (``customer.NAME``), its default text if any, and where."""
    for text, loc in passed_through(template):
        for match in _CUSTOMER.finditer(text):
            default = match.group(2)[1:-1] if match.group(2) else None
            yield match.group(1), default, loc


def render(parsed: Any, template: Template, context: Mapping[str, Any]) -> str:
    """The template's text for `context`; a failure is a CommsError at the template's place."""
    from liquid.exceptions import LiquidError

    try:
        return str(parsed.render(**context))
    except LiquidError as exc:
        raise CommsError(f"the template does not render: {_message(exc)}", _where(template, exc)) from None
    except (RecursionError, MemoryError):
        raise CommsError("the template does not render: nested too deeply", template.loc) from None


def _message(exc: Any) -> str:
    return str(getattr(exc, "message", None) or exc).splitlines()[0]


def _where(template: Template, exc: Any) -> Location:
    token = getattr(exc, "token", None)
    index = getattr(token, "start_index", None)
    if not isinstance(index, int):
        return template.loc
    return template.location(_line_at(template.source, index))


def _line_at(source: str, index: int) -> int:
    return source.count("\n", 0, max(0, min(index, len(source)))) + 1


def _first(names: frozenset[str]) -> str:
    return min(names) if names else "name"
