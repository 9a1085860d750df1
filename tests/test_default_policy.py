"""The default policy (``rules/``) encodes the product spec, for every possible incident.

`spec_decision` below is an independent reading of ``policy-spec.md`` ("The policy"),
written in plain Python without looking at the rules. Every valid combination of the
answers that matter is decided by the engine and compared with it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_comms.answers import check_answers
from incident_comms.engine import decide
from incident_comms.policy.model import Policy
from incident_comms.policy.testing import run_policy_tests
from incident_comms.record import build_record, decision_json, to_json

# ---- the spec, read independently ------------------------------------------------------

ALL_PRODUCTS = (
    "product_analytics",
    "web_analytics",
    "session_replay",
    "feature_flags",
    "experiments",
    "surveys",
    "workflows",
    "error_tracking",
    "logs",
    "data_warehouse",
    "cdp",
    "llm_analytics",
    "posthog_ai",
    "ingestion",
    "sdk",
    "api",
    "login",
    "billing",
    "other",
)
REGIONS = ("us", "eu", "both")
INFORMATIONAL = {"products": [], "region": "us"}

IFF_ACTIONS = (
    "align_with_incident_lead",
    "give_users_clear_steps",
    "nudge_status_page_update",
    "shape_postmortem",
    "plan_handover",
)
EMAIL_OWNERS = "impacted_owners_admins"


@dataclass(frozen=True)
class Expected:
    """What the spec decides for one incident."""

    messages: dict[str, dict[str, str]]  # channel -> {audience, timing, owner}
    public_postmortem: bool
    include_org_name: bool
    send: bool
    iff_actions: frozenset[str]  # exactly these of IFF_ACTIONS
    implied_actions: frozenset[str]  # at least these ("where they apply")
    forbidden_actions: frozenset[str]  # none of these


def _message(audience: str, timing: str, owner: str) -> dict[str, str]:
    return {"audience": audience, "timing": timing, "owner": owner}


def spec_decision(a: dict[str, Any]) -> Expected:
    """The spec's policy section, clause by clause."""
    security = a["security"]
    resolved = a["resolved"]
    lost = a["data_impact"] == "lost"
    sev = "critical" if lost else a["severity"]
    act = security and a["users_can_act"]
    exposed = security and a["data_exposed"]
    alert = security and a["disclosure_could_alert_attacker"]

    public_postmortem = (
        lost or a["customer_sites_disrupted"] or a["extended_unavailability"] or sev == "critical" or exposed or act
    )

    messages: dict[str, dict[str, str]] = {}
    if security:
        hold = alert and not resolved and not act
        if a["definite_impact"]:
            messages["status_page"] = _message("public", "hold" if hold else "now", "incident_lead")
        if act:
            messages["email"] = _message(EMAIL_OWNERS, "now", "comms_lead")
        elif exposed:
            messages["email"] = _message(EMAIL_OWNERS, "hold" if hold else "now", "comms_lead")
    elif a["definite_impact"]:
        messages["status_page"] = _message("public", "now", "incident_lead")
        if a["single_customer_cause"]:
            messages["support_ticket"] = _message("causing_org_admins", "now", "support")
        if sev in ("major", "critical"):
            messages["email"] = _message(EMAIL_OWNERS, _email_timing(a, public_postmortem), "comms_lead")

    include_org_name = "email" in messages and sev in ("major", "critical")
    send = any(channel != "status_page" for channel in messages)

    iff = {
        "align_with_incident_lead": security,
        "give_users_clear_steps": act,
        "nudge_status_page_update": not resolved and not a.get("status_page_current", True),
        "shape_postmortem": public_postmortem,
        "plan_handover": a["extended_unavailability"] and not resolved,
    }
    implied = set()
    if "support_ticket" in messages:
        implied |= {"check_with_incident_lead_first", "tell_account_owner"}
    if send:
        implied.add("point_to_status_page_or_postmortem")
    if a["definite_impact"]:
        implied.add("brief_sales_and_support")
    if exposed:
        implied.add("contribute_security_postmortem")
    forbidden = set() if security else {"contribute_security_postmortem"}
    return Expected(
        messages=messages,
        public_postmortem=public_postmortem,
        include_org_name=include_org_name,
        send=send,
        iff_actions=frozenset(k for k, v in iff.items() if v),
        implied_actions=frozenset(implied),
        forbidden_actions=frozenset(forbidden),
    )


