"""decide(): how rules combine, with small literal policies (see the engine's docstring)."""

from __future__ import annotations

from typing import Any

from incident_comms.answers import check_answers
from incident_comms.engine import decide, holds, is_asked
from incident_comms.policy.load import load_policy
from incident_comms.policy.model import FieldIn, Policy

QUESTIONS = """
questions:
  - {id: severity, prompt: How bad?, kind: single, choices: [minor, major, critical]}
  - {id: security, prompt: Security?, kind: yes_no}
  - {id: attacker, prompt: Could it alert the attacker?, kind: yes_no, ask_when: {security: true}}
  - {id: products, prompt: Which products?, kind: multiple, choices: [flags, replay, logs]}
"""

FIELDS = """
fields:
  send: {type: bool, required: true}
  tone: {type: enum, values: [calm, urgent]}
  actions: {type: set, values: [first_item, second_item, third_item]}
  messages:
    type: records
    key: channel
    values: [status_page, email]
    attributes:
      timing: [now, hold]
      owner: [lead, comms]
"""


def policy_of(write_policy, rules: str, extra: str = "") -> Policy:
    return load_policy(
        write_policy({"a_questions.yaml": QUESTIONS + extra, "b_fields.yaml": FIELDS, "c_rules.yaml": rules})
    )


def answers(**given: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"severity": "minor", "security": False, "products": []}
    return {**base, **given}


# ---- FIRST per slot ------------------------------------------------------------------


def test_the_first_matching_rule_decides_a_bool_and_later_matches_are_ignored(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: major-sends, when: {severity: major}, then: {send: true}, because: a}
  - {id: never-send, then: {send: false}, because: b}
  - {id: always-send, then: {send: true}, because: c}
""",
    )
    assert decide(policy, answers(severity="major")).values["send"] is True
    assert decide(policy, answers(severity="minor")).values["send"] is False
    assert decide(policy, answers(severity="minor")).decided_by["send"].id == "never-send"


def test_each_records_key_is_decided_by_its_own_first_match(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - id: email-on-hold
    when: {security: true}
    then: {messages: {email: {timing: hold, owner: comms}}}
    because: a
  - id: both-now
    then: {messages: {status_page: {timing: now, owner: lead}, email: {timing: now, owner: comms}}}
    because: b
""",
    )
    messages = decide(policy, answers(security=True, attacker=False)).values["messages"]
    assert messages == [
        {"channel": "status_page", "timing": "now", "owner": "lead"},
        {"channel": "email", "timing": "hold", "owner": "comms"},
    ]


def test_none_decides_that_a_channel_has_no_record_and_blocks_later_rules(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: no-email-for-security, when: {security: true}, then: {messages: {email: none}}, because: a}
  - {id: email-now, then: {messages: {email: {timing: now, owner: comms}}}, because: b}
""",
    )
    secure = decide(policy, answers(security=True, attacker=False))
    assert secure.values["messages"] == []
    assert secure.decided_by["messages.email"].id == "no-email-for-security"
    assert decide(policy, answers()).values["messages"] == [{"channel": "email", "timing": "now", "owner": "comms"}]


def test_records_come_in_the_order_the_field_declares_its_keys(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: email, then: {messages: {email: {timing: now, owner: comms}}}, because: a}
  - {id: page, then: {messages: {status_page: {timing: now, owner: lead}}}, because: b}
""",
    )
    assert [m["channel"] for m in decide(policy, answers()).values["messages"]] == ["status_page", "email"]


# ---- COLLECT sets ------------------------------------------------------------------------


def test_a_set_collects_the_items_of_every_matching_rule_in_declared_order(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: third, then: {actions: [third_item]}, because: a}
  - {id: first-for-major, when: {severity: major}, then: {actions: [first_item, third_item]}, because: b}
  - {id: second-for-security, when: {security: true}, then: {actions: second_item}, because: c}
""",
    )
    assert decide(policy, answers(severity="major", security=True, attacker=True)).values["actions"] == [
        "first_item",
        "second_item",
        "third_item",
    ]
    assert decide(policy, answers()).values["actions"] == ["third_item"]


def test_a_set_item_is_credited_to_the_first_rule_that_added_it(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: early, when: {severity: major}, then: {actions: [third_item]}, because: a}
  - {id: late, then: {actions: [third_item]}, because: b}
""",
    )
    assert decide(policy, answers(severity="major")).decided_by["actions.third_item"].id == "early"
    assert decide(policy, answers()).decided_by["actions.third_item"].id == "late"


