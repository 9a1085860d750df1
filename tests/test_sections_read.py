"""A command reads the sections it uses; `comms lint` reads them all.

`comms assess` parses only the files that hold deciding sections (policy, questions,
facts, fields, rules), so a broken policy test or draft does not stop an assessment,
while `comms lint` still finds it. Which sections a file holds is read from its
column-0 lines; whenever that is unsure, the file is parsed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.errors import CommsError
from incident_comms.policy.load import DECIDING, _holds_only_others, default_rules_dir, load_policy
from incident_comms.policy.sections import NAMES

ANSWERS = Path(__file__).parent / "checklist" / "cases" / "minor.yaml"
OTHERS = frozenset(NAMES) - DECIDING


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the default policy, to break."""
    return Path(shutil.copytree(default_rules_dir(), tmp_path / "rules"))


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_assess_decides_although_the_policy_tests_do_not_parse(rules: Path) -> None:
    before = run("assess", "--rules", str(default_rules_dir()), "--answers", str(ANSWERS), "--format", "json")
    with (rules / "tests.yaml").open("a", encoding="utf-8") as tests:
        tests.write("  - name: [unclosed\n")
    code, out, err = run("assess", "--rules", str(rules), "--answers", str(ANSWERS), "--format", "json")
    assert code == 0, err
    decided = {k: v for k, v in json.loads(out).items() if k != "policy"}
    assert decided == {k: v for k, v in json.loads(before[1]).items() if k != "policy"}
    lint_code, lint_out, _ = run("lint", str(rules))
    assert lint_code == 1 and "tests.yaml" in lint_out and "syntax" in lint_out


def test_the_record_hashes_every_file_even_those_not_parsed(rules: Path) -> None:
    original = json.loads(run("assess", "--rules", str(rules), "--answers", str(ANSWERS), "--format", "json")[1])
    (rules / "tests.yaml").write_text((rules / "tests.yaml").read_text(encoding="utf-8") + "# edited\n",
                                      encoding="utf-8")
    edited = json.loads(run("assess", "--rules", str(rules), "--answers", str(ANSWERS), "--format", "json")[1])
    assert edited["policy"]["sha256"] != original["policy"]["sha256"]
    assert edited["policy"]["sha256"] == load_policy(rules).sha256


def test_checklist_needs_its_section_but_not_the_drafts(rules: Path) -> None:
    (rules / "drafts.yaml").write_text("drafts:\n  - id: [broken\n", encoding="utf-8")
    code, out, err = run("checklist", "--rules", str(rules))
    assert code == 0, err
    assert out.strip()
    (rules / "checklist.yaml").write_text("checklist:\n  - id: [broken\n", encoding="utf-8")
    code, _, err = run("checklist", "--rules", str(rules))
    assert code == 2 and "checklist.yaml" in err


def test_a_file_that_mixes_rules_and_tests_is_parsed_by_assess(rules: Path) -> None:
    text = (rules / "tests.yaml").read_text(encoding="utf-8")
    (rules / "tests.yaml").write_text(text + "rules:\n  - id: [broken\n", encoding="utf-8")
    code, _, err = run("assess", "--rules", str(rules), "--answers", str(ANSWERS), "--format", "json")
    assert code == 2 and "tests.yaml" in err


def test_a_misspelt_section_is_parsed_and_refused(rules: Path) -> None:
    (rules / "extra.yaml").write_text("tset:\n  - name: x\n", encoding="utf-8")
    with pytest.raises(CommsError, match="tset"):
        load_policy(rules, sections=())


def test_a_section_a_command_did_not_load_is_a_bug_not_an_empty_section() -> None:
    policy = load_policy(default_rules_dir(), sections=())
    assert policy.tests == () and policy.invariants == ()
    with pytest.raises(KeyError):
        policy.entries("checklist")


@pytest.mark.parametrize("text", [
    "tests:\n  - name: a\n",
    "# a comment at column 0\ntests:\n  - name: a\ninvariants:   # trailing comment\n  - id: b\n",
    "tests:\r\n  - name: a\r\n",
])
def test_files_holding_only_other_sections_are_skipped(text: str) -> None:
    assert _holds_only_others(text, DECIDING)


@pytest.mark.parametrize("text", [
    "{tests: [], rules: []}\n",  # flow style: unsure
    "---\ntests: []\n",  # a document marker
    '"tests":\n  - name: a\n',  # a quoted key
    "tests: []\n",  # a value on the key's line
    "? tests\n: []\n",  # an explicit key
    "tests:\n- name: a\n",  # a sequence at column 0
    "  tests:\n    - name: a\n",  # an indented top level: no column-0 key at all
    "",  # empty
    "tests:\n  - name: a\nrules:\n  - id: r\n",  # a deciding section too
    "tests:\n\t- name: a\n",  # a tab at column 0
])
def test_anything_unsure_is_parsed(text: str) -> None:
    assert not _holds_only_others(text, DECIDING)


def test_a_quoted_line_that_looks_like_a_key_never_hides_a_deciding_section() -> None:
    text = 'tests:\n  - name: "a long\nrules:\n  name"\n'
    assert not _holds_only_others(text, DECIDING)


_keys = st.sampled_from(sorted(NAMES) + ["notes", "x-y"])
_scalars = st.one_of(st.text(alphabet="ab: #'\"\n-{}[],", max_size=12), st.integers(), st.booleans(), st.none())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(alphabet="abc: #\n", min_size=1, max_size=6), inner, max_size=3), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _values, min_size=1, max_size=4), st.sampled_from([False, True, None]),
       st.booleans(), st.integers(min_value=0, max_value=4))
def test_a_skipped_file_never_holds_a_deciding_section(doc: dict, flow: bool | None, start: bool,
                                                        indent: int) -> None:
    """Whatever layout PyYAML writes, a file said to hold only other sections really does."""
    text = yaml.safe_dump(doc, default_flow_style=flow, explicit_start=start, indent=indent or None, width=20)
    if _holds_only_others(text, DECIDING):
        assert set(yaml.safe_load(text)) <= OTHERS