def _email_timing(a: dict[str, Any], public_postmortem: bool) -> str:
    if not a["resolved"]:
        return "after_resolution"
    if a["postmortem"] != "published" and (public_postmortem or not a["clear_story"]):
        return "after_postmortem"
    return "now"


def spec_headline(expected: Expected) -> str:
    """The one-line answer: HOLD when anything waits for the incident lead, else SEND or not."""
    if any(m["timing"] == "hold" for m in expected.messages.values()):
        return "hold"
    return "send" if expected.send else "no_outbound_comms"


# ---- every incident ---------------------------------------------------------------------


def all_incidents() -> Iterator[dict[str, Any]]:
    """Every valid set of answers to the questions the spec asks, informational ones fixed."""
    yes_no = (False, True)
    for severity, data_impact, definite, single, sites, extended, security, clear in itertools.product(
        ("minor", "major", "critical"), ("none", "delayed", "lost"), yes_no, yes_no, yes_no, yes_no, yes_no, yes_no
    ):
        base = {
            **INFORMATIONAL,
            "severity": severity,
            "data_impact": data_impact,
            "definite_impact": definite,
            "single_customer_cause": single,
            "customer_sites_disrupted": sites,
            "extended_unavailability": extended,
            "security": security,
            "clear_story": clear,
        }
        for sec in _security_answers(security):
            for state in _resolution_answers():
                yield {**base, **sec, **state}


def _security_answers(security: bool) -> Iterator[dict[str, bool]]:
    if not security:
        yield {}
        return
    for act, alert, exposed in itertools.product((False, True), repeat=3):
        yield {"users_can_act": act, "disclosure_could_alert_attacker": alert, "data_exposed": exposed}


def _resolution_answers() -> Iterator[dict[str, Any]]:
    for current in (False, True):
        yield {"resolved": False, "status_page_current": current}
    for postmortem in ("none", "in_progress", "published"):
        yield {"resolved": True, "postmortem": postmortem}


INCIDENTS = list(all_incidents())


def disagreements(policy: Policy, answers: dict[str, Any]) -> list[str]:
    """How the engine's decision differs from the spec for these answers (one line each)."""
    decision = decide(policy, answers).values
    expected = spec_decision(answers)
    problems = []
    actual_messages = {m["channel"]: {k: v for k, v in m.items() if k != "channel"} for m in decision["messages"]}
    if actual_messages != expected.messages:
        problems.append(f"messages: expected {expected.messages}, got {actual_messages}")
    for name in ("send", "public_postmortem", "include_org_name"):
        if decision[name] != getattr(expected, name):
            problems.append(f"{name}: expected {getattr(expected, name)}, got {decision[name]}")
    actions = set(decision["actions"])
    if actions & set(IFF_ACTIONS) != expected.iff_actions:
        problems.append(
            f"iff actions: expected {sorted(expected.iff_actions)}, got {sorted(actions & set(IFF_ACTIONS))}"
        )
    if not expected.implied_actions <= actions:
        problems.append(f"actions: missing {sorted(expected.implied_actions - actions)}")
    if actions & expected.forbidden_actions:
        problems.append(f"actions: unexpected {sorted(actions & expected.forbidden_actions)}")
    if decision["headline"] != spec_headline(expected):
        problems.append(f"headline: expected {spec_headline(expected)}, got {decision['headline']}")
    return problems


def test_the_enumeration_covers_every_answer_combination() -> None:
    # 3 severities x 3 data impacts x 2^5 yes-no (besides security) x (1 + 8 security cases) x (2 open + 3 resolved)
    assert len(INCIDENTS) == 3 * 3 * 2**5 * 9 * 5
    assert len({json.dumps(a, sort_keys=True) for a in INCIDENTS}) == len(INCIDENTS)


