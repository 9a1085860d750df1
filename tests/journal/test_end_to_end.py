"""One incident with the default policy, from declaration to the published post-mortem.

A major feature-flags outage that broke customers' own sites: the journal carries it
through open, resolved with the post-mortem in review, and published, with a handover
(export, import) between two Comms Leads on two machines, and every change and due
time shown on the way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app

INCIDENT = "inc-2026-12-01-flags"
OPEN = {
    "products": "feature_flags", "region": "eu", "severity": "major", "data_impact": "delayed",
    "definite_impact": "yes", "customer_sites_disrupted": "yes", "extended_unavailability": "no",
    "single_customer_cause": "no", "users_can_act": "no", "security": "no", "availability_attack": "no",
    "resolved": "no", "status_page": "current", "clear_story": "yes",
}


@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch, clock: Any, tmp_path: Path) -> Any:
    monkeypatch.delenv("COMMS_RULES", raising=False)  # the bundled policy
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, user: str = "simon", journal: str = "uk.db") -> Any:
        monkeypatch.setenv("COMMS_USER", user)
        monkeypatch.setenv("COMMS_JOURNAL", str(tmp_path / journal))
        done = CliRunner().invoke(app, list(args))
        assert done.exit_code == 0, done.stderr
        return done

    return run


def sets(answers: dict[str, str]) -> list[str]:
    return [part for qid, value in answers.items() for part in ("--set", f"{qid}={value}")]


def decision(done: Any) -> dict[str, Any]:
    return json.loads(done.stdout)


def timings(record: dict[str, Any]) -> dict[str, str]:
    return {m["channel"]: m["timing"] for m in record["decision"]["messages"]}


def test_declaration_to_published_postmortem(comms: Any, clock: Any, tmp_path: Path) -> None:
    # 12:00 declared: the status page now, account owners update their accounts now, the email waits.
    opened = decision(comms("assess", "--incident", INCIDENT, "--title", "Flags down in the EU", *sets(OPEN),
                            "--format", "json"))
    assert opened["journal"]["first"] and opened["decision"]["headline"] == "coordinate_now"
    assert timings(opened) == {"status_page": "now", "email": "after_resolution", "account_update": "now"}
    assert opened["decision"]["update_cadence"] == "every_1_2_h"
    comms("incident", "log", INCIDENT, "--status-page-updated")
    clock.advance(minutes=50)
    comms("incident", "log", INCIDENT, "--sent", "account_update", "--count", "14")
    clock.advance(hours=2)  # 14:50: the next account update is due (every 1 to 2 hours)
    assert "next account_update: due now: 2026-12-01 14:50 UTC" in comms("incident", "list").stdout
    clock.advance(minutes=20)
    listed = comms("incident", "list").stdout
    assert "next account_update: OVERDUE by 20m" in listed
    assert "email (When resolved)" in listed

    # 15:10 handover: Simon (EU) exports, Landon (US) imports on another machine.
    comms("incident", "log", INCIDENT, "--handover-to", "Landon")
    handover = tmp_path / "handover.json"
    comms("incident", "export", INCIDENT, "--output", str(handover))
    comms("incident", "import", str(handover), user="landon", journal="us.db")

    # 18:00 resolved, post-mortem in review: the email waits for it; no more cadence.
    clock.advance(hours=2, minutes=50)
    resolved = decision(comms("assess", "--incident", INCIDENT, "--set", "resolved=yes",
                              "--set", "postmortem=in_progress", "--format", "json", user="landon", journal="us.db"))
    assert timings(resolved)["email"] == "after_postmortem"
    changes = resolved["journal"]["changes"]
    assert {"field": "messages", "kind": "changed", "item": "email timing", "before": "When resolved",
            "after": "When the post-mortem is published"} in changes
    assert any(c["field"] == "update_cadence" for c in changes)
    shown = comms("incident", "show", INCIDENT, user="landon", journal="us.db").stdout
    assert re.search(r"status page +none due", shown) and re.search(r"next account_update +none due", shown)

    # Day two: the post-mortem is published: the email goes now, the headline says send it.
    clock.advance(hours=20)
    published = comms("assess", "--incident", INCIDENT, "--set", "postmortem=published", user="landon",
                      journal="us.db")
    head = published.stdout.split("\n\n")[0]
    assert "Messages: email timing: When the post-mortem is published → Now" in head
    assert "Send now" in head
    comms("incident", "log", INCIDENT, "--sent", "email", "--count", "1200", "--note", "post-mortem link",
          user="landon", journal="us.db")
    comms("incident", "close", INCIDENT, user="landon", journal="us.db")

    # Back to the first machine: the import brings everything Landon did, losing nothing.
    back = tmp_path / "back.json"
    comms("incident", "export", INCIDENT, "-o", str(back), user="landon", journal="us.db")
    comms("incident", "import", str(back))
    timeline = json.loads(comms("incident", "show", INCIDENT, "--format", "json").stdout)
    assert [(e["kind"], e["who"]) for e in timeline["timeline"]] == [
        ("assessment", "simon"), ("status_page_updated", "simon"), ("sent", "simon"), ("handover", "simon"),
        ("assessment", "landon"), ("assessment", "landon"), ("sent", "landon"), ("closed", "landon"),
    ]
    assert timeline["incident"]["closed_at"] is not None
    markdown = comms("incident", "show", INCIDENT, "--format", "markdown").stdout
    assert markdown.startswith(f"# {INCIDENT} · Flags down in the EU (closed ")
