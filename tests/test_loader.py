"""The policy loader: every problem with its check id, key path and file:line:column.

Hostile raw YAML (aliases, tags, binary, deep nesting) is covered in tests/hostile/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incident_comms.errors import CommsError, ExitCode
from incident_comms.policy.load import load_policy, read_policy

BASE = """\
questions:
  - {id: severity, prompt: How bad?, kind: single, choices: [minor, major, critical]}
  - {id: security, prompt: Security?, kind: yes_no}
  - {id: products, prompt: Which products?, kind: multiple, choices: [flags, replay]}
fields:
  send: {type: bool, required: true}
  tone: {type: enum, values: [calm, urgent]}
  actions: {type: set, values: [align, brief]}
  messages:
    type: records
    key: channel
    values: [status_page, email]
    attributes: {timing: [now, hold]}
facts:
  - {id: serious, when: {severity: {in: [major, critical]}}}
"""


def problems(write_policy, files: dict[str, str]) -> list[str]:
    """Every problem as 'file:line:column check: message', file names without folders."""
    root = write_policy(files)
    _, found = read_policy(root)
    return [f"{Path(p.loc.path).name}:{p.loc.line}:{p.loc.column} {p.check}: {p.message}" for p in found]


def located(text: str, token: str, file: str = "b.yaml") -> str:
    """Where `token` first appears in `text`, as 'file:line:column' (1-based)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if token in line:
            return f"{file}:{number}:{line.index(token) + 1}"
    raise AssertionError(f"{token!r} is not in the text")


def rule_problems(write_policy, rules: str) -> list[str]:
    """Problems of a `b.yaml` that holds `rules` beside the valid BASE in `a.yaml`."""
    return problems(write_policy, {"a.yaml": BASE, "b.yaml": rules})


def test_the_base_policy_of_these_tests_is_clean(write_policy) -> None:
    assert rule_problems(write_policy, "rules:\n  - {id: r, then: {send: true}, because: x}\n") == []


# ---- keys ----------------------------------------------------------------------------


def test_a_misspelt_key_suggests_the_right_one(write_policy) -> None:
    found = rule_problems(
        write_policy,
        """\
rules:
  - id: r
    then: {send: true}
    because: x
    becuase: y
""",
    )
    assert found == ["b.yaml:5:5 unknown-key: rules[0]: unknown key 'becuase'; did you mean 'because'?"]


def test_an_unknown_key_with_no_close_match_lists_the_allowed_keys(write_policy) -> None:
    found = rule_problems(write_policy, "rules:\n  - {id: r, then: {send: true}, because: x, colour: red}\n")
    assert found == ["b.yaml:2:45 unknown-key: rules[0]: unknown key 'colour' (allowed: id, when, then, because)"]


def test_a_missing_required_key_is_reported_at_its_mapping(write_policy) -> None:
    found = rule_problems(write_policy, "rules:\n  - id: r\n    then: {send: true}\n")
    assert found == ["b.yaml:2:5 schema: rules[0]: missing required key 'because'"]


def test_a_question_without_an_id_is_reported(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "questions:\n  - {prompt: Who?, kind: yes_no}\n"})
    assert found == ["b.yaml:2:5 schema: questions[0]: missing required key 'id'"]


def test_an_unknown_section_is_reported_with_the_known_ones(write_policy) -> None:
    found = rule_problems(write_policy, "rulez: []\n")
    assert found == [
        "b.yaml:1:1 unknown-key: b.yaml: unknown key 'rulez'; did you mean 'rules'?",
    ]


# ---- references in conditions -------------------------------------------------------------


def test_an_unknown_question_in_a_condition_lists_the_known_questions(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {sevrity: major}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "sevrity")
        + " references: rules[0].when.sevrity: unknown question 'sevrity' (known: products, security, severity)"
    ]


def test_an_unknown_choice_names_the_allowed_values(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {severity: huge}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "huge") + " references: rules[0].when.severity: 'huge' is not an answer of 'severity' "
        "('minor', 'major', 'critical')"
    ]


