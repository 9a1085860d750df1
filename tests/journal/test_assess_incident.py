"""`comms assess --incident`: starts from the last answers, saves, says first what changed."""

from __future__ import annotations

import json
from typing import Any

from journal_support import INCIDENT

from incident_comms.flow import run_flow
from incident_comms.journal.assessing import last_answers, with_last_answer
from incident_comms.policy.load import load_policy


def assess(comms: Any, *args: str, user: str | None = None) -> Any:
    return comms("assess", "--incident", INCIDENT, *args, user=user)


def test_the_first_assessment_declares_the_incident(comms: Any) -> None:
    done = assess(comms, "--title", "Flags down in the EU", "--set", "severity=major", "--set", "resolved=no")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith(f"{INCIDENT}: first assessment of Flags down in the EU\n")
    shown = comms("incident", "show", INCIDENT)
    assert "Flags down in the EU (open)" in shown.stdout and "declared 2026-12-01 12:00 UTC by alice" in shown.stdout


def test_a_reassessment_starts_from_the_last_answers_and_says_what_changed(comms: Any, clock: Any) -> None:
    assess(comms, "--set", "severity=major", "--set", "resolved=no")
    clock.advance(minutes=40)
    done = assess(comms, "--set", "resolved=yes", "--set", "published=yes", user="bob")
    assert done.exit_code == 0, done.stderr
    head = done.stdout.split("\n\n")[0].splitlines()
    assert head[0] == f"{INCIDENT}: what changed since the last assessment (2026-12-01 12:00 UTC by alice)"
    assert head[1:] == [
        "  Headline: WAIT → GO NOW",
        "  Update cadence: every 30 min → no updates",
        "  Messages: mail timing: after the write-up → now",
        "  - Messages: accounts (no longer in the decision)",
    ]


def test_nothing_changed_is_said(comms: Any) -> None:
    assess(comms, "--set", "severity=minor", "--set", "resolved=no")
    done = assess(comms)
    assert done.exit_code == 0, done.stderr
    assert "nothing changed since the last assessment" in done.stdout.splitlines()[0]


def test_json_keeps_the_record_and_adds_the_journal(comms: Any) -> None:
    assess(comms, "--set", "severity=minor", "--set", "resolved=no")
    done = assess(comms, "--set", "severity=major", "--format", "json")
    record = json.loads(done.stdout)
    assert record["answers"] == {"severity": "major", "resolved": False}
    assert record["journal"]["incident"] == INCIDENT and not record["journal"]["first"]
    assert {"field": "headline", "kind": "changed", "item": "", "before": "WAIT", "after": "WAIT"} not in \
        record["journal"]["changes"]
    assert {"field": "cadence", "kind": "changed", "item": "", "before": "every 2 h", "after": "every 30 min"} in \
        record["journal"]["changes"]


def test_a_changed_policy_is_said(comms: Any, rules: Any) -> None:
    assess(comms, "--set", "severity=minor", "--set", "resolved=no")
    policy_file = rules / "policy.yaml"
    policy_file.write_text(policy_file.read_text().replace("Always brief.", "Always brief the team."))
    done = assess(comms)
    assert "The policy changed since the last assessment (sha256 " in done.stdout.splitlines()[1]


def test_missing_answers_without_a_terminal_are_listed_and_nothing_is_saved(comms: Any) -> None:
    done = assess(comms, "--set", "severity=major")
    assert done.exit_code == 2 and "missing answers: resolved" in done.stderr
    assert comms("incident", "list").stdout.startswith("No incidents")


def test_a_closed_incident_is_not_reassessed(comms: Any) -> None:
    assess(comms, "--set", "severity=minor", "--set", "resolved=no")
    assert comms("incident", "close", INCIDENT).exit_code == 0
    done = assess(comms)
    assert done.exit_code == 2 and "reopen" in done.stderr


def test_a_hostile_incident_id_is_one_escaped_line(comms: Any) -> None:
    done = comms("assess", "--incident", "../../etc/\x1b]0;pwned\x07", "--set", "severity=minor")
    assert done.exit_code == 2
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr and "is not an id" in done.stderr


def test_in_a_terminal_each_last_answer_is_the_default(rules: Any) -> None:
    """Flow logic with injected answers: the prompt gets the last answer as its default."""
    policy = load_policy(rules)
    defaults = {}

    def enter(question: Any) -> Any:  # a bare Enter takes the default; no default: say no
        defaults[question.id] = question.default
        return False if question.default is None else question.default

    last = {"severity": "major", "resolved": False}
    answers = run_flow(policy, {"resolved": True}, lambda q: enter(with_last_answer(q, last)))
    assert defaults == {"severity": "major", "published": None}
    assert answers["severity"] == "major" and answers["resolved"] is True


def test_last_answers_that_no_longer_fit_are_dropped_with_a_warning(rules: Any) -> None:
    from incident_comms.store import Entry

    policy = load_policy(rules)
    record = {"answers": {"severity": "catastrophic", "resolved": False, "gone": True}}
    kept, warnings = last_answers(policy, Entry("u", "assessment", "t", "t", "alice", {"record": record}))
    assert kept == {"resolved": False}
    assert len(warnings) == 2 and "'severity'" in warnings[0] and "'gone'" in warnings[1]
