"""The default policy (``rules/``) decides as policy-spec version 2 says, for every incident.

`spec_decision` below is an independent reading of the spec ("The policy", rules 1-13,
and the headline), written in plain Python from the spec's text without looking at the
rules. Every valid combination of the answers that matter is decided by the engine and
compared with it, field by field, actions and contacts in the spec's order. Where the
spec needed reading, the decision is written in ``rules/README.md`` ("Reading
policy-spec version 2") and noted here.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_comms.answers import check_answers
from incident_comms.engine import Decision, decide
from incident_comms.policy.model import Policy
from incident_comms.policy.testing import run_policy_tests
from incident_comms.record import build_record, decision_json, to_json

# ---- the spec's public interface ("Questions", "Decision") ---------------------------

ALL_PRODUCTS = (
    "feature_flags", "experiments", "workflows", "product_analytics", "web_analytics", "session_replay",
    "surveys", "error_tracking", "logs", "data_warehouse", "cdp", "llm_analytics", "posthog_ai",
    "ingestion", "sdk", "api", "login", "billing", "other",
)
REGIONS = ("us", "eu", "both")
QUESTION_IDS = (
    "kind", "products", "region", "severity", "data_impact", "definite_impact", "customer_sites_disrupted",
    "extended_unavailability", "single_customer_cause", "users_can_act", "security", "availability_attack",
    "disclosure_could_alert_attacker", "data_exposed", "resolved", "status_page", "postmortem", "clear_story",
    "maintenance_disruptive",
)
CHOICES = {
    "kind": ("incident", "planned_maintenance"),
    "region": REGIONS,
    "severity": ("minor", "major", "critical"),
    "data_impact": ("none", "delayed", "lost"),
    "data_exposed": ("none", "possible", "confirmed"),
    "status_page": ("current", "stale", "down"),
    "postmortem": ("none", "in_progress", "published", "not_planned"),
}
CHANNELS = ("status_page", "email", "support_ticket", "account_update", "security_advisory", "social", "in_app")
AUDIENCES = ("public", "impacted_owners_admins", "causing_org_admins", "account_contacts")
TIMINGS = ("now", "hold", "after_resolution", "after_postmortem", "when_story_clear")
OWNERS = ("incident_lead", "comms_lead", "support", "sales", "maintenance_owner")
HEADLINES = ("send_now", "hold", "coordinate_now", "wait", "status_page_only", "nothing")
CADENCES = ("every_15_30_min", "every_30_60_min", "every_1_2_h", "every_6_h", "none")
ACTIONS = (  # rule 12, in the spec's order
    "align_with_incident_lead", "describe_impact_not_cause", "give_users_clear_steps", "nudge_status_page_update",
    "agree_fallback_channel", "involve_dpo", "prepare_breach_notice", "write_comms_plan", "brief_sales_and_support",
    "coordinate_account_updates", "check_with_incident_lead_first", "tell_account_owner",
    "point_to_status_page_or_postmortem", "plan_handover", "shape_postmortem", "confirm_no_public_postmortem",
    "share_postmortem_with_account_owners", "contribute_security_postmortem", "tell_other_teams",
    "answer_maintenance_questions", "confirm_after_window",
)
CONTACTS = ("product_pmms", "cmoc", "support_watcher", "dpo", "postmortem_approvers")  # rule 13

PUBLIC, OWNERS_ADMINS, CAUSING_ORG, ACCOUNTS = AUDIENCES
INCIDENT_LEAD, COMMS_LEAD, SUPPORT, SALES, MAINTENANCE_OWNER = OWNERS


# ---- the spec, read independently -------------------------------------------------------


def _message(audience: str, timing: str, owner: str) -> dict[str, str]:
    return {"audience": audience, "timing": timing, "owner": owner}


class Terms:
    """The terms "The policy" defines, for one set of answers (an unasked question reads as false)."""

    def __init__(self, a: dict[str, Any]) -> None:
        self.a = a
        self.incident = a.get("kind", "incident") == "incident"
        self.lost = a.get("data_impact") == "lost"
        self.impact = bool(a.get("definite_impact")) or self.lost
        self.sev = "critical" if self.lost else a.get("severity")
        self.big = self.sev in ("major", "critical")
        self.act = bool(a.get("users_can_act"))
        self.security = bool(a.get("security"))
        self.resolved = bool(a.get("resolved"))
        self.exposed = self.security and a.get("data_exposed") == "confirmed"
        self.possible = self.security and a.get("data_exposed") == "possible"
        self.hold = (self.security and bool(a.get("disclosure_could_alert_attacker"))
                     and not self.resolved and not self.act)
        self.sites = bool(a.get("customer_sites_disrupted"))
        self.extended = bool(a.get("extended_unavailability"))
        self.criteria = self.lost or self.sites or self.extended or self.exposed or (self.security and self.act)
        self.significant = self.lost or self.act or self.sites or self.extended or self.sev == "critical"
        # "While the incident is open `postmortem` is not asked and reads as `none`."
        self.postmortem = a.get("postmortem", "none")
        self.status_page = a.get("status_page")  # None when not asked: "an unasked one is not down"


def spec_decision(a: dict[str, Any]) -> dict[str, Any]:
    """The whole decision the spec gives for answers `a` (the `decision` of the JSON record)."""
    t = Terms(a)
    public_postmortem = _public_postmortem(t)  # rule 1
    messages = _maintenance_messages(t) if not t.incident else _incident_messages(t, public_postmortem)
    send = any(channel != "status_page" for channel in messages)  # rule 10
    actions = _actions(t, messages, send, public_postmortem)
    return {
        "headline": _headline(messages),
        "send": send,
        "messages": [{"channel": c, **messages[c]} for c in CHANNELS if c in messages],
        "public_postmortem": public_postmortem,
        "include_org_name": t.incident and "email" in messages and t.big,  # rule 9
        "update_cadence": _cadence(t),
        "actions": actions,
        "contacts": _contacts(t, messages, actions),
    }


def _public_postmortem(t: Terms) -> bool:
    """Rule 1 (rule 2: planned maintenance has no post-mortem)."""
    if not t.incident or t.postmortem == "not_planned":
        return False
    return t.criteria or t.postmortem in ("in_progress", "published")


def _maintenance_messages(t: Terms) -> dict[str, dict[str, str]]:
    """Rule 2: the scheduled notice; an email ahead of the window when customers notice or must act."""
    messages = {"status_page": _message(PUBLIC, "now", MAINTENANCE_OWNER)}
    if t.a["maintenance_disruptive"] or t.act:
        messages["email"] = _message(OWNERS_ADMINS, "now", COMMS_LEAD)
    return messages


def _incident_messages(t: Terms, public_postmortem: bool) -> dict[str, dict[str, str]]:
    """Rules 3-8 for an incident (rule 8: never social, never in-app)."""
    found = {
        "status_page": _status_page_timing(t),
        "email": _email_timing(t, public_postmortem),
        "support_ticket": _ticket_timing(t),
        "account_update": _account_update_timing(t),
        "security_advisory": _advisory_timing(t),
    }
    owners = {"status_page": (PUBLIC, INCIDENT_LEAD), "email": (OWNERS_ADMINS, COMMS_LEAD),
              "support_ticket": (CAUSING_ORG, SUPPORT), "account_update": (ACCOUNTS, SALES),
              "security_advisory": (PUBLIC, INCIDENT_LEAD)}
    return {c: _message(owners[c][0], timing, owners[c][1]) for c, timing in found.items() if timing}


def _status_page_timing(t: Terms) -> str | None:
    """Rule 3."""
    if t.impact:
        return "now"
    if t.security and t.big and not t.resolved:
        return "hold"
    return None


def _email_timing(t: Terms, public_postmortem: bool) -> str | None:
    """Rule 4: the first that applies."""
    if t.act and (t.security or t.big):
        return "now"  # 4.1
    if t.exposed:
        return "hold" if t.hold else "now"  # 4.2
    if t.impact and t.big and t.status_page == "down" and not t.resolved:
        return "hold"  # 4.3
    if t.security or not t.impact or not t.big or not t.significant:
        return None  # 4.4, 4.5, 4.6
    if not t.resolved:
        return "after_resolution"  # 4.7
    if t.postmortem == "published":
        return "now"  # 4.8
    if not t.a["clear_story"]:
        return "after_postmortem" if public_postmortem else "when_story_clear"  # 4.9
    if t.lost:
        return "now"  # 4.10
    if public_postmortem:
        return "after_postmortem"  # 4.11
    return "now"  # 4.12


def _ticket_timing(t: Terms) -> str | None:
    """Rule 5."""
    if t.a["single_customer_cause"] and (t.impact or t.security):
        return "hold" if t.hold else "now"
    return None


def _account_update_timing(t: Terms) -> str | None:
    """Rule 6."""
    if t.big and (t.impact or t.exposed) and t.postmortem != "published":
        return "hold" if t.hold else "now"
    return None


def _advisory_timing(t: Terms) -> str | None:
    """Rule 7."""
    if not t.security:
        return None
    minor_and_nothing = t.sev == "minor" and not t.impact and not t.exposed and not t.act
    if t.hold or t.a["single_customer_cause"] or minor_and_nothing:
        return "hold"
    return "now" if t.act or t.resolved else "after_resolution"


def _headline(messages: dict[str, dict[str, str]]) -> str:
    """"What the Comms Lead does now, the first that holds"."""
    beyond = {c: m for c, m in messages.items() if c != "status_page"}
    if any(m["owner"] == COMMS_LEAD and m["timing"] == "now" for m in messages.values()):
        return "send_now"
    if any(m["timing"] == "hold" for m in messages.values()):
        return "hold"
    if any(m["timing"] == "now" for m in beyond.values()):
        return "coordinate_now"
    if beyond:
        return "wait"
    return "status_page_only" if messages else "nothing"


def _cadence(t: Terms) -> str:
    """Rule 11."""
    if not (t.incident and t.impact and not t.resolved):
        return "none"
    if t.a["severity"] == "critical" and (t.lost or t.extended):
        return "every_15_30_min"  # GTM SEV 0
    return {"critical": "every_30_60_min", "major": "every_1_2_h", "minor": "every_6_h"}[t.sev]


def _actions(t: Terms, messages: dict[str, Any], send: bool, public_postmortem: bool) -> list[str]:
    """Rule 12: each action iff its condition holds, in the spec's order."""
    status_page_message = "status_page" in messages
    when = {
        "align_with_incident_lead": t.security or bool(t.a.get("availability_attack")),
        "describe_impact_not_cause": t.hold and t.impact,
        "give_users_clear_steps": t.act,
        "nudge_status_page_update": t.status_page == "stale",
        "agree_fallback_channel": t.status_page == "down",
        "involve_dpo": t.exposed or t.possible,
        "prepare_breach_notice": t.possible,
        "write_comms_plan": send,
        "brief_sales_and_support": t.impact or send,
        "coordinate_account_updates": "account_update" in messages,
        "check_with_incident_lead_first": "support_ticket" in messages,
        "tell_account_owner": "support_ticket" in messages,
        "point_to_status_page_or_postmortem": send and (
            (status_page_message and t.status_page != "down") or t.postmortem == "published"),
        "plan_handover": t.extended and not t.resolved,
        "shape_postmortem": public_postmortem and t.postmortem != "published",
        "confirm_no_public_postmortem": t.incident and t.criteria and t.postmortem == "not_planned",
        "share_postmortem_with_account_owners": (t.incident and t.big and (t.impact or t.exposed)
                                                 and t.postmortem == "published"),
        "contribute_security_postmortem": t.security and (t.exposed or t.possible or t.act or public_postmortem),
        "tell_other_teams": "security_advisory" in messages,
        "answer_maintenance_questions": not t.incident,
        "confirm_after_window": not t.incident,
    }
    return [action for action in ACTIONS if when[action]]


