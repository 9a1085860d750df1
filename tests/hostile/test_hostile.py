"""Hostile rule and answers files: each gives exit 2 and one `comms: error:` line naming the file.

The corpus is in ``corpus/`` (one small file per case); cases too big to keep in git
(a file over the size limit, 300,000 tiny nodes) are generated here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from incident_comms.cli import app
from incident_comms.errors import ExitCode

CORPUS = Path(__file__).parent / "corpus"
ANY_LINE_COL = r":\d+:\d+"

# file: (location after the path as a rule file, as an answers file, words the answers error says)
CASES: dict[str, tuple[str, str, str]] = {
    "empty.yaml": (":1:1", ":1:1", "empty answers file"),
    "comments_only.yaml": (":1:1", ":1:1", "empty answers file"),
    "binary_nul.yaml": (":2:10", ":2:10", "binary file"),
    "non_utf8_latin1.yaml": (":2:12", ":2:12", "not valid UTF-8"),
    "control_character.yaml": (":1:13", ":1:13", "control character U+0007"),
    "raw_escape_in_value.yaml": (":1:17", ":1:17", "control character U+001B"),
    "syntax_error.yaml": (":3:1", ":3:1", "YAML syntax error"),
    "tab_indent.yaml": (":2:1", ":2:1", "tab characters"),
    "duplicate_keys.yaml": (":3:1", ":3:1", "duplicate key 'severity' (first defined at line 1)"),
    "top_level_scalar.yaml": (":1:1", ":1:1", "must be a mapping"),
    "top_level_list.yaml": (":1:1", ":1:1", "must be a mapping"),
    "python_tag.yaml": (":1:11", ":1:11", "'!!python/object/apply:os.system' is not allowed"),
    "python_name_tag.yaml": (":1:11", ":1:11", "'!!python/name:os.system' is not allowed"),
    "alias_bomb.yaml": (":1:4", ":1:4", "anchors (&a) are not allowed"),
    "deep_nesting_block.yaml": (":1:129", ":1:129", "nesting is deeper than 64 levels"),
    "deep_nesting_flow.yaml": (ANY_LINE_COL, ANY_LINE_COL, "nesting"),
    "huge_int.yaml": (":1:11", ":1:11", "number is too large"),
    "two_documents.yaml": (":2:1", ":2:1", "only one YAML document"),
    "unknown_keys.yaml": (":1:1", ":1:" + r"\d+", "unknown question 'bogus_section'"),
    "escape_in_value.yaml": (":1:1", ":1:11", r"'evil \x1b]0;pwned\x07 [bold red]x[/]' is not an answer"),
    "escape_in_key.yaml": (":1:1", ":1:" + r"\d+", r"unknown question 'q\x1b[31mred'"),
}


def generated(tmp_path: Path) -> dict[str, Path]:
    """The big cases, written on demand."""
    too_large = tmp_path / "too_large.yaml"
    too_large.write_text("# padding\n" * 120_000, encoding="utf-8")
    many_nodes = tmp_path / "many_nodes.yaml"
    many_nodes.write_text("[" + "0," * 300_000 + "0]\n", encoding="utf-8")
    return {"too_large": too_large, "many_nodes": many_nodes}


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={"COMMS_RULES": None, "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr + result.stdout
    return result


def one_error_line(result: Any) -> str:
    assert result.exit_code == ExitCode.BAD_INPUT
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("comms: error: ")
    return lines[0]


def assert_names(line: str, path: Path | str, where: str) -> None:
    pattern = "comms: error: " + re.escape(str(path)) + where + ": "
    assert re.match(pattern, line), f"{line!r} does not start with {pattern!r}"


def as_rules(tmp_path: Path, source: Path) -> tuple[Any, Path]:
    folder = tmp_path / "policy"
    folder.mkdir()
    target = folder / "rules.yaml"
    shutil.copyfile(source, target)
    return run("assess", "--rules", str(folder), "--no-input"), target


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_rule_file_gives_one_located_error(tmp_path: Path, name: str) -> None:
    result, target = as_rules(tmp_path, CORPUS / name)
    assert_names(one_error_line(result), target, CASES[name][0])
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_answers_file_gives_one_located_error(name: str) -> None:
    path = CORPUS / name
    line = one_error_line(run("assess", "--answers", str(path), "--no-input"))
    assert_names(line, path, CASES[name][1])
    assert CASES[name][2] in line


def test_every_corpus_file_has_a_case() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(CASES)


def test_python_tags_are_never_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("assess", "--answers", str(CORPUS / "python_tag.yaml"), "--no-input")
    as_rules(tmp_path, CORPUS / "python_tag.yaml")
    assert not (tmp_path / "PWNED").exists()


def test_escape_sequences_in_errors_are_printed_escaped() -> None:
    line = one_error_line(run("assess", "--answers", str(CORPUS / "escape_in_value.yaml"), "--no-input"))
    assert "\x1b" not in line and "\x07" not in line
    key_line = one_error_line(run("assess", "--answers", str(CORPUS / "escape_in_key.yaml"), "--no-input"))
    assert "\x1b" not in key_line


@pytest.mark.parametrize(("case", "words"), [("too_large", "file is too large"), ("many_nodes", "more than 200000")])
def test_big_files_are_refused_as_answers(tmp_path: Path, case: str, words: str) -> None:
    path = generated(tmp_path)[case]
    line = one_error_line(run("assess", "--answers", str(path), "--no-input"))
    assert_names(line, path, "" if case == "too_large" else ANY_LINE_COL)
    assert words in line


@pytest.mark.parametrize("case", ["too_large", "many_nodes"])
def test_big_files_are_refused_as_rules(tmp_path: Path, case: str) -> None:
    result, target = as_rules(tmp_path, generated(tmp_path)[case])
    assert_names(one_error_line(result), target, "" if case == "too_large" else ANY_LINE_COL)


def test_a_missing_answers_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    line = one_error_line(run("assess", "--answers", str(missing), "--no-input"))
    assert line == f"comms: error: {missing}: no such file"


def test_an_answers_path_that_is_a_folder(tmp_path: Path) -> None:
    line = one_error_line(run("assess", "--answers", str(tmp_path), "--no-input"))
    assert line == f"comms: error: {tmp_path}: is a directory, not a file"


def test_a_missing_rules_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    line = one_error_line(run("assess", "--rules", str(missing), "--no-input"))
    assert line == f"comms: error: {missing}: no such folder"


def test_a_rules_folder_without_rule_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not rules", encoding="utf-8")
    line = one_error_line(run("assess", "--rules", str(tmp_path), "--no-input"))
    assert line == f"comms: error: {tmp_path}: no rule files (*.yaml) in this folder"


def test_a_rules_path_that_is_a_file(tmp_path: Path) -> None:
    line = one_error_line(run("assess", "--rules", str(CORPUS / "empty.yaml"), "--no-input"))
    assert_names(line, CORPUS / "empty.yaml", "")


def _lint_is_a_stub() -> bool:
    return "not available yet" in CliRunner().invoke(app, ["lint", str(CORPUS)]).stderr


@pytest.mark.skipif(_lint_is_a_stub(), reason="comms lint is not built yet")
@pytest.mark.parametrize("name", sorted(CASES))
def test_lint_reports_a_hostile_rule_file_without_a_traceback(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "policy"
    folder.mkdir()
    shutil.copyfile(CORPUS / name, folder / "rules.yaml")
    result = run("lint", str(folder))
    shown = result.stdout + result.stderr
    assert result.exit_code in (ExitCode.FINDINGS, ExitCode.BAD_INPUT)
    assert str(folder / "rules.yaml") in shown
    where = CASES[name][0].lstrip(":")
    if where != ANY_LINE_COL.lstrip(":"):
        assert re.search(rf"\b{where}\b", shown), shown
    assert "\x1b" not in shown


def test_a_container_tag_on_a_plain_value_is_refused(tmp_path: Path) -> None:
    from incident_comms.errors import CommsError
    from incident_comms.yamlsafe import loads

    for tag in ("!!map", "!!seq"):
        try:
            loads(f"severity: {tag} major\n", "a.yaml")
        except CommsError as exc:
            assert str(exc).startswith("a.yaml:1:11: the tag") and "plain value" in str(exc)
        else:
            raise AssertionError(f"{tag} on a scalar was accepted")


def test_surrogate_pairs_are_joined_only_where_escapes_mean_something() -> None:
    from incident_comms.yamlsafe import loads

    assert loads('a: "x\\ud83d\\ude00y"\n', "a.yaml") == {"a": "x\U0001f600y"}
    assert loads("a: 'x\\ud83d\\ude00y'\n", "a.yaml") == {"a": "x\\ud83d\\ude00y"}
