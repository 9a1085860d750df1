"""The README and rules/README.md say what is true."""

from __future__ import annotations

import json
import re
from pathlib import Path

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.policy.load import read_policy
from incident_comms.record import build_record

ROOT = Path(__file__).resolve().parent.parent


def _block_after(text: str, heading: str, fence: str) -> str:
    section = text[text.index(heading):]
    match = re.search(rf"^{re.escape(fence)}\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert match, f"no {fence} block after {heading}"
    return match.group(1)


def test_quick_start_holds_exactly_two_commands() -> None:
    block = _block_after((ROOT / "README.md").read_text(), "## Quick start", "```")
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "comms assess" in commands[0] and "pip install ." in commands[0]
    assert "pip install '.[test]'" in commands[1] and "pytest" in commands[1]


def test_worked_example_loads_and_decides_as_described(tmp_path: Path) -> None:
    example = _block_after((ROOT / "rules/README.md").read_text(), "## Worked example", "```yaml")
    (tmp_path / "policy.yaml").write_text(example)
    policy, problems = read_policy(tmp_path)
    assert problems == [] and policy is not None
    answers = {"severity": "major", "data_impact": "none", "definite_impact": True, "resolved": False}
    decision = decide(policy, check_answers(policy, answers).answers)
    assert decision.values == {"send": True, "email_timing": "after_resolution"}
    lost = {**answers, "severity": "minor", "data_impact": "lost", "resolved": True}
    assert decide(policy, check_answers(policy, lost).answers).values["email_timing"] == "now"


def test_readme_record_example_has_the_real_record_keys() -> None:
    block = _block_after((ROOT / "README.md").read_text(), "### The JSON record", "```json")
    example = json.loads(block.replace("…", ""))
    policy, _ = read_policy(ROOT / "rules")
    assert policy is not None
    answers = {
        "products": ["feature_flags"], "severity": "major", "region": "us", "data_impact": "delayed",
        "definite_impact": True, "customer_sites_disrupted": False, "extended_unavailability": True,
        "single_customer_cause": False, "users_can_act": False, "security": False, "availability_attack": False,
        "resolved": False, "status_page": "current", "clear_story": True,
    }
    checked = check_answers(policy, answers)
    real = build_record(policy, checked.answers, decide(policy, checked.answers), [])
    assert set(example) == set(real)
    assert set(example["decision"]) == set(real["decision"])
    assert set(example["policy"]) == set(real["policy"])
    assert set(example["labels"]) == set(real["labels"])
    assert set(example["fired"][0]) == set(real["fired"][0])
    assert set(example["decision"]["messages"][1]) == set(real["decision"]["messages"][1])
    assert real["decision"]["messages"] == example["decision"]["messages"]
    assert real["decision"]["headline"] == example["decision"]["headline"]
    email = next(f for f in real["fired"] if "messages.email" in f["decided"])
    assert (email["rule"], email["line"]) == (example["fired"][0]["rule"], example["fired"][0]["line"])
    assert set(example["decision"]["actions"][0]) == set(real["decision"]["actions"][0])


def test_worked_example_is_valid_for_the_editor_schema() -> None:
    import jsonschema
    import yaml

    example = _block_after((ROOT / "rules/README.md").read_text(), "## Worked example", "```yaml")
    schema = json.loads((ROOT / "schema/comms-rules.schema.json").read_text())
    assert list(jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(example))) == []


def test_the_default_policy_and_the_example_read_the_same_without_libyaml(tmp_path: Path, monkeypatch) -> None:
    """PyYAML without libyaml parses stricter (a plain `?` in a flow mapping): stay portable."""
    import yaml

    from incident_comms import yamlsafe

    example = _block_after((ROOT / "rules/README.md").read_text(), "## Worked example", "```yaml")
    (tmp_path / "policy.yaml").write_text(example)
    with_libyaml = [read_policy(ROOT / "rules"), read_policy(tmp_path)]
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    for (policy, problems), root in zip(with_libyaml, (ROOT / "rules", tmp_path), strict=True):
        pure_policy, pure_problems = read_policy(root)
        assert pure_problems == problems == []
        assert pure_policy is not None and policy is not None
        assert pure_policy.rules == policy.rules and pure_policy.questions == policy.questions