def _contacts(t: Terms, messages: dict[str, Any], actions: list[str]) -> list[str]:
    """Rule 13."""
    send = any(channel != "status_page" for channel in messages)
    when = {
        "product_pmms": bool(t.a.get("products")),
        "cmoc": "account_update" in messages or "share_postmortem_with_account_owners" in actions,
        "support_watcher": t.impact or send,
        "dpo": "involve_dpo" in actions,
        "postmortem_approvers": "shape_postmortem" in actions,
    }
    return [contact for contact in CONTACTS if when[contact]]


# ---- every incident ---------------------------------------------------------------------

YES_NO = (False, True)


def all_incidents() -> Iterator[dict[str, Any]]:
    """Every valid set of answers to the questions the spec asks, products and region fixed.

    Per "Questions": everything but `users_can_act` is asked for incidents only; the
    security follow-ups only for `security`, `availability_attack` only without it,
    `status_page` only with impact, `postmortem` only once resolved.
    """
    yield from _maintenance()
    for severity, data_impact, definite, sites, extended, single, act, clear in itertools.product(
        CHOICES["severity"], CHOICES["data_impact"], YES_NO, YES_NO, YES_NO, YES_NO, YES_NO, YES_NO
    ):
        base = {
            "kind": "incident", "products": [], "region": "us", "severity": severity, "data_impact": data_impact,
            "definite_impact": definite, "customer_sites_disrupted": sites, "extended_unavailability": extended,
            "single_customer_cause": single, "users_can_act": act,
        }
        impact = definite or data_impact == "lost"
        for security_answers in _security_answers():
            for resolution in _resolution_answers(impact):
                answers = {**base, **security_answers, **resolution, "clear_story": clear}
                yield {q: answers[q] for q in QUESTION_IDS if q in answers}


