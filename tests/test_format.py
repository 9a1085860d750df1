"""One declaration of the rule-file format: the reader, the JSON Schema and the docs agree.

Each section module (``incident_comms/policy/sections/``) declares its mappings once;
these tests fail when the reader checks other keys than declared, when the schema
says other keys, or when ``rules/README.md`` lists other sections or keys.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incident_comms.checklist.read import read_checklist
from incident_comms.drafts.read import read_drafts
from incident_comms.jsonschema import rules_schema
from incident_comms.policy.format import Map
from incident_comms.policy.load import read_policy
from incident_comms.policy.schema import SchemaReader
from incident_comms.policy.sections import NAMES, all_sections, docs
from incident_comms.recipients.settings import read_settings
from tests.snapshots import updating

REPO = Path(__file__).resolve().parent.parent
README = REPO / "rules" / "README.md"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every_key"
DECLARED = [(section.NAME, declared) for section in all_sections() for declared in section.MAPS]


def _read_everything(root: Path) -> None:
    policy, problems = read_policy(root)
    assert policy is not None and not problems, problems
    for read in (read_checklist, read_drafts, read_settings):
        assert read(policy)[1] == []


@pytest.fixture(scope="module")
def checked(request: pytest.FixtureRequest) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every (allowed, required) key set the reader checked while reading the default policy and the fixture."""
    calls: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    original = SchemaReader.mapping

    def spy(self, raw, path, loc, allowed, required):  # type: ignore[no-untyped-def]
        calls.append((tuple(allowed), tuple(required)))
        return original(self, raw, path, loc, allowed, required)

    patch = pytest.MonkeyPatch()
    patch.setattr(SchemaReader, "mapping", spy)
    try:
        _read_everything(REPO / "rules")
        _read_everything(FIXTURE)
    finally:
        patch.undo()
    return calls


def test_the_schema_has_every_section_of_the_registry_in_order():
    assert tuple(rules_schema()["properties"]) == NAMES


@pytest.mark.parametrize(("section", "declared"), DECLARED, ids=[f"{s}.{m.name}" for s, m in DECLARED])
def test_the_schema_says_each_declared_key_and_which_are_required(section: str, declared: Map):
    definition = rules_schema()["definitions"][declared.name]
    long_form = definition["anyOf"][1] if declared.shorthand is not None else definition
    assert tuple(long_form["properties"]) == declared.names
    assert tuple(long_form["required"]) == declared.required
    assert long_form["additionalProperties"] is False


@pytest.mark.parametrize(("section", "declared"), DECLARED, ids=[f"{s}.{m.name}" for s, m in DECLARED])
def test_the_reader_checks_each_declared_mapping_with_its_declared_keys(checked, section: str, declared: Map):
    assert any(allowed == declared.names for allowed, _ in checked), f"the reader never checks {declared.name}"


def test_the_reader_checks_no_key_set_that_is_not_declared(checked):
    declared = {m.names for _, m in DECLARED} | {NAMES} | _record_attributes()
    undeclared = sorted({allowed for allowed, _ in checked} - declared)
    assert undeclared == [], "key lists in the reader that no section declares"


def _record_attributes() -> set[tuple[str, ...]]:
    """The keys of a record in a rule's `then`: the policy declares them (a records field's attributes)."""
    found = set()
    for root in (REPO / "rules", FIXTURE):
        policy, _ = read_policy(root)
        assert policy is not None
        found |= {tuple(spec.attributes) for spec in policy.fields.values() if spec.attributes}
    return found


def test_the_reader_requires_what_is_declared(checked):
    required = {m.names: m.required for _, m in DECLARED}
    # a checklist item without an action needs an id: the one required set that depends on another key
    exceptions = {("id", "text")}
    wrong = [(a, r) for a, r in checked if a in required and r != required[a] and r not in exceptions and r != ()]
    assert wrong == []


def test_every_map_name_is_declared_once():
    names = [m.name for _, m in DECLARED]
    assert len(names) == len(set(names))


def test_the_readme_section_table_and_key_reference_come_from_the_registry():
    text = README.read_text(encoding="utf-8")
    expected = docs.replaced(docs.replaced(text, docs.TABLE_MARKERS, docs.section_table()),
                             docs.KEYS_MARKERS, docs.key_reference())
    if updating():
        README.write_text(expected, encoding="utf-8")
        return
    assert text == expected, "rules/README.md differs from the declarations; rerun with COMMS_UPDATE_SNAPSHOTS=1"


def test_every_declared_key_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for section, declared in DECLARED:
        for key in declared.keys:
            assert f"| `{key.name}` |" in text, f"{section}.{declared.name}.{key.name}"


def test_the_schema_says_the_condition_language_keys_the_reader_knows():
    from incident_comms.policy.conditions import ANSWER_IN, ANSWER_INCLUDES, COMBINED, FIELD_TEST, KEYWORDS

    definitions = rules_schema()["definitions"]
    _, field_test, combined = definitions["condition"]["anyOf"]
    _, answer_in, answer_includes = definitions["answer_test"]["anyOf"]
    said = [tuple(d["properties"]) for d in (combined, field_test, answer_in, answer_includes)]
    assert said == [m.names for m in (COMBINED, FIELD_TEST, ANSWER_IN, ANSWER_INCLUDES)]
    assert KEYWORDS == ("all", "any", "not", "fact", "field")
    assert combined["propertyNames"]["not"]["enum"] == ["field"]


def test_each_section_name_is_its_module_and_its_key() -> None:
    assert [(module.__name__.rsplit(".", 1)[1], module.NAME) for module in all_sections()] == [
        (name, name) for name in NAMES]
