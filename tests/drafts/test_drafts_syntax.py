"""The subset reader (drafts/syntax.py) agrees with python-liquid wherever it answers.

Agreement means: a template it reads, liquid parses, with the same global variables
(segments and position) and the same filters (name and first position); a template it
calls broken, liquid refuses too, on the same line. A template outside the subset is
liquid's to read, so nothing is asserted about it except that lint still reports it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from liquid.builtin.expressions import _tokenize
from liquid.exceptions import LiquidError
from liquid.lex import compile_liquid_rules
from liquid.token import operators

from incident_comms.drafts import lexing, syntax
from incident_comms.drafts.templates import environment

REPO = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Templates the drafts tests write into a copy of the basic policy (test_drafts_lint.py), and a few more.
WRITTEN_BY_TESTS = [
    "{{ detail.impact }}.\nFollow {{ detail.titel }}.",
    "{{ message.timing }} {{ detail.title }}",
    "Hi {% raw %}{{ customer.org_name }}{% endraw %},\n{% if detail.impact %}open",
    "{{ detail.impact }}.\n{% include 'secrets' %}\n",
    "Follow {{ value.status_page | shell }}.",
    "Resolved: {{ answer.nope }}",
    "Follow {{ value.status_page }.\n{% endif %}",
    "Follow {{ value.status_page | default: }}.",
    "Follow {{ value }} {{ detail[0] }} {{ value['status_page'] }} {{ nope.x }}.",
    "{% for x in decision.actions %}{{ x }}{% endfor %}{% assign y = 1 %}{{ y }}",
    "{% raw %}{{ customer.org_name | default: 'hi' }}{% endraw %} {% raw %}x",
    "{{ detail.title | upcase | nope: 1, 2 }} {% if %}",
    "{{ detail.title ",
    "{{ item.text }} {% unless x %}{{ detail.title }}",
    "{{ org }}{% capture org %}{{ org }}{% endcapture %}{{ org }}",
    "{% for m in decision.messages %}{{ m[1].timing }}{% else %}{{ m }}{% endfor %}{{ m }}",
    "{% case answer.x %} \n{% when 'a', 'b' or 1 %}A{% else %}B{% endcase %}",
    "{% if a %}{% else %}{% else %}{% endif %}",
    "{% for x in y %}{% else %}{% else %}{% endfor %}",
    "{% case x %}{% when 1 %}{% endif %}{% endcase %}",
    "{{ x | }}",
    "{{ x | reversed }}",
    "{{ }}",
    "{% if a == %}x{% endif %}",
    "{{ a ! b }}",
]


def liquid_view(source: str) -> tuple[Any, ...]:
    """What python-liquid makes of `source`: its analysis, or ("broken", line)."""
    try:
        found = environment().from_string(source).analyze()
    except LiquidError as error:
        return ("broken", line_at(source, getattr(error.token, "start_index", 0)))
    variables = tuple((tuple(v.segments), v.span.index) for group in found.globals.values() for v in group)
    return variables, tuple((name, spans[0].index) for name, spans in found.filters.items())


def subset_view(source: str) -> tuple[Any, ...] | None:
    """The same from the subset reader; None when the template is outside the subset."""
    reading = syntax.read(source)
    if isinstance(reading, syntax.Reading):
        return reading.variables, reading.filters
    if isinstance(reading, syntax.Broken):
        return ("broken", line_at(source, reading.offset))
    return None


def line_at(source: str, index: int) -> int:
    return source.count("\n", 0, max(0, min(index, len(source)))) + 1


def templates_in(path: Path) -> list[str]:
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = tree.get("drafts", []) if isinstance(tree, dict) else []
    return [e[k] for e in entries if isinstance(e, dict) for k in ("subject", "body") if isinstance(e.get(k), str)]


def fixture_templates() -> list[str]:
    files = sorted(p for p in (REPO / "tests").rglob("*.yaml") if p.read_bytes().startswith(b"drafts:"))
    return [t for p in files for t in templates_in(p)] + WRITTEN_BY_TESTS


def test_the_reader_uses_liquids_own_lexer_tokens_and_names() -> None:
    assert lexing.TEMPLATE.pattern == compile_liquid_rules().pattern
    assert lexing.EXPRESSION.pattern == _tokenize._RE.pattern
    assert _tokenize._keywords == lexing.KEYWORDS
    assert {op for op in operators if re.fullmatch(r"[!=<>]{1,2}", op)} == lexing.LIQUID_OPERATORS
    env = environment()
    assert set(env.filters) >= syntax.FILTERS
    assert set(syntax.BLOCKS) <= set(env.tags)
    assert not syntax.DELIMITERS & set(env.tags)  # so liquid refuses each one out of place
    assert env.block_nesting_limit > syntax.MAX_DEPTH


def test_every_bundled_template_is_in_the_subset_and_read_as_liquid_reads_it() -> None:
    sources = templates_in(REPO / "rules" / "drafts.yaml")
    assert len(sources) > 30
    for source in sources:
        assert isinstance(syntax.read(source), syntax.Reading), (source, syntax.read(source))
        assert subset_view(source) == liquid_view(source), source


@pytest.mark.parametrize("source", fixture_templates())
def test_the_tests_templates_are_read_as_liquid_reads_them(source: str) -> None:
    mine = subset_view(source)
    if mine is not None:
        assert mine == liquid_view(source)


def test_scope_follows_liquid_captures_and_loops() -> None:
    reading = syntax.read(WRITTEN_BY_TESTS[14])
    assert isinstance(reading, syntax.Reading)
    assert [segments for segments, _ in reading.variables] == [("org",)]  # only the read before the capture
    reading = syntax.read(WRITTEN_BY_TESTS[15])
    assert isinstance(reading, syntax.Reading)
    assert [segments for segments, _ in reading.variables] == [("decision", "messages"), ("m",)]


# ---- templates generated from the subset's grammar, and mutations of them --------------
NAMES = ("detail", "answer", "message", "org", "x", "forloop", "item")
MEMBERS = ("title", "timing", "severity", "first", "size", "a_b")
LITERALS = ('"a b"', "'x'", "1", "-3", "true", "false", "nil", "null", "empty", "blank")
ARGUMENTS = ('", "', "'x'", "2", "true", "nil", "detail.title")
TEXTS = ("Hi ", "\n", " ", "a}b", "}} ", "%}", "{ x", "[name]", "it's", "\n  ")
MUTATIONS = ("{{", "{%", "}}", "%}", "{% endif %}", "{% else %}", "{% elsif a %}", "{% when 1 %}", "{% endfor %}",
             "{% endcase %}", "{% endcapture %}", "| ", "|", ":", ",", '"', "!", "{{ }}", "{% if %}", "{% raw %}",
             "{% endraw %}", "{% unless a %}", "-", " or ", "[", "]", ".", "{%- comment -%}")


class Grammar:
    """Writes random templates from the subset's grammar (syntax.py's declarations)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def template(self, depth: int = 0) -> str:
        kinds = ["text", "output", "output", "raw"] + (list(syntax.BLOCKS) if depth < 3 else [])
        return "".join(getattr(self, self.rng.choice(kinds))(depth) for _ in range(self.rng.randint(0, 4)))

    def text(self, _: int) -> str:
        return self.rng.choice(TEXTS)

    def raw(self, _: int) -> str:
        return self.tag("raw") + "{{ customer.org | default: 'there' }}" + self.tag("endraw")

    def output(self, _: int) -> str:
        filters = "".join(self.filter() for _ in range(self.rng.randint(0, 2)))
        left, right = self.rng.choice(("{{", "{{-")), self.rng.choice(("}}", "-}}"))
        return f"{left} {self.value()}{filters} {right}"

    def filter(self) -> str:
        name = self.rng.choice(sorted(syntax.FILTERS))
        args = [self.rng.choice(ARGUMENTS) for _ in range(self.rng.randint(0, 2))]
        return f" | {name}" + (": " + ", ".join(args) if args else "")

    def tag(self, name: str, expression: str = "") -> str:
        left, right = self.rng.choice(("{%", "{%-")), self.rng.choice(("%}", "-%}"))
        return f"{left} {name} {expression} {right}" if expression else f"{left} {name} {right}"

    def value(self) -> str:
        return self.path() if self.rng.random() < 0.6 else self.rng.choice(LITERALS)

    def path(self) -> str:
        parts = [self.rng.choice(NAMES)]
        for _ in range(self.rng.randint(0, 2)):
            parts.append(self.rng.choice((f".{self.rng.choice(MEMBERS)}", "[0]", "[-1]", "['a b']", '["c"]')))
        return "".join(parts)

    def condition(self) -> str:
        parts = [self.comparison()]
        for _ in range(self.rng.randint(0, 2)):
            parts += [self.rng.choice(("and", "or")), self.comparison()]
        return " ".join(parts)

    def comparison(self) -> str:
        if self.rng.random() < 0.5:
            return self.value()
        return f"{self.value()} {self.rng.choice(sorted(syntax.COMPARISONS))} {self.value()}"

    def if_(self, depth: int) -> str:
        parts = [self.tag("if", self.condition()), self.template(depth + 1)]
        for _ in range(self.rng.randint(0, 2)):
            parts += [self.tag("elsif", self.condition()), self.template(depth + 1)]
        if self.rng.random() < 0.5:
            parts += [self.tag("else"), self.template(depth + 1)]
        return "".join(parts) + self.tag("endif")

    def case(self, depth: int) -> str:
        parts = [self.tag("case", self.value()), self.rng.choice(("", " ", "\n  "))]
        for _ in range(self.rng.randint(0, 3)):
            choices = [self.value() for _ in range(self.rng.randint(1, 3))]
            joined = "".join(c + self.rng.choice((", ", " or ")) for c in choices[:-1]) + choices[-1]
            parts += [self.tag("when", joined), self.template(depth + 1)]
        if self.rng.random() < 0.5:
            parts += [self.tag("else"), self.template(depth + 1)]
        return "".join(parts) + self.tag("endcase")

    def for_(self, depth: int) -> str:
        parts = [self.tag("for", f"{self.rng.choice(NAMES)} in {self.path()}"), self.template(depth + 1)]
        if self.rng.random() < 0.3:
            parts += [self.tag("else"), self.template(depth + 1)]
        return "".join(parts) + self.tag("endfor")

    def capture(self, depth: int) -> str:
        return self.tag("capture", self.rng.choice(NAMES)) + self.template(depth + 1) + self.tag("endcapture")

    def __getattr__(self, name: str) -> Any:  # "if" and "for" are keywords
        return object.__getattribute__(self, name + "_")

    def mutated(self, source: str) -> str:
        for _ in range(self.rng.randint(1, 3)):
            at = self.rng.randint(0, len(source))
            if self.rng.random() < 0.7:
                source = source[:at] + self.rng.choice(MUTATIONS) + source[at:]
            else:
                source = source[:at] + source[at + self.rng.randint(1, 4):]
        return source


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_a_template_of_the_grammar_is_read_and_agrees_with_liquid(rng: random.Random) -> None:
    source = Grammar(rng).template()
    assert isinstance(syntax.read(source), syntax.Reading), (source, syntax.read(source))
    assert subset_view(source) == liquid_view(source), source


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_a_mutated_template_is_read_or_refused_as_liquid_does(rng: random.Random) -> None:
    grammar = Grammar(rng)
    source = grammar.mutated(grammar.template())
    mine = subset_view(source)
    if mine is not None:  # read: the same analysis; broken: liquid refuses it too, on the same line
        assert mine == liquid_view(source), (source, syntax.read(source))