def _maintenance() -> Iterator[dict[str, Any]]:
    for act, disruptive in itertools.product(YES_NO, YES_NO):
        yield {"kind": "planned_maintenance", "products": [], "region": "us", "users_can_act": act,
               "maintenance_disruptive": disruptive}


def _security_answers() -> Iterator[dict[str, Any]]:
    for attack in YES_NO:
        yield {"security": False, "availability_attack": attack}
    for alert, exposed in itertools.product(YES_NO, CHOICES["data_exposed"]):
        yield {"security": True, "disclosure_could_alert_attacker": alert, "data_exposed": exposed}


def _resolution_answers(impact: bool) -> Iterator[dict[str, Any]]:
    pages = [{"status_page": page} for page in CHOICES["status_page"]] if impact else [{}]
    for page in pages:
        yield {"resolved": False, **page}
        for postmortem in CHOICES["postmortem"]:
            yield {"resolved": True, **page, "postmortem": postmortem}


INCIDENTS = list(all_incidents())


def disagreements(policy: Policy, answers: dict[str, Any], decision: Decision | None = None) -> list[str]:
    """How the engine's decision differs from the spec for these answers (one line per field)."""
    actual = decision_json(policy, decision or decide(policy, answers))
    actual = {**actual, "actions": [a["id"] for a in actual["actions"]], "contacts": [c["id"] for c in actual["contacts"]]}
    expected = spec_decision(answers)
    return [f"{name}: spec {expected[name]}, rules {actual.get(name)}" for name in expected if actual.get(name) != expected[name]]


