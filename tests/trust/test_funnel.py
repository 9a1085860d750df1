"""One error funnel: every way a run can end has one line at most and a documented exit code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from incident_comms import engine
from incident_comms.cli import app, guarded

from .support import ANSWERS, COMMS, REPO, comms, one_error_line, shell

BROKEN = REPO / "tests" / "lint" / "fixtures" / "snapshot" / "broken"


def test_an_unexpected_exception_is_one_line_asking_for_a_report_and_exits_3(monkeypatch) -> None:
    def crash(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(engine, "decide", crash)
    result = CliRunner().invoke(app, ["assess", "--answers", str(ANSWERS)])
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert "ZeroDivisionError" in line and "please report this" in line


def test_even_memory_and_recursion_errors_exit_3_not_1(capsys) -> None:
    for error in (MemoryError(), RecursionError("maximum recursion depth exceeded")):
        def boom(error=error):
            raise error
        assert guarded(boom) == 3
        assert "please report this" in one_error_line(capsys.readouterr().err)


def test_an_internal_error_line_shows_only_an_excerpt_of_a_huge_message(capsys) -> None:
    def boom():
        raise ValueError("x" * 100_000 + "\n\x1b[2J")

    assert guarded(boom) == 3
    line = one_error_line(capsys.readouterr().err)
    assert len(line) < 400 and "\x1b" not in line


@pytest.mark.parametrize(
    "args",
    [("lint", "--bogus"), ("assess", "--format"), ("nosuch",), ("checklist", "--started"), ("lint", "-f")],
)
def test_usage_errors_are_one_line_and_exit_2(args) -> None:
    done = comms(*args)
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert "--help" in line and done.stdout == ""


def test_empty_rules_option_is_an_error_not_the_bundled_policy() -> None:
    for command in (["lint", "--format", "concise"], ["checklist"], ["assess", "--answers", str(ANSWERS)]):
        done = comms(*command, "") if command[0] == "lint" else comms(*command, "--rules", "")
        assert done.returncode == 2, done
        assert "empty" in one_error_line(done.stderr)


def test_closed_stdout_is_an_error_not_silence() -> None:
    done = shell("comms checklist >&-")
    assert done.returncode == 2
    assert "standard output is closed" in one_error_line(done.stderr)


@pytest.fixture
def non_ascii_rules(tmp_path):
    """The default policy with non-ASCII reasons and checklist text (it has none of its own)."""
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("Incident comms", "Incident comms — ✓ 😀"), "utf-8")
    return folder


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"}])
def test_an_ascii_stdout_gets_escapes_not_a_traceback(env, non_ascii_rules) -> None:
    args = ("assess", "--rules", str(non_ascii_rules), "--answers", str(ANSWERS))
    utf8 = comms(*args, "--format", "json")
    assert "😀" in utf8.stdout
    ascii_run = comms(*args, "--format", "json", env=env)
    assert ascii_run.returncode == 0 and ascii_run.stderr == ""
    assert ascii_run.stdout.isascii() and json.loads(ascii_run.stdout) == json.loads(utf8.stdout)
    for command in (args, ("checklist", "--rules", str(non_ascii_rules))):
        text = comms(*command, env=env)
        assert text.returncode == 0 and text.stderr == "" and "\\u2014" in text.stdout


def test_columns_zero_still_prints_the_decision() -> None:
    done = comms("assess", "--answers", str(ANSWERS), env={"COLUMNS": "0"})
    assert done.returncode == 0 and "Status page only" in done.stdout


def test_a_broken_pipe_keeps_the_findings_exit_code() -> None:
    done = shell(f"comms lint --format concise {BROKEN} | true")
    assert done.returncode == 1 and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_a_broken_pipe_on_a_clean_run_exits_0_quietly() -> None:
    done = shell("comms checklist | head -c 10 >/dev/null")
    assert done.returncode == 0 and done.stderr == ""
    done = shell("comms lint rules | head -c 1 >/dev/null")
    assert done.returncode == 0 and done.stderr == ""


SIGTERM_DURING_WRITE = textwrap.dedent("""
    import os, signal, sys
    real_fsync = os.fsync
    def fsync_then_terminated(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)
    os.fsync = fsync_then_terminated
    sys.argv = ["comms", *sys.argv[1:]]
    from incident_comms.cli import main
    main()
""")


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path) -> None:
    target = tmp_path / "record.json"
    done = subprocess.run(
        [sys.executable, "-c", SIGTERM_DURING_WRITE, "assess", "--answers", str(ANSWERS), "--output", str(target)],
        capture_output=True, text=True, cwd=REPO, check=False, timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 143, done.stderr
    assert done.stderr.strip() == "comms: terminated; nothing was saved"
    assert list(tmp_path.iterdir()) == []


def test_no_command_module_imports_the_cli() -> None:
    for path in (REPO / "incident_comms").rglob("*.py"):
        if path.name in ("cli.py", "__main__.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "from ..cli import" not in text and "from .cli import" not in text, path


def test_the_module_entry_point_runs_main() -> None:
    done = subprocess.run([*COMMS, "--version"], capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0 and done.stdout.startswith("comms ")


def test_every_help_that_lists_exit_codes_lists_3_for_an_internal_error() -> None:
    import importlib

    for path in sorted((REPO / "incident_comms" / "commands").glob("*.py")):
        if path.name == "__init__.py":
            continue
        doc = importlib.import_module(f"incident_comms.commands.{path.stem}").__doc__ or ""
        if "Exit codes" in doc:
            assert re.search(r"\b3 (an )?internal error", " ".join(doc.split())), path.name