def test_a_set_with_no_matching_rule_is_empty(write_policy) -> None:
    policy = policy_of(
        write_policy, "rules:\n  - {id: r, when: {severity: critical}, then: {actions: [first_item]}, because: a}\n"
    )
    assert decide(policy, answers()).values["actions"] == []


# ---- conditions on fields, facts, questions ----------------------------------------------


def test_a_rule_can_test_a_field_decided_by_a_later_rule(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: urgent-when-sending, when: {field: send, is: true}, then: {tone: urgent}, because: a}
  - {id: calm, then: {tone: calm}, because: b}
  - {id: send-major, when: {severity: {in: [major, critical]}}, then: {send: true}, because: c}
  - {id: quiet, then: {send: false}, because: d}
""",
    )
    assert decide(policy, answers(severity="critical")).values["tone"] == "urgent"
    assert decide(policy, answers()).values["tone"] == "calm"


def test_a_rule_can_test_a_record_attribute_and_whether_a_record_exists(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: email-hold, when: {security: true}, then: {messages: {email: {timing: hold, owner: comms}}}, because: a}
  - {id: email-now, when: {severity: major}, then: {messages: {email: {timing: now, owner: comms}}}, because: b}
  - {id: calm-on-hold, when: {field: messages.email.timing, is: hold}, then: {tone: calm}, because: c}
  - {id: urgent-with-email, when: {field: messages, includes: email}, then: {tone: urgent}, because: d}
""",
    )
    assert decide(policy, answers(security=True, attacker=False)).values["tone"] == "calm"
    assert decide(policy, answers(severity="major")).values["tone"] == "urgent"
    assert decide(policy, answers()).values["tone"] is None


def test_a_rule_can_test_whether_a_set_includes_an_item(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: second, when: {severity: major}, then: {actions: [second_item]}, because: a}
  - {id: send-with-second, when: {field: actions, includes: second_item}, then: {send: true}, because: b}
  - {id: quiet, then: {send: false}, because: c}
""",
    )
    assert decide(policy, answers(severity="major")).values["send"] is True
    assert decide(policy, answers()).values["send"] is False


FACTS = """
facts:
  - {id: serious, when: {severity: {in: [major, critical]}}}
  - {id: serious_security, when: [{fact: serious}, {security: true}]}
  - {id: quiet_security, when: {all: [{security: true}, {not: {fact: serious}}]}}
"""


def test_facts_can_be_built_from_other_facts(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: urgent, when: {fact: serious_security}, then: {tone: urgent}, because: a}
  - {id: calm, when: {fact: quiet_security}, then: {tone: calm}, because: b}
""",
        extra=FACTS,
    )
    assert decide(policy, answers(severity="major", security=True, attacker=False)).values["tone"] == "urgent"
    assert decide(policy, answers(severity="minor", security=True, attacker=False)).values["tone"] == "calm"
    assert decide(policy, answers(severity="major")).values["tone"] is None


def test_several_choices_are_tested_with_includes(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: flags-urgent, when: {products: {includes: flags}}, then: {tone: urgent}, because: a}
""",
    )
    assert decide(policy, answers(products=["replay", "flags"])).values["tone"] == "urgent"
    assert decide(policy, answers(products=["replay"])).values["tone"] is None


def test_any_and_not_combine_conditions(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - id: r
    when: {any: [{severity: critical}, {not: {products: {includes: logs}}}]}
    then: {tone: urgent}
    because: a
""",
    )
    assert decide(policy, answers(severity="critical", products=["logs"])).values["tone"] == "urgent"
    assert decide(policy, answers(products=[])).values["tone"] == "urgent"
    assert decide(policy, answers(products=["logs"])).values["tone"] is None


# ---- questions that are not asked ----------------------------------------------------------

ATTACKER_RULES = """
rules:
  - {id: hold-if-attacker, when: {attacker: true}, then: {tone: calm}, because: a}
  - {id: no-attacker, when: {attacker: false}, then: {tone: urgent}, because: b}
  - {id: not-attacker, when: {not: {attacker: true}}, then: {send: false}, because: c}
"""


def test_a_question_is_asked_only_when_its_ask_when_holds(write_policy) -> None:
    policy = policy_of(write_policy, ATTACKER_RULES)
    attacker = policy.question("attacker")
    assert is_asked(attacker, {"security": True}, policy)
    assert not is_asked(attacker, {"security": False}, policy)
    assert not is_asked(attacker, {}, policy)


def test_an_answer_to_an_unasked_question_is_ignored(write_policy) -> None:
    policy = policy_of(write_policy, ATTACKER_RULES)
    checked = check_answers(policy, answers(security=False, attacker=True))
    assert checked.ignored == ("attacker",)
    assert decide(policy, checked.answers).values["tone"] is None