@pytest.fixture(scope="module")
def decisions(default_policy: Policy) -> list[tuple[dict[str, Any], Decision]]:
    """The engine's decision for every enumerated incident, made once for the tests below."""
    return [(answers, decide(default_policy, answers)) for answers in INCIDENTS]


def test_the_enumeration_covers_every_answer_combination() -> None:
    # each (definite_impact, data_impact) pair: 3 severities x 2^5 other yes-no answers x
    # (2 + 2 x 3 security answers) x (open, or resolved with 4 post-mortem states), and
    # 3 status page answers for the 4 pairs with impact
    per_pair = 3 * 2**5 * (2 + 2 * 3) * (1 + 4)
    incidents = per_pair * (4 * 3 + 2 * 1)
    assert len(INCIDENTS) == 4 + incidents
    assert len({json.dumps(a, sort_keys=True) for a in INCIDENTS}) == len(INCIDENTS)


def test_each_enumerated_incident_answers_exactly_the_questions_asked(default_policy: Policy) -> None:
    inexact = []
    for answers in INCIDENTS[::5]:
        checked = check_answers(default_policy, answers)
        if checked.missing or checked.ignored or checked.answers != answers:
            inexact.append((answers, checked.missing, checked.ignored))
    assert not inexact[:3]


def test_the_default_policy_decides_as_the_spec_for_every_incident(
    default_policy: Policy, decisions: list[tuple[dict[str, Any], Decision]]
) -> None:
    found = []
    for answers, decision in decisions:
        problems = disagreements(default_policy, answers, decision)
        if problems:
            found.append(f"{answers}: {'; '.join(problems)}")
    assert not found, f"{len(found)} incidents differ from the spec, e.g.:\n" + "\n".join(found[:5])