def test_an_unknown_choice_inside_in_is_reported_where_it_is_written(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {severity: {in: [minor, huge]}}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "huge") + " references: rules[0].when.severity: 'huge' is not an answer of 'severity' "
        "('minor', 'major', 'critical')"
    ]


def test_a_yes_no_question_takes_true_or_false_not_text(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {security: 'yes'}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "'yes'")
        + " references: rules[0].when.security: 'yes' is not an answer of 'security' (true, false)"
    ]


def test_an_unknown_choice_of_a_several_choices_question_is_reported(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {products: {includes: logs}}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "logs")
        + " references: rules[0].when.products: 'logs' is not an answer of 'products' ('flags', 'replay')"
    ]


def test_a_several_choices_question_tested_with_equality_says_to_use_includes(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {products: flags}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "flags") + " schema: rules[0].when.products: 'products' takes several choices; "
        "write {products: {includes: VALUE}}"
    ]


def test_a_one_choice_question_tested_with_includes_says_to_use_in(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {severity: {includes: major}}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "{includes") + " schema: rules[0].when.severity: for 'severity' write a value or {in: ...}"
    ]


def test_an_unknown_fact_lists_the_known_facts(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {fact: grave}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [located(text, "grave") + " references: rules[0].when: unknown fact 'grave' (known: serious)"]


def test_an_unknown_field_in_a_condition_is_reported(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {field: sned, is: true}, then: {tone: calm}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "sned") + " references: rules[0].when: 'sned' is not a field that can be tested with 'is'"
    ]


def test_an_unknown_field_value_in_a_condition_names_the_allowed_values(write_policy) -> None:
    text = "rules:\n  - {id: r, when: {field: tone, is: loud}, then: {send: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "tone") + " references: rules[0].when.is: 'loud' is not a value of 'tone' ('calm', 'urgent')"
    ]


def test_a_fact_cannot_test_a_decided_field(write_policy) -> None:
    text = "facts:\n  - {id: sending, when: {field: send, is: true}}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "{field") + " schema: facts[0].when: facts and question conditions cannot test decided fields"
    ]


# ---- what rules decide ----------------------------------------------------------------------


def test_an_unknown_field_in_then_lists_the_known_fields(write_policy) -> None:
    text = "rules:\n  - {id: r, then: {sned: true}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "sned")
        + " references: rules[0].then: unknown field 'sned' (known: actions, messages, send, tone)"
    ]


def test_a_bool_field_set_to_text_is_a_type_error(write_policy) -> None:
    text = "rules:\n  - {id: r, then: {send: 'yes'}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [located(text, "'yes'") + " schema: rules[0].then.send: expected true or false, found str 'yes'"]


def test_an_unknown_set_item_lists_the_known_items(write_policy) -> None:
    text = "rules:\n  - {id: r, then: {actions: [align, party]}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "[align") + " references: rules[0].then.actions: unknown item 'party' (known: align, brief)"
    ]


def test_a_record_with_an_unknown_attribute_value_lists_the_allowed_ones(write_policy) -> None:
    text = "rules:\n  - {id: r, then: {messages: {email: {timing: later}}}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "later") + " references: rules[0].then.messages.email.timing: 'later' is not one of now, hold"
    ]


def test_a_record_for_an_unknown_key_lists_the_known_keys(write_policy) -> None:
    text = "rules:\n  - {id: r, then: {messages: {fax: none}}, because: x}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "fax")
        + " references: rules[0].then.messages.fax: unknown channel 'fax' (known: email, status_page)"
    ]


def test_an_empty_because_is_refused(write_policy) -> None:
    found = rule_problems(write_policy, "rules:\n  - {id: r, then: {send: true}, because: ' '}\n")
    assert found == ["b.yaml:2:5 schema: rules[0].because: every rule says why (cite the handbook)"]


# ---- ids ------------------------------------------------------------------------------------------


def test_a_duplicate_rule_id_across_files_names_the_first_location(write_policy) -> None:
    root_files = {
        "a.yaml": BASE + "rules:\n  - {id: same, then: {send: true}, because: x}\n",
        "b.yaml": "rules:\n  - {id: same, then: {send: false}, because: y}\n",
    }
    found = problems(write_policy, root_files)
    assert len(found) == 1
    assert found[0].startswith("b.yaml:2:5 duplicate-id: duplicate rule id 'same' (first at ")
    assert found[0].endswith("a.yaml:17:5)")