def test_decide_itself_ignores_an_answer_to_an_unasked_question(write_policy) -> None:
    policy = policy_of(write_policy, ATTACKER_RULES)
    decision = decide(policy, answers(security=False, attacker=True))
    assert decision.values["tone"] is None
    assert decision.values["send"] is False


def test_every_test_of_an_unasked_question_is_false_but_its_negation_holds(write_policy) -> None:
    policy = policy_of(write_policy, ATTACKER_RULES)
    decision = decide(policy, answers(security=False))
    assert decision.values["tone"] is None  # neither attacker: true nor attacker: false
    assert decision.values["send"] is False


# ---- provenance -------------------------------------------------------------------------


def test_decided_by_and_fired_name_the_rule_its_file_and_line(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """rules:
  - id: send-major
    when: {severity: major}
    then: {send: true, actions: [first_item]}
    because: Major incidents send.
  - id: quiet
    then: {send: false, tone: calm}
    because: Otherwise quiet.
""",
    )
    decision = decide(policy, answers(severity="major"))
    rule = decision.decided_by["send"]
    assert (rule.id, rule.because) == ("send-major", "Major incidents send.")
    assert rule.loc.path.endswith("c_rules.yaml")
    assert rule.loc.line == 2
    assert decision.decided_by["tone"].loc.line == 6
    assert [(f.rule.id, f.slots) for f in decision.fired] == [
        ("send-major", ("send", "actions.first_item")),
        ("quiet", ("tone",)),
    ]


def test_a_rule_that_matched_but_decided_nothing_has_not_fired(write_policy) -> None:
    policy = policy_of(
        write_policy,
        """
rules:
  - {id: first, then: {send: true}, because: a}
  - {id: shadowed, then: {send: false}, because: b}
""",
    )
    assert [f.rule.id for f in decide(policy, answers()).fired] == ["first"]


def test_fired_rules_come_in_policy_order_across_files(write_policy) -> None:
    root = write_policy(
        {
            "a_questions.yaml": QUESTIONS,
            "b_fields.yaml": FIELDS,
            "c_later.yaml": "rules:\n  - {id: tone-rule, when: {field: send, is: true}, then: {tone: urgent}, because: a}\n",
            "d_send.yaml": "rules:\n  - {id: send-rule, then: {send: true}, because: b}\n",
        }
    )
    decision = decide(load_policy(root), answers())
    assert [f.rule.id for f in decision.fired] == ["tone-rule", "send-rule"]
    assert decision.fired[1].rule.loc.path.endswith("d_send.yaml")


# ---- determinism and completeness ------------------------------------------------------------

MIXED_RULES = """
rules:
  - {id: a, when: {severity: major}, then: {send: true, actions: [third_item, first_item]}, because: a}
  - {id: b, when: {products: {includes: logs}}, then: {actions: [second_item], tone: urgent}, because: b}
  - {id: c, then: {send: false, messages: {status_page: {timing: now, owner: lead}}}, because: c}
"""


def test_the_same_answers_give_an_equal_decision(write_policy) -> None:
    policy = policy_of(write_policy, MIXED_RULES)
    given = answers(severity="major", products=["logs", "flags"])
    assert decide(policy, given) == decide(policy, given)


def test_the_order_of_the_answers_does_not_matter(write_policy) -> None:
    policy = policy_of(write_policy, MIXED_RULES)
    given = answers(severity="major", security=True, attacker=False, products=["logs"])
    reversed_order = dict(reversed(list(given.items())))
    assert decide(policy, reversed_order) == decide(policy, given)


def test_a_required_field_no_rule_decides_is_listed_as_undecided(write_policy) -> None:
    policy = policy_of(write_policy, "rules:\n  - {id: r, when: {severity: major}, then: {send: true}, because: a}\n")
    undecided = decide(policy, answers())
    assert undecided.values["send"] is None
    assert undecided.undecided == ("send",)
    assert decide(policy, answers(severity="major")).undecided == ()


def test_an_optional_field_left_undecided_is_not_listed(write_policy) -> None:
    policy = policy_of(write_policy, "rules:\n  - {id: r, then: {send: true}, because: a}\n")
    decision = decide(policy, answers())
    assert decision.values["tone"] is None
    assert decision.undecided == ()


def test_holds_evaluates_a_condition_over_decided_fields(write_policy) -> None:
    policy = policy_of(write_policy, MIXED_RULES)
    sends = FieldIn("send", frozenset([True]))
    assert holds(policy, answers(severity="major"), sends)
    assert not holds(policy, answers(), sends)
