"""`comms schema`: the JSON Schema of rule files that editors use (draft-07)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.jsonschema import rules_schema
from incident_comms.policy.sections import NAMES
from incident_comms.policy.sections.fields import FIELD
from incident_comms.policy.sections.questions import QUESTION
from incident_comms.policy.sections.rules import RULE
from incident_comms.yamlsafe import load_file

REPO = Path(__file__).resolve().parent.parent
CHECKED_IN = REPO / "schema" / "comms-rules.schema.json"
RULE_FILES = sorted((REPO / "rules").glob("*.yaml"))
MODELINE = "# yaml-language-server: $schema=../schema/comms-rules.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(CHECKED_IN.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(validator: jsonschema.Draft7Validator, text: str) -> list[str]:
    return [error.message for error in validator.iter_errors(yaml.safe_load(text))]


def test_the_checked_in_schema_is_what_comms_schema_prints():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == CHECKED_IN.read_text(encoding="utf-8"), (
        "regenerate it: comms schema --output schema/comms-rules.schema.json --force"
    )


def test_it_is_draft_07_for_yaml_language_server():
    assert rules_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_default_rule_file_is_valid_and_points_at_the_schema(validator, path):
    assert list(validator.iter_errors(load_file(path))) == []
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_the_schema_knows_the_same_keys_as_the_loader():
    schema = rules_schema()
    definitions = schema["definitions"]
    assert tuple(schema["properties"]) == NAMES
    assert tuple(definitions["question"]["properties"]) == QUESTION.names
    assert tuple(definitions["field"]["properties"]) == FIELD.names
    assert tuple(definitions["rule"]["properties"]) == RULE.names


@pytest.mark.parametrize(
    "text",
    [
        "rulez: []\n",
        "questions:\n  - {id: security, prompt: Security, kind: maybe}\n",
        "questions:\n  - {id: security, prompt: Security}\n",
        "rules:\n  - {id: r, then: {send: true}, because: x, becuase: y}\n",
        "rules:\n  - {id: r, when: {all: {security: true}}, then: {send: true}, because: x}\n",
        "rules:\n  - {id: r, when: {field: send, is: true, in: [true]}, then: {send: true}, because: x}\n",
        "rules:\n  - {id: Bad Id, then: {send: true}, because: x}\n",
        "fields:\n  send: {type: boolean}\n",
        "tests:\n  - {name: t, answers: {}}\n",
        "checklist:\n  - just text\n",
    ],
    ids=["unknown-section", "unknown-kind", "missing-kind", "misspelt-key", "all-not-a-list",
         "field-two-operators", "bad-id", "unknown-field-type", "test-without-expect", "checklist-item-not-mapping"],
)
def test_bad_documents_are_rejected(validator, text):
    assert errors(validator, text)


def test_labelled_attribute_values_and_group_by_are_valid(validator):
    text = (
        "fields:\n  messages:\n    type: records\n    key: channel\n    values: [email]\n"
        "    group_by: timing\n    attributes:\n      timing: [{value: now, label: Now}, later]\n"
    )
    assert errors(validator, text) == []
    assert errors(validator, text.replace("label: Now", "lable: Now"))


def test_descriptions_give_hover_help():
    question = rules_schema()["definitions"]["question"]
    assert all("description" in spec for spec in question["properties"].values())


def test_output_writes_the_file_and_does_not_overwrite_without_force(tmp_path):
    target = tmp_path / "schema.json"
    assert CliRunner().invoke(app, ["schema", "--output", str(target)]).exit_code == 0
    assert json.loads(target.read_text()) == rules_schema()
    again = CliRunner().invoke(app, ["schema", "--output", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert CliRunner().invoke(app, ["schema", "--output", str(target), "--force"]).exit_code == 0