def test_a_duplicate_question_id_across_files_names_the_first_location(write_policy) -> None:
    found = problems(
        write_policy, {"a.yaml": BASE, "b.yaml": "questions:\n  - {id: security, prompt: Again?, kind: yes_no}\n"}
    )
    assert len(found) == 1
    assert found[0].startswith("b.yaml:2:5 duplicate-id: duplicate question id 'security' (first at ")
    assert found[0].endswith("a.yaml:3:5)")


def test_an_id_that_is_not_lowercase_is_refused(write_policy) -> None:
    found = rule_problems(write_policy, "rules:\n  - {id: Send Now, then: {send: true}, because: x}\n")
    assert found == ["b.yaml:2:10 schema: rules[0].id: 'Send Now' is not an id (lowercase letters, digits, _ and -)"]


def test_a_question_id_that_is_a_reserved_word_is_refused(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "questions:\n  - {id: not, prompt: P, kind: yes_no}\n"})
    assert found == ["b.yaml:2:5 schema: questions[0].id: 'not' is a reserved word of the condition language"]


# ---- questions ---------------------------------------------------------------------------------------


def test_ask_when_may_not_depend_on_a_later_question(write_policy) -> None:
    found = problems(
        write_policy,
        {
            "a.yaml": """\
questions:
  - {id: early, prompt: E, kind: yes_no, ask_when: {late: true}}
  - {id: late, prompt: L, kind: yes_no}
fields:
  send: {type: bool}
"""
        },
    )
    assert found == ["a.yaml:2:52 references: questions[0].ask_when: depends on late, not asked before it"]


def test_ask_when_may_not_depend_on_a_later_question_through_a_fact(write_policy) -> None:
    found = problems(
        write_policy,
        {
            "a.yaml": """\
questions:
  - {id: early, prompt: E, kind: yes_no, ask_when: {fact: late_yes}}
  - {id: late, prompt: L, kind: yes_no}
fields:
  send: {type: bool}
facts:
  - {id: late_yes, when: {late: true}}
"""
        },
    )
    assert found == ["a.yaml:2:52 references: questions[0].ask_when: depends on late, not asked before it"]


def test_ask_when_may_depend_on_an_earlier_question_in_asking_order(write_policy) -> None:
    found = problems(
        write_policy,
        {
            "a.yaml": """\
questions:
  - {id: follow_up, prompt: F, kind: yes_no, ask_when: {first: true}, order: 2}
  - {id: first, prompt: L, kind: yes_no, order: 1}
fields:
  send: {type: bool}
"""
        },
    )
    assert found == []


def test_a_question_of_an_unknown_kind_lists_the_kinds(write_policy) -> None:
    text = "questions:\n  - {id: q, prompt: P, kind: maybe}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert found == [
        located(text, "maybe") + " schema: questions[0].kind: 'maybe' is not one of single, multiple, yes_no"
    ]


def test_wrong_types_in_a_question_are_reported_one_by_one(write_policy) -> None:
    text = "questions:\n  - {id: q, prompt: 5, kind: yes_no, order: soon, informational: 'yes'}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert found == [
        located(text, "soon") + " schema: questions[0].order: expected a whole number",
        located(text, "5,") + " schema: questions[0].prompt: expected text, found int 5",
        located(text, "'yes'") + " schema: questions[0].informational: expected true or false, found str 'yes'",
    ]


def test_a_default_outside_the_choices_is_reported(write_policy) -> None:
    text = "questions:\n  - {id: q, prompt: P, kind: single, choices: [a, b], default: c}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert found == [located(text, "c}") + " references: questions[0].default: 'c' is not an answer of this question"]


# ---- fields --------------------------------------------------------------------------------------------


def test_a_field_of_an_unknown_type_lists_the_types(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "fields:\n  other: {type: number}\n"})
    assert found == ["b.yaml:2:17 schema: fields.other.type: 'number' is not one of bool, enum, set, records"]


