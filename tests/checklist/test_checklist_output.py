"""`comms checklist` output: the whole role and three tailored incidents, in every format."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from checklist_support import CASE_NAMES, FORMAT_SUFFIX, assert_snapshot

TIMES = ("--started", "2026-08-11T06:30Z", "--last-status-update", "2026-08-11T09:15+00:00")


def item_lines(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("fmt", FORMAT_SUFFIX)
def test_full_list_snapshot(run, fmt):
    result = run("checklist", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_snapshot(f"full.{FORMAT_SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize("case", CASE_NAMES)
@pytest.mark.parametrize("fmt", FORMAT_SUFFIX)
def test_tailored_snapshot(run, in_cases, fixed_now, case, fmt):
    result = run("checklist", "--answers", f"{case}.yaml", "--format", fmt, *TIMES)
    assert result.exit_code == 0, result.stderr
    assert_snapshot(f"{case}.{FORMAT_SUFFIX[fmt]}", result.stdout)


def test_full_list_covers_the_whole_role(run):
    text = " ".join(run("checklist").stdout.split())  # wrapped lines joined
    for expected in (
        "that PMM is the Comms Lead",  # the fallback chain, in order
        "the available PMMs agree on",
        "the incident lead appoints a Comms Lead from the Content Team",
        "Team Blitzscale appoints",
        "Join the incident channel",
        "at least every 6 hours",
        "Decide whether we need comms beyond the status page",
        "fact-check",
        "email rather than social posts",
        "Tim and/or Ben, and Charles",
        "Agree any public word about this security issue",
        "Keep Sales and Support told",
        "plan a handover",
        "Leave status page updates to the Incident Lead",
        "Leave updates to VIP customers to Sales",
        "Leave technical support for users to Support",
        "Leave technical decisions about the incident to the Incident Lead",
    ):
        assert expected in text
    order = [text.index(s) for s in ("that PMM is", "PMMs agree", "incident lead appoints", "Blitzscale")]
    assert order == sorted(order)


def test_every_item_cites_a_handbook_section(run):
    data = json.loads(run("checklist", "--format", "json").stdout)
    items = [item for section in data["sections"] for item in section["items"]]
    assert len(items) > 30
    for item in items:
        assert item["cite"]["section"] and item["cite"]["url"].startswith("https://posthog.com/handbook/"), item["id"]


def tailored_ids(run, case: str) -> set[str]:
    result = run("checklist", "--answers", f"{case}.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return {item["id"] for section in data["sections"] for item in section["items"]}


def test_tailored_lists_differ_as_the_incidents_do(run, in_cases):
    security = tailored_ids(run, "security_users_can_act")
    minor = tailored_ids(run, "minor")
    major = tailored_ids(run, "major_resolved")
    full_list = json.loads(run("checklist", "--format", "json").stdout)
    full = {item["id"] for section in full_list["sections"] for item in section["items"]}

    # Security, users can act: align first, tell users now with steps; no waiting for resolution.
    assert {"align_with_incident_lead", "give_users_clear_steps", "email-now"} <= security
    assert "contribute_security_postmortem" in security
    assert not {"wait-for-resolution", "hold-back-if-attacker-alerted", "status-page-closed"} & security
    # Minor, status page stale: nudge the incident lead, the status page suffices, no email at all.
    assert {"nudge_status_page_update", "status-page-cadence", "wait-for-resolution"} <= minor
    assert not {"write_comms_plan", "email-over-social", "org-name", "shape_postmortem"} & minor
    assert not {i for i in minor if i.startswith("email-")}
    assert not {"align_with_incident_lead", "give_users_clear_steps"} & minor
    # Major, resolved: status page closed, email after the post-mortem with the org name.
    assert {"status-page-closed", "email-after-postmortem", "org-name", "shape_postmortem"} <= major
    assert not {"status-page-cadence", "nudge_status_page_update", "email-now", "wait-for-resolution"} & major
    # Appointment is about the role, not the incident; what is not yours always shows.
    for tailored in (security, minor, major):
        assert "pmms-agree" not in tailored and "not-vip-customers" in tailored
        assert tailored < full


def test_decided_actions_are_all_in_the_tailored_list(run, in_cases):
    result = run("checklist", "--answers", "security_users_can_act.yaml", "--format", "json")
    decided = {
        item["id"]: item["decided_by"]
        for section in json.loads(result.stdout)["sections"]
        for item in section["items"]
        if item["decided_by"]
    }
    assessed = json.loads(run("assess", "--answers", "security_users_can_act.yaml", "--format", "json").stdout)
    assert set(decided) == {action["id"] for action in assessed["decision"]["actions"]}
    assert decided["give_users_clear_steps"] == "action-clear-steps"


def test_tailored_list_from_a_saved_record(run, saved_record):
    record = saved_record("major_resolved")
    result = run("checklist", "--from", record, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "decision: Coordinate: others send now" in result.stdout and f"Tailored from {record}" in result.stdout
    assert "- [ ] Email timing, after the post-mortem" in result.stdout


@pytest.mark.parametrize("args", [(), ("--answers", "minor.yaml"), ("--answers", "major_resolved.yaml")])
def test_markdown_is_a_valid_task_list(run, in_cases, args):
    result = run("checklist", "--format", "markdown", *args)
    lines = result.stdout.splitlines()
    items = item_lines(result.stdout)
    assert items and all(re.match(r"^- \[[ x]\] \S", line) for line in items)
    headings = [line for line in lines if line.startswith("#")]
    assert headings[0].startswith("# ") and all(re.match(r"^#{1,2} \S", h) for h in headings)
    assert sum(h.startswith("# ") for h in headings) == 1
    assert not any(line.startswith(("  ", "\t", "*", "+")) for line in lines)


def test_plain_text_fits_80_columns_without_escape_codes(run, in_cases):
    for args in ((), ("--answers", "security_users_can_act.yaml")):
        text = run("checklist", *args).stdout
        assert "\x1b" not in text
        assert max(len(line) for line in text.splitlines()) <= 80
        assert "  [ ] " in text


def test_output_file_gets_the_chosen_format(run, tmp_path):
    target = tmp_path / "checklist.md"
    result = run("checklist", "--format", "markdown", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Comms Lead checklist: the whole role")
    again = run("checklist", "--output", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr


def test_plain_output_does_not_load_rich():
    """Piped output stays plain and quick to start: rich is only for a terminal."""
    script = (
        "import sys\n"
        "from incident_comms.cli import main\n"
        "sys.argv = ['comms', 'checklist']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('rich loaded' if 'rich' in sys.modules else 'rich not loaded')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stdout.startswith("Comms Lead checklist: the whole role")
    assert done.stderr == "rich not loaded"
