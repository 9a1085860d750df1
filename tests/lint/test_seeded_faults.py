"""Faults seeded into a copy of the default policy are each caught, located and replayable.

This is the acceptance test of `comms lint`: delete a catch-all, duplicate a rule,
rename a referenced question, break an invariant.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from incident_comms.cli import app

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    """A copy of the default policy to break."""
    return Path(shutil.copytree(RULES, tmp_path / "rules"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"the default policy changed: {old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def lint(root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["lint", "--format", "json", str(root)], env={"GITHUB_ACTIONS": ""})
    return result.exit_code, json.loads(result.stdout)["problems"]


def replay(root: Path, answers: dict[str, Any], tmp_path: Path) -> Any:
    """Run `comms assess --answers` on a counterexample written as a real answers file."""
    path = tmp_path / "counterexample.yaml"
    path.write_text(yaml.safe_dump(answers))
    return CliRunner().invoke(app, ["assess", "--rules", str(root), "--answers", str(path), "-f", "json", "--no-input"])


def test_the_unbroken_copy_is_clean(policy: Path) -> None:
    assert lint(policy) == (0, [])


def test_deleting_a_catch_all_is_a_gap_with_a_replayable_incident(policy: Path, tmp_path: Path) -> None:
    summary = policy / "summary.yaml"
    catch_all = "  - id: send-nothing-beyond-status-page\n"
    rule = catch_all + summary.read_text().split(catch_all, 1)[1].split("\n\n", 1)[0] + "\n"
    edit(summary, rule, "")
    code, problems = lint(policy)
    [gap] = [p for p in problems if p["check"] == "gaps"]
    assert code == 1 and "send" in gap["message"]
    assert (Path(gap["path"]).name, gap["line"]) == ("fields.yaml", line_of(policy / "fields.yaml", "  send:"))
    replayed = replay(policy, gap["counterexample"], tmp_path)
    assert replayed.exit_code == 2 and "decides no value for send" in replayed.stderr


def test_a_copied_rule_under_a_new_id_is_dead_and_names_the_original(policy: Path) -> None:
    messages = policy / "messages.yaml"
    original = "  - id: email-exposure-now\n"
    block = messages.read_text().split(original, 1)[1].split("  - id:", 1)[0]
    edit(messages, original, original + block + "  - id: email-exposure-now-again\n")
    code, problems = lint(policy)
    [dead] = [p for p in problems if p["check"] == "dead-rules"]
    assert code == 1 and "email-exposure-now-again" in dead["message"] and "email-exposure-now" in dead["message"]
    assert dead["line"] == line_of(messages, "email-exposure-now-again")
    assert dead["related"] and dead["related"][0]["line"] == line_of(messages, "id: email-exposure-now\n".strip())


def test_a_rule_pasted_twice_is_a_duplicate_id_at_the_second_copy(policy: Path) -> None:
    actions = policy / "actions.yaml"
    original = "  - id: action-plan-handover\n"
    block = actions.read_text().split(original, 1)[1].split("  - id:", 1)[0]
    edit(actions, original, original + block + original)
    code, problems = lint(policy)
    [duplicate] = [p for p in problems if p["check"] == "duplicate-id"]
    assert code == 1 and "action-plan-handover" in duplicate["message"]
    lines = [i for i, line in enumerate(actions.read_text().splitlines(), 1) if "id: action-plan-handover" in line]
    assert duplicate["line"] == lines[1]


def test_renaming_a_referenced_question_points_at_every_use(policy: Path) -> None:
    edit(policy / "questions.yaml", "  - id: single_customer_cause\n", "  - id: one_customer_caused_it\n")
    code, problems = lint(policy)
    unknown = [p for p in problems if p["check"] == "references" and "'single_customer_cause'" in p["message"]]
    assert code == 1 and unknown
    messages = policy / "messages.yaml"
    assert {(Path(p["path"]).name, p["line"]) for p in unknown} >= {
        ("messages.yaml", line_of(messages, "single_customer_cause: true"))
    }
    assert all("one_customer_caused_it" in p["message"] for p in unknown)  # the known ids are listed


def test_breaking_an_invariant_shows_an_incident_that_breaks_it(policy: Path, tmp_path: Path) -> None:
    messages = policy / "messages.yaml"
    rule = "  - id: email-steps-now\n    when: {fact: users_must_act, any: [{security: true}, {fact: big}]}\n"
    edit(
        messages,
        rule + "    then:\n      messages:\n"
        "        email: {audience: impacted_owners_admins, timing: now, owner: comms_lead}\n",
        rule + "    then:\n      messages:\n"
        "        email: {audience: impacted_owners_admins, timing: hold, owner: comms_lead}\n",
    )
    code, problems = lint(policy)
    broken = next(p for p in problems if p["check"] == "invariants" and "customers-who-must-act-hear-now" in p["message"])
    assert code == 1
    assert broken["line"] == line_of(policy / "invariants.yaml", "id: customers-who-must-act-hear-now")
    replayed = replay(policy, broken["counterexample"], tmp_path)
    assert replayed.exit_code == 0, replayed.stderr
    email = [m for m in json.loads(replayed.stdout)["decision"]["messages"] if m["channel"] == "email"]
    assert email and email[0]["timing"] == "hold"