def test_a_field_flag_must_be_true_or_false(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "fields:\n  other: {type: bool, required: 'yes'}\n"})
    assert found == ["b.yaml:2:33 schema: fields.other.required: expected true or false, found str 'yes'"]


def test_fields_must_be_a_mapping(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "fields: [send]\n"})
    assert found == ["b.yaml:1:9 schema: fields: expected a mapping of field names to definitions"]


def test_a_duplicate_field_across_files_is_reported(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "fields:\n  send: {type: bool}\n"})
    assert len(found) == 1
    assert found[0].startswith("b.yaml:2:3 duplicate-id: duplicate field id 'send' (first at ")


LABELLED_RECORDS = """\
fields:
  plan:
    type: records
    key: channel
    values: [status_page, email]
    group_by: timing
    attributes:
      timing:
        - {value: now, label: Send now}
        - later
"""


def test_an_attribute_value_may_carry_a_label_and_falls_back_to_its_id(write_policy) -> None:
    policy = load_policy(write_policy({"a.yaml": BASE, "b.yaml": LABELLED_RECORDS}))
    spec = policy.fields["plan"]
    assert spec.attributes["timing"] == ("now", "later")
    assert spec.attribute_label("timing", "now") == "Send now"
    assert spec.attribute_label("timing", "later") == "later"
    assert spec.group_by == "timing"


def test_an_unlabelled_records_field_groups_nothing(write_policy) -> None:
    policy = load_policy(write_policy({"a.yaml": BASE}))
    assert policy.fields["messages"].group_by == ""
    assert policy.fields["messages"].attribute_label("timing", "hold") == "hold"


def test_group_by_must_name_an_attribute_of_the_field(write_policy) -> None:
    text = LABELLED_RECORDS.replace("group_by: timing", "group_by: owner")
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert found == [(f"{located(text, 'owner')} references: fields.plan.group_by: 'owner' is not an attribute "
                     "of this field (attributes: timing)")]


def test_group_by_belongs_to_records_fields_only(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "fields:\n  other: {type: bool, group_by: x}\n"})
    assert found == ["b.yaml:2:33 schema: fields.other.group_by: only a records field groups by an attribute"]


def test_a_labelled_attribute_value_with_an_unknown_key_is_reported(write_policy) -> None:
    text = LABELLED_RECORDS.replace("label: Send now", "lable: Send now")
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert found == [(f"{located(text, 'lable')} unknown-key: fields.plan.attributes.timing[0]: unknown key 'lable'; "
                     "did you mean 'label'?")]


def test_a_repeated_attribute_value_is_reported(write_policy) -> None:
    text = LABELLED_RECORDS.replace("        - later", "        - now")
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert len(found) == 1 and "duplicate-id: duplicate value id 'now'" in found[0]


# ---- cycles ---------------------------------------------------------------------------------------------


def test_facts_that_refer_to_each_other_are_a_cycle(write_policy) -> None:
    found = rule_problems(
        write_policy,
        """\
facts:
  - {id: hen, when: {fact: egg}}
  - {id: egg, when: {any: [{security: true}, {fact: hen}]}}
""",
    )
    assert found == ["b.yaml:2:5 cycles: facts refer to each other in a cycle: egg -> hen -> egg"] or found == [
        "b.yaml:2:5 cycles: facts refer to each other in a cycle: hen -> egg -> hen"
    ]


def test_fields_that_depend_on_each_other_are_a_cycle(write_policy) -> None:
    found = rule_problems(
        write_policy,
        """\
rules:
  - {id: tone-from-send, when: {field: send, is: true}, then: {tone: urgent}, because: x}
  - {id: send-from-tone, when: {field: tone, is: urgent}, then: {send: true}, because: x}
""",
    )
    assert len(found) == 1
    assert found[0].startswith("b.yaml:")
    assert " cycles: fields depend on each other in a cycle: " in found[0]
    assert found[0].endswith(("send -> tone -> send", "tone -> send -> tone"))