def test_every_required_field_is_decided_for_every_incident(decisions: list[tuple[dict[str, Any], Decision]]) -> None:
    assert [(answers, d.undecided) for answers, d in decisions if d.undecided] == []


@settings(max_examples=200, deadline=None)
@given(
    incident=st.sampled_from(INCIDENTS),
    products=st.lists(st.sampled_from(ALL_PRODUCTS), unique=True),
    region=st.sampled_from(REGIONS),
)
def test_products_and_region_change_only_who_to_involve(
    default_policy: Policy, incident: dict[str, Any], products: list[str], region: str
) -> None:
    varied = {**incident, "products": products, "region": region}
    checked = check_answers(default_policy, varied)
    assert checked.missing == () and checked.ignored == ()
    assert disagreements(default_policy, checked.answers) == []
    before, after = decide(default_policy, incident).values, decide(default_policy, checked.answers).values
    assert {k: v for k, v in after.items() if k != "contacts"} == {k: v for k, v in before.items() if k != "contacts"}
    assert ("product_pmms" in after["contacts"]) == bool(products)


def test_the_questions_are_the_spec_ones_in_its_order(default_policy: Policy) -> None:
    assert default_policy.question_ids == QUESTION_IDS
    for qid, values in CHOICES.items():
        assert default_policy.question(qid).values == values, qid
    assert default_policy.question("products").values == ALL_PRODUCTS
    assert {q.id for q in default_policy.questions if q.informational} == {"products", "region"}


def test_only_kind_may_be_left_out_and_it_reads_as_incident(default_policy: Policy) -> None:
    assert [q.id for q in default_policy.questions if q.optional] == ["kind"]
    answers = {k: v for k, v in INCIDENTS[100].items() if k != "kind"}
    assert check_answers(default_policy, answers).answers["kind"] == "incident"


def test_every_question_has_a_label_for_each_answer_and_a_help_text(default_policy: Policy) -> None:
    for question in default_policy.questions:
        assert question.prompt.strip() and len(question.help) > 60, question.id
        for choice in question.choices:
            assert choice.label and choice.label != choice.value, (question.id, choice.value)


@pytest.mark.parametrize("qid", ["severity", "data_impact", "single_customer_cause",
                                 "disclosure_could_alert_attacker", "data_exposed", "postmortem"])
