"""Property tests: the loader fails only with CommsError; the engine is total and deterministic."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.errors import CommsError
from incident_comms.flow import run_flow
from incident_comms.policy.load import default_rules_dir, load_policy
from incident_comms.policy.model import MULTIPLE, YES_NO, Policy
from incident_comms.record import build_record
from incident_comms.render import FORMATS, Options
from incident_comms.textfiles import decode
from incident_comms.yamlsafe import loads

# No deadline: a slow machine must not fail a test (timings belong in bench/).
settings.register_profile("comms", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("comms")

POLICY: Policy = load_policy(default_rules_dir())
YAML_PIECES = st.sampled_from(
    ["-", " ", "  ", "\n", ":", "[", "]", "{", "}", ",", "&a", "*a", "!!python/name:os.system", "!tag", "|", ">",
     "'", '"', "#", "%YAML 1.1", "---", "...", "?", "\t", "key", "0x1F", "1e9", "yes", "~", "\\e", "@", "`",
     "2024-01-01", "12345678901234567890", "\x1b", "\x00", "\ufeff", "é"]
)


def load_bytes(data: bytes) -> Any:
    return loads(decode(data, "f.yaml"), "f.yaml")


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_tree_or_a_comms_error(data: bytes) -> None:
    try:
        load_bytes(data)
    except CommsError as exc:
        assert str(exc).startswith("f.yaml")


@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_arbitrary_yaml_like_text_gives_a_tree_or_a_comms_error(text: str) -> None:
    try:
        loads(text, "f.yaml")
    except CommsError as exc:
        assert str(exc).startswith("f.yaml")


@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_tree_or_a_comms_error(text: str) -> None:
    try:
        loads(text, "f.yaml")
    except CommsError as exc:
        assert str(exc).startswith("f.yaml")


# PyYAML's emitter writes NEL and the Unicode line separators raw, and YAML reads them as line breaks.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"), max_size=20)
PLAIN_DATA = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**17), 10**17) | TEXT
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(TEXT, children, max_size=5),
    max_leaves=30,
)


@given(PLAIN_DATA)
def test_plain_data_survives_a_round_trip(data: Any) -> None:
    assert loads(yaml.safe_dump(data, allow_unicode=True), "f.yaml") == data


# YAML 1.1 reads JSON's `1e-05` as text (its floats need a dot); answers never hold floats.
JSON_DATA = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**17), 10**17) | TEXT,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(TEXT, children, max_size=5),
    max_leaves=30,
)


@given(JSON_DATA)
def test_json_is_read_as_yaml(data: Any) -> None:
    assert loads(json.dumps(data), "f.yaml") == data  # ensure_ascii: astral characters as surrogate pairs


# ---- the engine ---------------------------------------------------------------------------
def answer_for(question: Any) -> st.SearchStrategy[Any]:
    if question.kind == YES_NO:
        return st.booleans()
    if question.kind == MULTIPLE:
        return st.lists(st.sampled_from(question.values), unique=True)
    return st.sampled_from(question.values)


ALL_ANSWERS = st.fixed_dictionaries({q.id: answer_for(q) for q in POLICY.questions})
SOME_ANSWERS = st.fixed_dictionaries({}, optional={q.id: answer_for(q) for q in POLICY.questions})


@given(ALL_ANSWERS)
def test_every_complete_set_of_answers_is_decided(raw: dict[str, Any]) -> None:
    checked = check_answers(POLICY, raw)
    assert checked.missing == ()
    decision = decide(POLICY, checked.answers)
    assert decision.undecided == ()
    record = build_record(POLICY, checked.answers, decision, [])
    json.dumps(record)
    for show in FORMATS.values():  # every format shows every decision, reasons included
        assert show(record, POLICY, Options(explain=True))


@given(SOME_ANSWERS)
def test_the_engine_is_deterministic_and_total_on_partial_answers(raw: dict[str, Any]) -> None:
    answers = check_answers(POLICY, raw).answers
    first, second = decide(POLICY, answers), decide(POLICY, dict(answers))
    assert first == second
    assert set(first.values) == set(POLICY.fields)


@given(ALL_ANSWERS)
def test_answer_order_does_not_matter(raw: dict[str, Any]) -> None:
    reordered = dict(reversed(list(raw.items())))
    assert decide(POLICY, check_answers(POLICY, raw).answers) == decide(POLICY, check_answers(POLICY, reordered).answers)


@given(ALL_ANSWERS)
def test_the_prompted_flow_and_an_answers_file_agree(raw: dict[str, Any]) -> None:
    """Answering at the prompts gives the same answers as giving them all up front."""
    prompted = run_flow(POLICY, {}, lambda question: raw[question.id])
    checked = check_answers(POLICY, raw)
    assert prompted == checked.answers
    assert set(prompted) | set(checked.ignored) == set(raw)