def test_a_field_that_depends_on_itself_is_a_cycle(write_policy) -> None:
    found = rule_problems(
        write_policy, "rules:\n  - {id: r, when: {field: send, is: false}, then: {send: true}, because: x}\n"
    )
    assert found == ["b.yaml:2:5 cycles: fields depend on each other in a cycle: send -> send"]


# ---- file shapes ---------------------------------------------------------------------------------------


def test_an_empty_file_is_reported(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": ""})
    assert found == [
        (
            "b.yaml:1:1 schema: empty file: expected a mapping with sections "
            "(policy, questions, facts, fields, rules, tests, invariants, checklist, drafts, recipients)"
        )
    ]


def test_a_top_level_list_is_reported(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": "- id: r\n"})
    assert found == [
        (
            "b.yaml:1:1 schema: the top level must be a mapping of sections "
            "(policy, questions, facts, fields, rules, tests, invariants, checklist, drafts, recipients), not a list"
        )
    ]


def test_a_section_that_is_not_a_list_is_reported(write_policy) -> None:
    found = rule_problems(write_policy, "rules: {id: r}\n")
    assert found == ["b.yaml:1:8 schema: rules: expected a list, found a mapping"]


def test_a_folder_without_rule_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a rule file")
    with pytest.raises(CommsError) as raised:
        load_policy(tmp_path)
    assert str(raised.value) == f"{tmp_path}: no rule files (*.yaml) in this folder"
    assert raised.value.exit_code == ExitCode.BAD_INPUT


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommsError) as raised:
        load_policy(tmp_path / "nowhere")
    assert str(raised.value) == f"{tmp_path / 'nowhere'}: no such folder"


def test_a_file_instead_of_a_folder_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules: []\n")
    with pytest.raises(CommsError, match="expected a folder of rule files"):
        load_policy(path)


# ---- load_policy --------------------------------------------------------------------------------------


def test_load_policy_raises_the_first_error_and_counts_the_rest(write_policy) -> None:
    root = write_policy(
        {
            "a.yaml": BASE,
            "b.yaml": """\
rules:
  - {id: r1, when: {sevrity: major}, then: {send: true}, because: x}
  - {id: r2, then: {sned: true}, because: x}
""",
        }
    )
    with pytest.raises(CommsError) as raised:
        load_policy(root)
    assert raised.value.location is not None
    assert (Path(raised.value.location.path).name, raised.value.location.line) == ("b.yaml", 2)
    assert raised.value.message.startswith("rules[0].when.sevrity: unknown question 'sevrity'")
    assert raised.value.message.endswith(f"(and 1 more; run `comms lint {root}`)")


def test_read_policy_keeps_going_after_the_first_problem(write_policy) -> None:
    found = rule_problems(
        write_policy,
        """\
rules:
  - {id: r1, when: {sevrity: major}, then: {send: true}, because: x}
  - {id: r2, then: {sned: true}, because: x}
  - {id: r3, then: {send: maybe}, because: x}
""",
    )
    assert [line.split(" ")[0] for line in found] == ["b.yaml:2:21", "b.yaml:3:21", "b.yaml:4:27"]


def test_files_apply_in_name_order_and_yml_counts(write_policy) -> None:
    root = write_policy(
        {
            "b.yaml": BASE,
            "c.yml": "rules:\n  - {id: second, then: {send: false}, because: x}\n",
            "a.yaml": "rules:\n  - {id: first, then: {send: true}, because: x}\n",
        }
    )
    policy = load_policy(root)
    assert [p.name for p in policy.files] == ["a.yaml", "b.yaml", "c.yml"]
    assert [r.id for r in policy.rules] == ["first", "second"]


def test_the_policy_digest_changes_with_any_file(write_policy) -> None:
    root = write_policy({"a.yaml": BASE, "b.yaml": "rules:\n  - {id: r, then: {send: true}, because: x}\n"})
    before = load_policy(root).sha256
    (root / "b.yaml").write_text("rules:\n  - {id: r, then: {send: false}, because: x}\n")
    assert load_policy(root).sha256 != before


# ---- tests section -----------------------------------------------------------------------------------


def test_a_test_expecting_an_unknown_field_is_reported(write_policy) -> None:
    text = "tests:\n  - {name: t, answers: {security: true}, expect: {sned: true}}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "sned")
        + " references: tests[0].expect: 'sned' is not a field or a records slot (like messages.email)"
    ]