def test_questions_only_the_incident_lead_can_answer_say_to_ask_them(default_policy: Policy, qid: str) -> None:
    question = default_policy.question(qid)
    assert "ask the incident lead" in (question.prompt + " " + question.help).lower()


def test_severity_says_how_gtm_sev_levels_map(default_policy: Policy) -> None:
    severity = default_policy.question("severity")
    text = severity.help
    for words in ("SEV 0 and SEV 1 are critical", "SEV 2 is major", "SEV 3 is minor", "SEV 4"):
        assert words in text
    assert "write" in text.split("SEV 4", 1)[1]  # decide, and write it down
    assert severity.default is None  # no bare Enter at 3 a.m.


# ---- the decision's values, labels and settings -------------------------------------------


def test_every_decision_value_is_one_the_spec_names_in_its_order(default_policy: Policy) -> None:
    fields = default_policy.fields
    assert tuple(fields) == ("headline", "send", "messages", "public_postmortem", "include_org_name",
                             "update_cadence", "actions", "contacts")
    messages = fields["messages"]
    assert messages.values == CHANNELS
    assert messages.attributes["audience"] == AUDIENCES
    assert set(messages.attributes["timing"]) == set(TIMINGS)
    assert messages.attributes["owner"] == OWNERS
    assert fields["headline"].values == HEADLINES
    assert fields["update_cadence"].values == CADENCES
    assert fields["actions"].values == ACTIONS
    assert fields["contacts"].values == CONTACTS


def test_every_id_has_a_plain_english_label(default_policy: Policy) -> None:
    for spec in default_policy.fields.values():
        for value, label in spec.labels.items():
            assert label and label != value and "_" not in label.replace("#tell-posthog-anything", ""), (spec.name, value)
    for name in ("actions", "contacts"):  # whole sentences: a YAML comment (` #channel`) cannot cut one short
        assert [v for v, label in default_policy.fields[name].labels.items() if not label.endswith(".")] == []
    messages = default_policy.fields["messages"]
    for attribute, values in messages.attributes.items():
        for value in values:
            assert messages.attribute_label(attribute, value) != value, (attribute, value)


def test_a_message_reads_as_a_sentence_in_labels(default_policy: Policy) -> None:
    messages = default_policy.fields["messages"]
    sentence = (f"{messages.labels['email']} {messages.attribute_label('audience', 'impacted_owners_admins')}"
                f" — {messages.attribute_label('owner', 'comms_lead')}")
    assert sentence == "Email the owners and admins of impacted orgs — you"
    timings = [messages.attribute_label("timing", t) for t in messages.attributes["timing"]]
    assert timings == ["Now", "On hold until the incident lead agrees", "When resolved", "When the story is clear",
                       "When the post-mortem is published"]


def test_names_of_people_are_settings_written_into_the_labels(default_policy: Policy) -> None:
    assert default_policy.name == "PostHog incident comms" and default_policy.version == 2
    assert default_policy.settings == {"approvers": "Tim and/or Ben, and Charles", "dpo": "Charles Cook",
                                       "cmoc_eu": "Simon or Dana", "cmoc_us": "Landon or Tyler"}
    contacts = default_policy.fields["contacts"].labels
    assert "Charles Cook" in contacts["dpo"] and "Tim and/or Ben, and Charles" in contacts["postmortem_approvers"]
    assert "Simon or Dana" in contacts["cmoc"] and "Landon or Tyler" in contacts["cmoc"]
    raw = "".join(path.read_text(encoding="utf-8") for path in default_policy.files if path.name != "policy.yaml")
    for name in ("Charles Cook", "Simon", "Dana", "Landon", "Tyler", "Tim and/or Ben"):
        assert name not in raw, f"{name} is written outside the policy's settings"


