"""`comms lint` proves drafts complete and finds bad templates, each with its place."""

from __future__ import annotations

import json
from pathlib import Path

from drafts_support import BASIC, line_of

from incident_comms.answers import check_answers
from incident_comms.lint.runner import lint_paths
from incident_comms.policy.load import load_policy


def drafts_problems(root: Path):
    return [p for p in lint_paths([root]).problems if p.check == "drafts"]


def test_the_basic_policy_is_clean(run):
    result = run("lint", "--strict", BASIC)
    assert result.exit_code == 0, result.stdout


def test_a_removed_draft_is_a_gap_with_a_counterexample_that_needs_it(basic_copy):
    root = basic_copy(lambda text: text.replace("    when: {field: messages.email.timing, is: now}\n", "    when: {severity: minor}\n"))
    problems = drafts_problems(root)
    gaps = [p for p in problems if "no draft for the email message" in p.message]
    assert len(gaps) == 1, problems
    gap = gaps[0]
    assert "planned by rule 'email-now'" in gap.message
    assert gap.related and gap.related[0].line == line_of(root / "questions.yaml", "id: email-now")
    policy = load_policy(root)
    assert check_answers(policy, gap.counterexample).missing == ()
    assert gap.counterexample == {"severity": "major", "resolved": True}
    # the draft whose condition can no longer hold with an email planned is unused
    assert any("'email-now' never applies" in p.message for p in problems)


def test_deleting_every_draft_of_a_channel_is_reported_at_the_drafts_section(basic_copy):
    def drop_status_page(text: str) -> str:
        start = text.index("  - id: status-page")
        return text[:start] + text[text.index("  - id: email-after-resolution"):]

    root = basic_copy(drop_status_page)
    gaps = [p for p in drafts_problems(root) if "status_page" in p.message]
    assert len(gaps) == 1
    assert (gaps[0].loc.path, gaps[0].loc.line) == (str(root / "drafts.yaml"), 2)
    assert gaps[0].counterexample is not None


def test_two_drafts_for_the_same_answers_overlap(basic_copy):
    root = basic_copy(lambda text: text.replace("    when: {field: messages.email.timing, is: now}\n", "    when: {severity: major}\n"))
    overlaps = [p for p in drafts_problems(root) if "are both for" in p.message]
    assert len(overlaps) == 1
    problem = overlaps[0]
    assert "'email-after-resolution' and 'email-now'" in problem.message
    assert problem.loc.line == line_of(root / "drafts.yaml", "id: email-now")
    assert problem.related[0].line == line_of(root / "drafts.yaml", "id: email-after-resolution")
    assert problem.counterexample == {"severity": "major", "resolved": False}


def test_an_unknown_variable_is_found_on_its_own_line(basic_copy):
    root = basic_copy(lambda text: text.replace("      Follow {{ value.status_page }}.", "      Follow {{ detail.titel }}."))
    [problem] = drafts_problems(root)
    assert problem.loc.line == line_of(root / "drafts.yaml", "detail.titel")
    assert "unknown variable 'detail.titel'" in problem.message
    assert "title" in problem.message  # the known names are listed


def test_a_variable_of_another_kind_of_draft_is_unknown(basic_copy):
    root = basic_copy(lambda text: text.replace('body: "{{ item.text }}', 'body: "{{ message.timing }}'))
    [problem] = drafts_problems(root)
    assert "unknown variable 'message.timing'" in problem.message


def test_a_template_that_does_not_parse_is_found_with_its_line(basic_copy):
    root = basic_copy(lambda text: text.replace("      {{ detail.impact }} ({{ message.timing }}).", "      {% if detail.impact %}open"))
    [problem] = drafts_problems(root)
    assert problem.loc.path.endswith("drafts.yaml")
    assert "body" in problem.message


def test_include_and_unknown_filters_are_refused(basic_copy):
    root = basic_copy(lambda text: text.replace("      Follow {{ value.status_page }}.", "      {% include 'secrets' %}"))
    [problem] = drafts_problems(root)
    assert "unexpected tag 'include'" in problem.message
    assert problem.loc.line == line_of(root / "drafts.yaml", "include")
    root = basic_copy(lambda text: text.replace("{{ value.status_page }}", "{{ value.status_page | shell }}"))
    [problem] = drafts_problems(root)
    assert "unknown filter 'shell'" in problem.message


def test_shape_problems_name_the_key(basic_copy):
    root = basic_copy(lambda text: text.replace("for: {messages: status_page}", "for: {messages: fax}")
                      .replace("    cite: {page: comms, section: Sales and Support}\n", ""))
    messages = [p.message for p in drafts_problems(root)]
    assert any("'fax' is not a key of messages" in m for m in messages), messages
    assert any("missing required key 'cite'" in m for m in messages), messages


def test_lint_json_carries_the_counterexample(basic_copy, run):
    root = basic_copy(lambda text: text.replace("    when: {field: messages.email.timing, is: now}\n", "    when: {severity: minor}\n"))
    result = run("lint", "--format", "json", root)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [gap] = [p for p in report["problems"] if p["check"] == "drafts" and "no draft" in p["message"]]
    assert gap["counterexample"] == {"severity": "major", "resolved": True}
    assert gap["line"] > 0


def test_an_unknown_variable_in_a_one_line_subject_is_found_on_the_subject_line(basic_copy):
    root = basic_copy(lambda text: text.replace('subject: "Resolved: {{ detail.title }}"', 'subject: "Resolved: {{ answer.nope }}"'))
    [problem] = drafts_problems(root)
    assert problem.loc.line == line_of(root / "drafts.yaml", "answer.nope")
    assert "unknown variable 'answer.nope' (known answer names: resolved, severity)" in problem.message


def test_customer_io_liquid_must_use_the_recipients_attribute_and_fallback(basic_copy):
    recipients = "recipients:\n  attribute: org_name\n  fallback: there\n  recipient_roles: [owner]\n"
    root = basic_copy(lambda text: text)
    (root / "recipients.yaml").write_text(recipients, encoding="utf-8")
    assert [p for p in lint_paths([root]).problems if p.check in ("drafts", "recipients")] == []
    (root / "recipients.yaml").write_text(recipients.replace("org_name", "affected_org_names"), encoding="utf-8")
    [problem] = [p for p in lint_paths([root]).problems if p.check in ("drafts", "recipients")]
    assert "reads customer.org_name, but comms recipients fills customer.affected_org_names" in problem.message
    (root / "recipients.yaml").write_text(recipients.replace("there", "your organization"), encoding="utf-8")
    [problem] = drafts_problems(root)
    assert problem.loc.line == line_of(root / "drafts.yaml", "customer.org_name")
    assert "the fallback 'there' differs from the recipients section's" in problem.message
    assert '{{ customer.org_name | default: "your organization" }}' in problem.message


def test_citations_are_read_as_the_checklist_reads_them(basic_copy):
    """Drafts and checklist items cite the handbook the same way (policy/citing.py)."""
    root = basic_copy(lambda text: text.replace("{page: comms, section: Email}", "{page: blog, section: Email}", 1)
                      .replace("{page: comms, section: Status page}", "{page: comms, section: ' '}"))
    messages = sorted(p.message.split(": ", 1)[1] for p in drafts_problems(root))
    assert messages == ["expected the handbook section title", "unknown page 'blog' (known: comms)"]