def test_a_test_expecting_a_bad_record_is_reported(write_policy) -> None:
    text = "tests:\n  - {name: t, answers: {}, expect: {messages.email: {timing: later}}}\n"
    found = rule_problems(write_policy, text)
    assert found == [
        located(text, "later") + " references: tests[0].expect.messages.email.timing: 'later' is not one of now, hold"
    ]


def test_two_tests_with_one_name_are_reported(write_policy) -> None:
    found = rule_problems(
        write_policy,
        """\
tests:
  - {name: same, answers: {}, expect: {send: true}}
  - {name: same, answers: {}, expect: {send: false}}
""",
    )
    assert len(found) == 1
    assert found[0].startswith("b.yaml:3:5 duplicate-id: duplicate test id 'same' (first at ")


# ---- policy: name, version, settings ---------------------------------------------------

POLICY_META = """\
policy:
  name: Acme comms
  version: 3
  settings: {lead: Ada Lovelace}
"""


def test_the_policy_section_gives_name_version_and_settings(write_policy) -> None:
    policy = load_policy(write_policy({"a.yaml": BASE, "p.yaml": POLICY_META}))
    assert (policy.name, policy.version, policy.settings) == ("Acme comms", 3, {"lead": "Ada Lovelace"})


def test_a_policy_without_the_section_is_unnamed_and_unversioned(write_policy) -> None:
    policy = load_policy(write_policy({"a.yaml": BASE}))
    assert (policy.name, policy.version, policy.settings) == ("", None, {})


def test_settings_are_written_into_every_text_shown_to_people(write_policy) -> None:
    texts = """\
questions:
  - id: who
    prompt: Did {lead} agree?
    help: Ask {lead}.
    kind: single
    choices: [{value: yes_now, label: "{lead} agreed", help: "as {lead} said"}]
fields:
  send: {type: bool, description: "Sent by {lead}"}
  actions: {type: set, values: [{value: ask, label: "Ask {lead}."}]}
  messages:
    type: records
    key: channel
    values: [{value: email, label: "Email for {lead}"}]
    attributes: {owner: [{value: lead, label: "{lead}"}]}
facts:
  - {id: agreed, when: {who: yes_now}, description: "{lead} agreed"}
rules:
  - {id: r, then: {send: true}, because: "{lead} says so"}
invariants:
  - {id: i, require: {field: send, is: true}, because: "{lead} promised"}
"""
    policy = load_policy(write_policy({"a.yaml": texts, "p.yaml": POLICY_META}))
    question = policy.question("who")
    assert (question.prompt, question.help) == ("Did Ada Lovelace agree?", "Ask Ada Lovelace.")
    assert (question.choices[0].label, question.choices[0].help) == ("Ada Lovelace agreed", "as Ada Lovelace said")
    assert policy.fields["send"].description == "Sent by Ada Lovelace"
    assert policy.fields["actions"].labels["ask"] == "Ask Ada Lovelace."
    assert policy.fields["messages"].labels["email"] == "Email for Ada Lovelace"
    assert policy.fields["messages"].attribute_label("owner", "lead") == "Ada Lovelace"
    assert policy.facts["agreed"].description == "Ada Lovelace agreed"
    assert policy.rules[0].because == "Ada Lovelace says so"
    assert policy.invariants[0].because == "Ada Lovelace promised"


def test_an_unknown_setting_is_reported_where_it_is_written(write_policy) -> None:
    text = "rules:\n  - {id: r, then: {send: true}, because: 'Ask {leed}.'}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text, "p.yaml": POLICY_META})
    where = located(text, "'Ask {leed}")
    assert found == [f"{where} references: rules[0].because: unknown setting {{leed}} (known: lead)"]