def test_each_enumerated_incident_answers_exactly_the_questions_asked(default_policy: Policy) -> None:
    inexact = []
    for answers in INCIDENTS:
        checked = check_answers(default_policy, answers)
        if checked.missing or checked.ignored or checked.answers != answers:
            inexact.append((answers, checked.missing, checked.ignored))
    assert not inexact[:3]


def test_the_default_policy_decides_as_the_spec_for_every_incident(default_policy: Policy) -> None:
    found = []
    for answers in INCIDENTS:
        problems = disagreements(default_policy, answers)
        if problems:
            found.append(f"{answers}: {'; '.join(problems)}")
    assert not found, f"{len(found)} incidents differ from the spec, e.g.:\n" + "\n".join(found[:5])


def test_every_required_field_is_decided_for_every_incident(default_policy: Policy) -> None:
    undecided = [(a, decide(default_policy, a).undecided) for a in INCIDENTS[::7]]
    assert [pair for pair in undecided if pair[1]] == []


@settings(max_examples=300, deadline=None)
@given(
    incident=st.sampled_from(INCIDENTS),
    products=st.lists(st.sampled_from(ALL_PRODUCTS), unique=True),
    region=st.sampled_from(REGIONS),
)
def test_products_and_region_never_change_the_decision(
    default_policy: Policy, incident: dict[str, Any], products: list[str], region: str
) -> None:
    varied = {**incident, "products": products, "region": region}
    checked = check_answers(default_policy, varied)
    assert checked.missing == () and checked.ignored == ()
    assert decide(default_policy, checked.answers).values == decide(default_policy, incident).values


def test_the_informational_questions_are_the_spec_ones(default_policy: Policy) -> None:
    informational = {q.id for q in default_policy.questions if q.informational}
    assert informational == {"products", "region"}
    assert set(default_policy.question("products").values) == set(ALL_PRODUCTS)
    assert default_policy.question("region").values == REGIONS
    first_three = default_policy.question("products").values[:3]
    assert set(first_three) == {"feature_flags", "experiments", "workflows"}


# ---- the policy's own tests (rules/tests.yaml) --------------------------------------------

CLAUSE_CASES = (
    "public post-mortem: data lost",
    "public post-mortem: customers' sites disrupted",
    "public post-mortem: extended unavailability",
    "public post-mortem: critical severity",
    "public post-mortem: security data exposed",
    "public post-mortem: security users can act",
    "public post-mortem: otherwise internal only",
    "security: users can act beats the hold",
    "security: exposure under a hold waits",
    "security: exposure without a hold goes now",
    "security: no exposure and nothing to do means no email",
    "security: resolved lifts the hold",
    "no definite impact: no messages at all",
    "definite impact, minor: status page only",
    "definite impact: single customer gets a support ticket",
    "major, open: email after resolution",
    "major, resolved: email after the public post-mortem",
    "major, resolved: email after the post-mortem without a clear story",
    "major, resolved: email now once the post-mortem is published",
    "major, resolved: email now with a clear story and no public post-mortem",
    "data lost counts as critical",
    "data delayed does not count as critical",
    "security: a hold applies when",
    "security: no hold when",
    "never social or in-app",
    "include org name: a major incident's email names the organization",
    "include org name: not in a minor security incident's email",
    "include org name: not without an email",
    "send: the status page alone is not sending",
    "send: a support ticket alone is sending",
    "send: an email on hold is sending",
    "headline: hold",
    "headline: send",
    "headline: no outbound comms",
    "action align with incident lead",
    "action nudge status page update: open",
    "action nudge status page update: not when",
    "action shape post-mortem",
    "action plan handover: extended unavailability while open",
    "action plan handover: not once resolved",
    "action brief sales and support",
    "action check with incident lead first",
    "action point to status page or post-mortem",
    "action contribute security post-mortem",
)


