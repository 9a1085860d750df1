"""The default policy's drafts: every planned message of every answer set that matters renders.

"Answer sets that matter": every answer set the repository holds (the policy's
tests and the answers files under tests/), and, for every draft, an incident where
it is the one chosen for each answer of each question and each value of each
decided field that can go with it (found by the verifier), so that every branch a
template can take on the answers or the decision is rendered at least once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incident_comms.answers import check_answers, read_answers_file
from incident_comms.drafts import templates
from incident_comms.drafts.complete import fact_name, proof_policy
from incident_comms.drafts.plan import plan_drafts
from incident_comms.drafts.read import load_drafts
from incident_comms.drafts.render import render_drafts
from incident_comms.engine import decide
from incident_comms.errors import CommsError
from incident_comms.policy.load import load_policy
from incident_comms.policy.model import BOOL, ENUM, RECORDS, AnswerIn, FactIs, FieldIn
from incident_comms.verify import Analysis
from incident_comms.verify.witness import counterexample

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"
UNRENDERED = re.compile(r"\{\{|\{%|%\}|\}\}")


@pytest.fixture(scope="module")
def policy():
    return load_policy(RULES)


@pytest.fixture(scope="module")
def drafts(policy):
    return load_drafts(policy)


@pytest.fixture(scope="module")
def incidents(policy, drafts) -> list[dict[str, Any]]:
    """The witnesses, each answer set once."""
    unique = {repr(sorted(answers.items())): answers for answers in witnesses(policy, drafts)}
    return list(unique.values())


def witnesses(policy, drafts) -> Iterator[dict[str, Any]]:
    """For each draft: answers where it is chosen, with each answer and decided value that can go with it."""
    analysis = Analysis(proof_policy(policy, drafts))
    space, dd = analysis.regions, analysis.regions.diagram
    tests = [AnswerIn(q.id, frozenset([v])) for q in policy.questions if q.kind != "multiple" for v in q.values]
    tests += [FieldIn(n, frozenset([v])) for n, s in policy.fields.items() if s.type in (BOOL, ENUM) for v in s.values]
    for index, draft in enumerate(drafts.drafts):
        spec = policy.fields[draft.target.field]
        own = [FieldIn(f"{spec.name}.{draft.target.key}.{a}", frozenset([v]))
               for a, values in spec.attributes.items() for v in values] if spec.type == RECORDS else []
        chosen = dd.conj(space.valid, space.compile(FactIs(fact_name(index))))
        for test in (None, *tests, *own):
            region = chosen if test is None else dd.conj(chosen, space.compile(test))
            answers = counterexample(space, region)
            if answers is not None:
                yield answers


def held_answer_sets(policy) -> Iterator[dict[str, Any]]:
    """The answers of the policy's tests, and every answers file under tests/ that fits the policy."""
    for test in policy.tests:
        yield test.answers
    for path in sorted((REPO / "tests").rglob("*.yaml")):
        if "fixtures" in path.parts or "snapshots" in path.parts:
            continue
        try:
            raw, _ = read_answers_file(path)
            checked = check_answers(policy, raw)
        except CommsError:
            continue
        if not checked.missing:
            yield checked.answers


def assert_every_planned_message_renders(policy, drafts, answers: dict[str, Any], details: dict[str, str]) -> int:
    given = check_answers(policy, answers).answers
    decision = decide(policy, given)
    planned = plan_drafts(policy, drafts, given, decision)
    channels = [r["channel"] for r in decision.values[drafts.settings.messages_field]]
    assert [p.target.key for p in planned][: len(channels)] == channels
    assert len({p.target for p in planned}) == len(planned)  # each message and item once
    for rendered in render_drafts(policy, drafts, planned, given, decision, details):
        draft = rendered.planned.draft
        assert rendered.subject.strip() or rendered.body.strip(), draft.id
        passed = [text for t in (draft.subject, draft.body) if t is not None for text, _ in templates.passed_through(t)]
        body = rendered.body
        for text in passed:
            body = body.replace(text, "")
        assert not UNRENDERED.search(rendered.subject + body), (draft.id, answers, rendered.subject, rendered.body)
        assert "\n\n\n" not in rendered.body, (draft.id, rendered.body)
        if not details:
            assert rendered.missing or "[" not in rendered.body
    return len(planned)


def test_every_draft_renders_for_every_answer_and_decided_value_it_can_meet(policy, drafts, incidents):
    seen = 0
    for answers in incidents:
        seen += assert_every_planned_message_renders(policy, drafts, answers, {})
    assert seen > 4 * len(drafts.drafts)


def test_every_held_answer_set_renders_with_and_without_details(policy, drafts):
    details = {name: f"<{name} & co>" for name in drafts.settings.details}
    count = 0
    for answers in held_answer_sets(policy):
        assert_every_planned_message_renders(policy, drafts, answers, {})
        assert_every_planned_message_renders(policy, drafts, answers, details)
        count += 1
    assert count >= len(policy.tests)


def test_the_email_names_the_org_with_the_recipients_attribute_exactly_when_the_decision_says(policy, drafts, incidents):
    from incident_comms.recipients.settings import load_settings

    liquid = load_settings(policy).liquid()
    for answers in incidents:
        decision = decide(policy, answers)
        planned = plan_drafts(policy, drafts, answers, decision)
        for rendered in render_drafts(policy, drafts, planned, answers, decision, {}):
            if rendered.planned.target.key == "email" and rendered.planned.record["timing"] != "hold":
                assert (liquid in rendered.body) == decision.values["include_org_name"], rendered.planned.draft.id


def broken_copy(tmp_path: Path, edit) -> Path:
    import shutil

    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    path = root / "drafts.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_lint_finds_a_removed_default_draft_with_a_counterexample_that_replays(tmp_path):
    import json

    from typer.testing import CliRunner

    from incident_comms.cli import app
    from incident_comms.lint.runner import lint_paths

    def without_email_incident(text: str) -> str:
        start = text.index("  - id: email-incident\n")
        return text[:start] + text[text.index("  - id: ", start + 10):]

    root = broken_copy(tmp_path, without_email_incident)
    gaps = [p for p in lint_paths([root]).problems if p.check == "drafts"]
    assert gaps and all("no draft for the email message" in p.message for p in gaps), gaps
    assert gaps[0].loc.path.endswith("drafts.yaml") and gaps[0].loc.line > 0
    answers = tmp_path / "counterexample.json"
    answers.write_text(json.dumps(gaps[0].counterexample), encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", "-r", str(root), "-a", str(answers)])
    assert result.exit_code == 2 and "no draft is for the planned email message" in result.stderr
    fine = CliRunner().invoke(app, ["draft", "-r", str(RULES), "-a", str(answers)])
    assert fine.exit_code == 0 and "draft email-incident" in fine.stdout


def test_lint_finds_an_unknown_variable_in_a_default_draft_at_its_line(tmp_path):
    from incident_comms.lint.runner import lint_paths

    root = broken_copy(tmp_path, lambda text: text.replace("{{ detail.root_cause }}", "{{ detail.root_cuase }}", 1))
    [problem] = [p for p in lint_paths([root]).problems if p.check == "drafts"]
    lines = (root / "drafts.yaml").read_text(encoding="utf-8").splitlines()
    assert "detail.root_cuase" in lines[problem.loc.line - 1]
    assert "unknown variable 'detail.root_cuase'" in problem.message