@pytest.mark.parametrize(("meta", "message"), [
    ("policy:\n  version: true\n", "policy.version: expected a whole number or text such as 2, found true"),
    ("policy:\n  settings: [a]\n", "policy.settings: expected a mapping of names to text, found a list"),
    ("policy:\n  settings: {Lead: x}\n", "policy.settings.Lead: expected a lowercase name with text"),
    ("policy:\n  nmae: x\n", "policy: unknown key 'nmae'; did you mean 'name'?"),
])
def test_a_bad_policy_section_is_reported(write_policy, meta: str, message: str) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "p.yaml": meta})
    assert [f.split(": ", 1)[1] for f in found] == [message]


def test_a_second_policy_section_is_a_duplicate(write_policy) -> None:
    found = problems(write_policy, {"a.yaml": BASE, "p.yaml": POLICY_META, "q.yaml": "policy: {name: Other}\n"})
    assert len(found) == 1 and found[0].startswith("q.yaml:1:9 duplicate-id: policy: a second policy section")


# ---- questions: optional, replaces -------------------------------------------------------

REPLACING = """\
questions:
  - id: page
    prompt: Status page?
    kind: single
    choices: [current, stale, down]
    replaces: {id: page_ok, values: {true: current, false: stale}}
  - id: exposed
    prompt: Exposed?
    kind: single
    choices: [none, possible, confirmed]
    replaces: {values: {yes: confirmed, no: none, maybe: possible}}
"""


def test_replaces_names_the_old_id_and_maps_old_answers(write_policy) -> None:
    policy = load_policy(write_policy({"a.yaml": BASE, "b.yaml": REPLACING}))
    page, exposed = policy.question("page"), policy.question("exposed")
    assert page.replaces is not None and page.replaces.id == "page_ok"
    assert page.replaces.values == {True: "current", False: "stale"}
    assert exposed.replaces is not None and exposed.replaces.id == "exposed"  # same id, old answers
    assert exposed.replaces.values == {True: "confirmed", False: "none", "maybe": "possible"}
    assert policy.replacement_for("page_ok") is page and policy.replacement_for("exposed") is None
    assert exposed.replaces.answer_for(["a list"]) is None


@pytest.mark.parametrize(("replaces", "message"), [
    ("{id: severity}", "questions[0].replaces.id: 'severity' is a question of this policy"),
    ("{values: {true: huge}}", "questions[0].replaces.values.true: 'huge' is not an answer of this question"),
    ("{values: {down: stale}}", "questions[0].replaces.values.down: 'down' is still an answer of this question"),
    ("{}", "questions[0].replaces: say the old id, the old values, or both"),
    ("{idd: x}", "questions[0].replaces: unknown key 'idd'; did you mean 'id'?"),
    ("[page_ok]", "questions[0].replaces: expected a mapping, found a list"),
])
def test_a_bad_replaces_is_reported(write_policy, replaces: str, message: str) -> None:
    text = f"questions:\n  - {{id: page, prompt: P?, kind: single, choices: [current, stale, down], replaces: {replaces}}}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert [f.split(": ", 1)[1] for f in found] == [message]


def test_an_old_id_is_replaced_by_one_question_only(write_policy) -> None:
    text = REPLACING + "  - {id: page2, prompt: P?, kind: yes_no, replaces: {id: page_ok}}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert [f.split(": ", 1)[1] for f in found] == ["questions[2].replaces.id: 'page_ok' is already replaced by 'page'"]


def test_an_optional_question_needs_a_default(write_policy) -> None:
    text = "questions:\n  - {id: kind, prompt: K?, kind: single, choices: [a, b], optional: true}\n"
    found = problems(write_policy, {"a.yaml": BASE, "b.yaml": text})
    assert [f.split(": ", 1)[1] for f in found] == [
        "questions[0].optional: an optional question needs a default (its answer when left out)"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_byte_order_mark_is_allowed_and_error_columns_do_not_count_it(bom: bytes) -> None:
    from incident_comms.textfiles import decode

    assert decode(bom + "rules: [café]\n".encode(), "f.yaml") == "rules: [café]\n"
    with pytest.raises(CommsError) as caught:
        decode(bom + b"rules: [caf\xe9]\n", "f.yaml")
    assert caught.value.message == "not valid UTF-8 text"
    assert (caught.value.location.line, caught.value.location.column) == (1, 12)  # an editor does not show the mark
