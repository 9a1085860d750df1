"""A file whose text is JSON reads exactly as the YAML reader reads it: the same tree, the
same places, the same errors.

The JSON reader (``yamlsafe._json_tree``) is only a quicker way to the YAML reader's
result, so every test here reads the same text twice, once as comms does and once with
the JSON reader switched off, and compares what a user could ever see: every value with
its type, every mapping, key, value and item with its file:line:column, or the one error
line.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incident_comms import jsonmarks, yamlsafe
from incident_comms.errors import CommsError
from incident_comms.policy.load import read_policy
from incident_comms.yamlsafe import MAX_DEPTH, MAX_NODES, YList, YMap, loads

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(
    path for folder in (ROOT / "rules", ROOT / "tests") for path in folder.rglob("*")
    if path.suffix in (".yaml", ".yml") and path.is_file()
)
# json.dumps styles: the bench's (indent=1), the common pretty and compact ones, raw UTF-8
STYLES = [
    {"indent": 1},
    {"indent": 2, "ensure_ascii": False},
    {"separators": (",", ":")},
    {"indent": 4, "sort_keys": True},
]


@contextmanager
def yaml_reader_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsafe, "_json_tree", lambda text, name: yamlsafe._NOT_JSON)
        yield


def described(tree: Any) -> Any:
    """Everything a reader of the tree can see: values, types, order and every place."""
    if isinstance(tree, YMap):
        entries = [(key, str(tree.key_loc(key)), str(tree.loc_of(key)), described(value)) for key, value in tree.items()]
        return ("mapping", str(tree.loc), entries)
    if isinstance(tree, YList):
        return ("list", str(tree.loc), [(str(tree.loc_of(i)), described(item)) for i, item in enumerate(tree)])
    return (type(tree).__name__, repr(tree))


def outcome(text: str) -> Any:
    try:
        return described(loads(text, "policy.json"))
    except CommsError as exc:
        return ("error", str(exc), exc.exit_code)


def assert_reads_as_yaml(text: str) -> None:
    quick = outcome(text)
    with yaml_reader_only():
        assert quick == outcome(text)


def takes_the_json_reader(text: str) -> bool:
    return yamlsafe._json_tree(text, "policy.json") is not yamlsafe._NOT_JSON


def fixture_data() -> Iterator[tuple[Path, Any]]:
    for path in FIXTURES:
        try:
            with yaml_reader_only():
                tree = loads(path.read_text(encoding="utf-8"), str(path))
        except (CommsError, UnicodeDecodeError):  # the hostile corpus: not data to convert
            continue
        yield path, tree


def test_every_fixture_written_as_json_reads_as_the_yaml_reader_reads_it() -> None:
    quick = documents = 0
    for _, tree in fixture_data():
        for style in STYLES:
            text = json.dumps(tree, **style) + "\n"
            assert_reads_as_yaml(text)
            quick += takes_the_json_reader(text)
            documents += isinstance(tree, (dict, list))  # a scalar text is not JSON the reader takes
    assert documents > 100 and quick > 0.9 * documents  # the JSON reader read them (not the YAML reader twice)


@pytest.mark.parametrize("style", STYLES[:2], ids=["indent1", "indent2-utf8"])
@pytest.mark.parametrize("policy", ["rules", "tests/lint/fixtures/snapshot/broken"])
def test_a_policy_written_as_json_gives_the_same_policy_and_problems(tmp_path: Path, policy: str, style: dict) -> None:
    folder = tmp_path / "policy"
    folder.mkdir()
    for path in sorted((ROOT / policy).glob("*.yaml")):
        with yaml_reader_only():
            tree = loads(path.read_text(encoding="utf-8"), str(path))
        (folder / path.name).write_text(json.dumps(tree, default=str, **style), encoding="utf-8")
    quick_policy, quick_problems = read_policy(folder)
    with yaml_reader_only():
        policy_read, problems = read_policy(folder)
    assert [str(p.loc) + " " + p.message for p in quick_problems] == [str(p.loc) + " " + p.message for p in problems]
    assert quick_problems == problems
    assert (quick_policy is None) == (policy_read is None)
    if policy_read is not None and quick_policy is not None:
        assert quick_policy.questions == policy_read.questions and quick_policy.rules == policy_read.rules
        assert quick_policy.tests == policy_read.tests and quick_policy.invariants == policy_read.invariants
        assert [r.loc for r in quick_policy.rules] == [r.loc for r in policy_read.rules]  # places, not only values


# ---- generated JSON texts ------------------------------------------------------------------
_SPACE = st.sampled_from(["", " ", "\n", "\n   ", "\t", "\r\n", " " * 120])
_NUMBER = st.from_regex(r"-?(0|[1-9][0-9]{0,24})(\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?", fullmatch=True)
_TEXT = st.text(max_size=10) | st.sampled_from(["true", "1e5", "2024-01-01", "~", "\u2028", "\x85", "\ud83d", "x" * 160])
_STRING = st.tuples(_TEXT, st.booleans()).map(lambda t: json.dumps(t[0], ensure_ascii=t[1])).filter(
    lambda s: not any("\ud800" <= c <= "\udfff" for c in s))  # a text decoded from UTF-8 has no lone surrogate
_KEY = st.sampled_from(['"a"', '"b"', '"id"']) | _STRING  # few names: duplicate keys are frequent
_SCALAR = st.sampled_from(["true", "false", "null", "NaN", "-Infinity"]) | _NUMBER | _STRING


def _containers(children: Any) -> Any:
    items = st.lists(st.tuples(_SPACE, children), max_size=4)
    pairs = st.lists(st.tuples(_SPACE, _KEY, _SPACE, children), max_size=4)
    return (items.map(lambda xs: "[" + ",".join(s + x for s, x in xs) + "]")
            | pairs.map(lambda ps: "{" + ",".join(f"{s}{k}{t}: {v}" for s, k, t, v in ps) + "}"))


JSON_TEXTS = st.recursive(_SCALAR, _containers, max_leaves=12).filter(lambda text: text[:1] in "[{")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_TEXTS)
@example('{"a": 1, "a": 2}')
@example('{"a": {"b": [1, 2.5, 1e5, 1.5E+5, -0, 1.0e400, 1.0e+400, NaN]}}')
@example('{"a": 1234567890123456789012}')
@example('{"a"\n: 1}')
@example('{"a": "\\/\\b\\f\\n\\r\\t\\"\\\\ \\u00e9\\u0000", "b":"x"}')
@example('[{"a": "\\ud83d\\ude00"}, "\\ud800"]')
def test_a_generated_json_text_reads_as_the_yaml_reader_reads_it(text: str) -> None:
    assert_reads_as_yaml(text)


# ---- generated trees, dumped as a program would ----------------------------------------------
# Places are found in the JSON text itself (jsonmarks.JsonMarks), only for the containers asked
# for: every way json.dumps (or a program like it) can lay a tree out must give the YAML
# reader's line and column, whichever place is asked for first.
_RISKY = "\U0001f600\x85\u2028"  # an escape pair (ensure_ascii) or a YAML line break (raw): the YAML reader's
_CHARS = st.text(st.sampled_from('ab Z9_-.:#&*!|>\'%@`{}[],?"\\\x07\n\te\u00e9\u4e2d' + _RISKY), max_size=8)
_LEAF = (st.none() | st.booleans() | st.integers(-(10**17), 10**17)
         | st.floats(allow_nan=True, allow_infinity=True) | _CHARS)
TREES = st.recursive(_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_CHARS, inner, max_size=4),
                     max_leaves=25).filter(lambda tree: isinstance(tree, (dict, list)))
LAYOUTS = st.fixed_dictionaries({
    "indent": st.sampled_from([None, 0, 1, 2, 4, "   "]),
    "separators": st.tuples(st.sampled_from([",", ", ", " ,", ",\n", " , "]), st.sampled_from([":", ": ", " : ", ":\n  "])),
    "ensure_ascii": st.booleans(),
    "sort_keys": st.booleans(),
})


def every_place(tree: Any) -> list[Any]:
    """Every place of a tree, as pending locations: each container, key, value and item."""
    places, pending = [], [tree]
    while pending:
        node = pending.pop()
        places.append(node.loc)
        for key, value in node.items() if isinstance(node, YMap) else enumerate(node):
            places += [node.key_loc(key), node.loc_of(key)] if isinstance(node, YMap) else [node.loc_of(key)]
            if isinstance(value, (YMap, YList)):
                pending.append(value)
    return places


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES, LAYOUTS, st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["", "\n", " \r\n  "]), st.randoms())
def test_a_dumped_tree_has_the_yaml_readers_places_whichever_is_asked_first(
        tree: Any, layout: dict, line_end: str, before: str, order: Any) -> None:
    text = before + json.dumps(tree, **layout).replace("\n", line_end) + line_end
    risky = any(char in _RISKY for char in json.dumps(tree, ensure_ascii=False))
    assert risky or takes_the_json_reader(text)
    assert_reads_as_yaml(text)
    if outcome(text)[0] == "error":  # a raw U+0085 in a key: YAML refuses it, and so does comms
        return
    quick = every_place(loads(text, "policy.json"))
    asked = list(range(len(quick)))
    order.shuffle(asked)  # a deep place first, then its parents, siblings, ...
    found = {i: str(quick[i]) for i in asked}
    with yaml_reader_only():
        assert [found[i] for i in range(len(quick))] == [str(loc) for loc in every_place(loads(text, "policy.json"))]


def test_a_place_asked_in_a_large_json_file_is_found_without_reading_it_again(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = [{"id": f"r{i}", "when": [{"q": {"in": ["a", "b"]}}], "then": {"todo": ["x"]}} for i in range(300)]
    text = json.dumps({"rules": rules}, indent=1)  # 18 lines a rule, the first on line 3
    with yaml_reader_only():
        marked = loads(text, "policy.json")
    tree = loads(text, "policy.json")
    monkeypatch.setattr(yamlsafe, "_yaml_tree", None)  # no place needs the YAML reader
    deep, rule = tree["rules"][-1]["when"][0]["q"].loc_of("in"), tree["rules"].loc_of(150)
    assert (str(deep), str(rule)) == ("policy.json:5390:13", "policy.json:2703:3")
    assert (str(deep), str(rule)) == (str(marked["rules"][-1]["when"][0]["q"].loc_of("in")), str(marked["rules"].loc_of(150)))


def test_a_place_the_text_scan_cannot_match_is_read_by_the_yaml_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    text = '{"a": [1, {"b": 2}],\r\n "c": {}}'
    with yaml_reader_only():
        expected = [str(loc) for loc in every_place(loads(text, "policy.json"))]
    tree = loads(text, "policy.json")

    def unmatched(self: Any, container: Any, start: Any) -> None:
        raise jsonmarks.NotTheText

    monkeypatch.setattr(jsonmarks.JsonMarks, "marks", unmatched)
    assert [str(loc) for loc in reversed(every_place(tree))] == expected[::-1]


# ---- the YAML reader's limits and refusals, written as JSON ------------------------------------------
@pytest.mark.parametrize(("text", "says"), [
    ('{"a": 1,\n "a": 2}', "policy.json:2:2: duplicate key 'a' (first defined at line 1)"),
    ('{"a": 12345678901234567890}', "policy.json:1:7: number is too large"),
    ('{"a": "bell\x07"}', "policy.json:1:12: YAML cannot contain the control character U+0007"),
    ('{"a":\t1}', None),
    ('{"a": "\\ud800"}', "a \\u escape is half of a surrogate pair"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nesting is deeper than {MAX_DEPTH} levels"),
])
def test_json_the_yaml_reader_refuses_is_refused_with_its_words(text: str, says: str | None) -> None:
    assert not takes_the_json_reader(text)
    assert_reads_as_yaml(text)
    if says is not None:
        with pytest.raises(CommsError) as raised:
            loads(text, "policy.json")
        assert says in str(raised.value)


def test_the_node_and_depth_limits_hold_at_their_edges() -> None:
    deepest = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert takes_the_json_reader(deepest)
    assert_reads_as_yaml(deepest)
    pairs = (MAX_NODES - 1) // 2  # the mapping itself, and a key and a value per pair
    most = "{" + ", ".join(f'"k{i}": 0' for i in range(pairs)) + "}"
    assert takes_the_json_reader(most)
    quick = loads(most, "policy.json")
    with yaml_reader_only():
        assert quick == loads(most, "policy.json") == {f"k{i}": 0 for i in range(pairs)}
    too_many = most[:-1] + ', "last": 0}'
    assert not takes_the_json_reader(too_many)
    with pytest.raises(CommsError, match=f"policy.json:1:\\d+: more than {MAX_NODES} YAML nodes"):
        loads(too_many, "policy.json")


def test_a_location_in_a_json_file_is_its_line_and_column(tmp_path: Path) -> None:
    text = '{\n "rules": [\n  {"id": "a", "when": {"severity": "major"}}\n ]\n}\n'
    tree = loads(text, "policy.json")
    rule = tree["rules"][0]
    assert takes_the_json_reader(text)
    assert (str(tree.key_loc("rules")), str(tree["rules"].loc_of(0)), str(rule["when"].loc_of("severity"))) == (
        "policy.json:2:2", "policy.json:3:3", "policy.json:3:36")


def test_the_bench_policy_files_take_the_json_reader(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import lint_scale
    finally:
        sys.path.remove(str(ROOT / "bench"))
    lint_scale.Generator(200, 12, 1).write(tmp_path)
    for path in sorted(tmp_path.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert takes_the_json_reader(text), path.name
        assert_reads_as_yaml(text)
    assert yaml.safe_load((tmp_path / "00-questions.yaml").read_text(encoding="utf-8"))  # and it is YAML


def test_a_copied_policy_reads_the_same_after_its_json_locations_are_asked_for(tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    shutil.copytree(ROOT / "tests/lint/fixtures/snapshot/broken", folder)
    for path in folder.glob("*.yaml"):
        with yaml_reader_only():
            tree = loads(path.read_text(encoding="utf-8"), str(path))
        path.write_text(json.dumps(tree, indent=1), encoding="utf-8")
    _, problems = read_policy(folder)
    first = [str(p) for p in problems]
    assert first and all(":" in str(p.loc)[len(str(folder)):] for p in problems)  # every problem has its line
    _, again = read_policy(folder)
    assert [str(p) for p in again] == first
