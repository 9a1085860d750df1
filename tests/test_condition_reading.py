"""The condition reader's quick way (``ConditionReader._quick_answer``) gives what its full way gives.

Every test reads the same conditions twice, once as comms does and once with the quick way
switched off, and compares what a user could ever see: each condition's kind, values
(with their types: ``True == 1`` in Python, not in a policy) and file:line:column, and
every problem with its place. The conditions are random, right and wrong alike.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_comms.errors import Location
from incident_comms.frozen import Frozen
from incident_comms.policy.conditions import ConditionReader
from incident_comms.policy.model import MULTIPLE, SINGLE, YES_NO, Choice, FieldSpec, Question
from incident_comms.yamlsafe import loads

QUESTIONS = {
    "ok": Question("ok", "?", YES_NO, (Choice(True, "Yes"), Choice(False, "No"))),
    "sev": Question("sev", "?", SINGLE, (Choice("minor", "Minor"), Choice("major", "Major"))),
    "who": Question("who", "?", MULTIPLE, (Choice("eu", "EU"), Choice("us", "US"))),
}  # never a keyword (not, fact, ...): the catalogue refuses such an id
FIELDS = {"send": FieldSpec("send", "bool")}

_VALUE = st.sampled_from([True, False, "minor", "major", "eu", "other", 1, None, "True"])
_KEY = st.sampled_from(["ok", "sev", "who"]) | st.sampled_from(["ok", "sev", "who", "not", "nobody", "fact", "in", "includes"])


def _answer_test(values: Any) -> Any:
    return st.builds(lambda key, value: {key: value}, _KEY, values)


def _operator(values: Any) -> Any:
    return (st.builds(lambda items: {"in": items}, st.lists(values, max_size=3))
            | st.builds(lambda item: {"includes": item}, values)
            | st.builds(lambda item, extra: {"in": [item], "includes": extra}, values, values)
            | st.builds(lambda item: {"in": item}, values))


def _conditions(children: Any) -> Any:
    return (st.lists(children, max_size=4)
            | st.builds(lambda item: {"not": item}, children)
            | st.builds(lambda items: {"any": items}, st.lists(children, max_size=3))
            | st.dictionaries(_KEY, children, max_size=2))


_RIGHT = st.sampled_from([{"ok": True}, {"ok": False}, {"sev": "major"}, {"sev": {"in": ["minor", "major"]}},
                          {"who": {"includes": "eu"}}, {"not": {"who": {"includes": "eu"}}}, {"fact": "fact1"}])
_NEARLY_RIGHT = st.sampled_from([  # one thing wrong: a type (1 == True), a value, an operator, a shape
    {"ok": 1}, {"ok": {"in": [1]}}, {"ok": {"in": [True, 0]}}, {"sev": "other"}, {"sev": {"in": ["minor", "other"]}},
    {"sev": {"in": []}}, {"sev": {"in": "minor"}}, {"sev": {"includes": "minor"}}, {"who": "eu"}, {"who": {"in": ["eu"]}},
    {"who": {"includes": "other"}}, {"who": {"includes": ["eu"]}}, {"not": {"sev": "other"}}, {"not": [{"ok": True}]},
    {"ok": {"in": [True], "includes": True}}, {"nobody": True}, {"fact": "nothing"},
])
_TEST = _answer_test(_VALUE | _operator(_VALUE))
CONDITIONS = st.recursive(_RIGHT | _NEARLY_RIGHT | _TEST | _VALUE, _conditions, max_leaves=10)


def seen(condition: Any) -> Any:
    """All a user can see of a condition: its kind, every value with its type, every place."""
    if isinstance(condition, Frozen):
        fields = [(name, seen(getattr(condition, name))) for name in condition._fields]
        return (type(condition).__name__, fields)
    if isinstance(condition, Location):
        return str(condition)
    if isinstance(condition, (tuple, frozenset)):
        return sorted((seen(item) for item in condition), key=repr)
    return (type(condition).__name__, repr(condition))


def read(condition: Any, quick: bool) -> Any:
    tree = loads(json.dumps({"when": condition}, indent=1), "rules.yaml")
    problems: list[str] = []
    reader = ConditionReader(QUESTIONS, {"fact1"}, FIELDS, lambda check, message, loc: problems.append(f"{loc} {check} {message}"))
    if not quick:
        reader._quick_answer = lambda key, value, raw: None  # type: ignore[method-assign]
    result = reader.read(tree["when"], tree.loc_of("when"), "rules[0].when")
    return seen(result), problems


@settings(max_examples=300, deadline=None)
@given(CONDITIONS)
def test_the_quick_way_reads_any_condition_as_the_full_way(condition: Any) -> None:
    assert read(condition, quick=True) == read(condition, quick=False)


@pytest.mark.parametrize(("condition", "problems"), [
    ([{"ok": True}, {"sev": {"in": ["minor", "major"]}}, {"who": {"includes": "eu"}}, {"not": {"who": {"includes": "us"}}}], 0),
    ([{"ok": 1}, {"sev": {"in": ["minor", True]}}, {"who": "eu"}, {"not": {"sev": "nope"}}, {"sev": {"in": []}}], 5),
    ({"not": {"ok": "yes"}}, 1),
])
def test_usual_and_wrong_answer_tests_read_the_same_both_ways(condition: Any, problems: int) -> None:
    quick = read(condition, quick=True)
    assert quick == read(condition, quick=False)
    assert len(quick[1]) == problems