def test_the_old_answers_map_to_the_new_ones(default_policy: Policy) -> None:
    status_page = default_policy.replacement_for("status_page_current")
    assert status_page is not None and status_page.id == "status_page"
    assert status_page.replaces is not None
    assert status_page.replaces.answer_for(True) == "current" and status_page.replaces.answer_for(False) == "stale"
    exposed = default_policy.question("data_exposed").replaces
    assert exposed is not None and exposed.id == "data_exposed"
    assert exposed.answer_for(True) == "confirmed" and exposed.answer_for(False) == "none"


# ---- the policy's own tests (rules/tests.yaml) --------------------------------------------

CLAUSES = [f"rule {n}:" for n in (1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13)]
CLAUSES += [f"rule 4.{n}:" for n in range(1, 13)]
CLAUSES += [f"headline: {h.replace('_', ' ')}" for h in HEADLINES]
CLAUSES += [f"change {row}:" for row in "ABCDEFGHIJKLMN"]


def test_every_policy_test_passes(default_policy: Policy) -> None:
    failed = [f"{r.test.name} ({r.test.loc}): {f}" for r in run_policy_tests(default_policy) for f in r.failures]
    assert failed == []


@pytest.mark.parametrize("clause", CLAUSES)
def test_the_policy_tests_cover_every_clause_and_change(default_policy: Policy, clause: str) -> None:
    assert any(test.name.startswith(clause) for test in default_policy.tests)


def test_the_policy_tests_agree_with_the_independent_reading(default_policy: Policy) -> None:
    """Each case's answers, replayed against the reading above, agree with the engine too."""
    found = {
        t.name: disagreements(default_policy, check_answers(default_policy, t.answers).answers)
        for t in default_policy.tests
    }
    assert {name: p for name, p in found.items() if p} == {}


# ---- the decision contract ------------------------------------------------------------


def test_the_decision_json_has_exactly_the_contract_keys(default_policy: Policy) -> None:
    answers = next(a for a in INCIDENTS if a.get("security") and a["users_can_act"] and a.get("definite_impact"))
    record = json.loads(to_json(build_record(default_policy, answers, decide(default_policy, answers), [])))
    data = record["decision"]
    assert set(data) == {"headline", "send", "messages", "public_postmortem", "include_org_name",
                         "update_cadence", "actions", "contacts"}
    assert data["headline"] in HEADLINES and data["update_cadence"] in CADENCES
    assert data["messages"] and all(set(m) == {"channel", "audience", "timing", "owner"} for m in data["messages"])
    for name in ("actions", "contacts"):
        assert data[name] and all(set(item) == {"id", "text"} and item["text"] for item in data[name])
    assert "give_users_clear_steps" in [a["id"] for a in data["actions"]]
    assert data == decision_json(default_policy, decide(default_policy, answers))


def test_every_decided_item_names_the_rule_file_line_and_reason(default_policy: Policy) -> None:
    answers = next(a for a in INCIDENTS if a.get("single_customer_cause") and a.get("definite_impact")
                   and not a.get("security"))
    record = json.loads(to_json(build_record(default_policy, answers, decide(default_policy, answers), [])))
    assert record["fired"]
    for fired in record["fired"]:
        assert fired["file"].endswith(".yaml") and fired["line"] > 0 and fired["reason"]
    decided = [slot for fired in record["fired"] for slot in fired["decided"]]
    for slot in ("headline", "send", "public_postmortem", "include_org_name", "update_cadence",
                 "messages.status_page", "messages.support_ticket"):
        assert slot in decided
    items = [f"actions.{a['id']}" for a in record["decision"]["actions"]]
    items += [f"contacts.{c['id']}" for c in record["decision"]["contacts"]]
    assert set(items) <= set(decided)


def test_every_action_and_contact_the_spec_names_is_decided_for_some_incident(
    decisions: list[tuple[dict[str, Any], Decision]]
) -> None:
    seen = {item for _, d in decisions for name in ("actions", "contacts") for item in d.values[name]}
    assert set(ACTIONS) - seen == set()
    assert set(CONTACTS) - seen == {"product_pmms"}  # products are fixed to [] here (see the products test)