def test_every_policy_test_passes(default_policy: Policy) -> None:
    failed = [f"{r.test.name} ({r.test.loc}): {f}" for r in run_policy_tests(default_policy) for f in r.failures]
    assert failed == []


def test_the_policy_tests_cover_every_clause_of_the_spec(default_policy: Policy) -> None:
    names = [test.name for test in default_policy.tests]
    assert len(names) >= 50
    missing = [name for name in CLAUSE_CASES if not any(n.startswith(name) for n in names)]
    assert missing == []


def test_the_policy_tests_agree_with_the_independent_reading(default_policy: Policy) -> None:
    """Each case's answers, replayed against the oracle, agree with the engine too."""
    found = {
        t.name: disagreements(default_policy, check_answers(default_policy, t.answers).answers)
        for t in default_policy.tests
    }
    assert {name: p for name, p in found.items() if p} == {}


# ---- the decision contract ------------------------------------------------------------


def test_the_decision_json_has_exactly_the_contract_keys(default_policy: Policy) -> None:
    answers = next(a for a in INCIDENTS if a["security"] and a["users_can_act"] and a["definite_impact"])
    record = json.loads(to_json(build_record(default_policy, answers, decide(default_policy, answers), [])))
    data = record["decision"]
    assert set(data) == {"send", "messages", "public_postmortem", "include_org_name", "actions", "headline"}
    assert isinstance(data["send"], bool)
    assert isinstance(data["public_postmortem"], bool)
    assert isinstance(data["include_org_name"], bool)
    assert data["messages"] and all(set(m) == {"channel", "audience", "timing", "owner"} for m in data["messages"])
    assert data["actions"] and all(set(a) == {"id", "text"} and a["text"] for a in data["actions"])
    assert {m["channel"] for m in data["messages"]} == {"status_page", "email"}
    assert "give_users_clear_steps" in [a["id"] for a in data["actions"]]
    assert data["headline"] in {"send", "hold", "no_outbound_comms"}
    assert data == decision_json(default_policy, decide(default_policy, answers))


def test_every_decided_item_names_the_rule_file_line_and_reason(default_policy: Policy) -> None:
    answers = next(a for a in INCIDENTS if a["single_customer_cause"] and a["definite_impact"] and not a["security"])
    record = json.loads(to_json(build_record(default_policy, answers, decide(default_policy, answers), [])))
    assert record["fired"]
    for fired in record["fired"]:
        assert set(fired) == {"rule", "file", "line", "reason", "decided"}
        assert fired["file"].endswith(".yaml") and fired["line"] > 0 and fired["reason"]
    decided = [slot for fired in record["fired"] for slot in fired["decided"]]
    for slot in ("send", "public_postmortem", "include_org_name", "messages.status_page", "messages.support_ticket"):
        assert slot in decided
    assert {f"actions.{a['id']}" for a in record["decision"]["actions"]} <= set(decided)


def test_every_message_value_is_one_the_spec_names(default_policy: Policy) -> None:
    spec = default_policy.fields["messages"]
    assert set(spec.values) == {"status_page", "email", "support_ticket", "in_app", "social"}
    assert set(spec.attributes["audience"]) == {"public", "impacted_owners_admins", "causing_org_admins"}
    assert set(spec.attributes["timing"]) == {"now", "hold", "after_resolution", "after_postmortem"}
    assert set(spec.attributes["owner"]) == {"incident_lead", "comms_lead", "support", "sales"}


@pytest.mark.parametrize(
    "action",
    IFF_ACTIONS
    + (
        "brief_sales_and_support",
        "check_with_incident_lead_first",
        "point_to_status_page_or_postmortem",
        "contribute_security_postmortem",
    ),
)
def test_every_action_the_spec_names_exists_and_can_be_decided(default_policy: Policy, action: str) -> None:
    assert action in default_policy.fields["actions"].values
    assert any(action in decide(default_policy, a).values["actions"] for a in INCIDENTS[::3])
