"""Startup time of `comms`, cold, as ratios against `python -c "import typer, yaml"`.

Run:  python bench/startup.py [--runs N]   (with the interpreter comms is installed in)

Each round runs the floor (the same interpreter importing typer and yaml) and then
every command once, so that machine load hits all of them alike; the figures are
medians over the rounds, and the ratios (to the floor of the same run) are what we
report. The spread beside each figure (its first and third quartiles) says how much
to trust one run: on a shared machine a command's time can swing by a third from one
round to the next. Budgets (issue 9, "Trust"):

- ``comms --help`` and ``comms assess --answers F --format json``: at most 1.3x;
- ``comms lint rules/`` and ``comms checklist`` (stdout to a pipe, stdin not a
  terminal): at most 1.6x;
- ``comms assess`` in a pseudo-terminal: its first question on screen within 250 ms.
  Beside it, the same question in a bare ``questionary.select`` after ``import typer,
  yaml`` (no policy, no comms): the part of that wait which is not comms's own.

Every run is cold: comms keeps no results between runs (there is no cache).

An installed comms runs from bytecode (``pip install`` compiles it), so every run
here does too, even when PYTHONDONTWRITEBYTECODE is set in the calling shell: that
variable is unset, the bytecode goes to a fresh PYTHONPYCACHEPREFIX folder, and one
warm-up run of each command fills it before anything is timed.

A command that is still a stub ("not available yet") is skipped, and said so.
Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_PROMPT_BUDGET_MS = 250.0
FLOOR = [sys.executable, "-c", "import typer, yaml"]
BYTECODE_DIR = tempfile.mkdtemp(prefix="comms-bench-pyc-")
ANSWERS = REPO / "tests" / "checklist" / "cases" / "minor.yaml"


def comms_command() -> list[str]:
    """The installed `comms` script beside this interpreter, else `python -m incident_comms`."""
    script = Path(sys.executable).parent / "comms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "incident_comms"]


def piped_commands() -> dict[str, tuple[list[str], float]]:
    """Each timed command with its budget (a ratio to the floor)."""
    comms = comms_command()
    return {
        "comms --help": ([*comms, "--help"], 1.3),
        "comms assess --answers F -f json": ([*comms, "assess", "--answers", str(ANSWERS), "--format", "json"], 1.3),
        "comms lint rules/": ([*comms, "lint", str(REPO / "rules")], 1.6),
        "comms checklist": ([*comms, "checklist"], 1.6),
    }


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment, with bytecode written and read as an installed comms would."""
    dropped = ("COMMS_RULES", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(NO_COLOR="1", PYTHONPYCACHEPREFIX=BYTECODE_DIR, **(extra or {}))
    return env


def run_once(argv: list[str], extra: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Seconds one run takes, stdin closed and stdout to a pipe (not a terminal)."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=environment(extra), check=False
    )
    return time.perf_counter() - start, done


def is_stub(argv: list[str]) -> bool:
    """True for a command that is still a stub; the run also warms the bytecode."""
    _, done = run_once(argv)
    return "not available yet" in done.stderr


@functools.cache
def first_question() -> str:
    """The first question of the default policy, as `comms assess` shows it (read once a run)."""
    sys.path.insert(0, str(REPO))
    from incident_comms.policy.load import default_rules_dir, load_policy

    return load_policy(default_rules_dir()).questions[0].prompt


def bare_prompt() -> list[str]:
    """The same question in a bare questionary.select, after importing typer and yaml: what
    any typer and questionary program waits for before its first question, with no policy."""
    script = ("import typer, yaml, questionary, sys; "
              "questionary.select(sys.argv[1], choices=['a', 'b']).ask()")
    return [sys.executable, "-c", script, first_question()]


def first_prompt_seconds(argv: list[str] | None = None) -> float:
    """Seconds from starting `argv` (`comms assess`) in a pty to its first question on screen."""
    import pexpect

    first = first_question()
    argv = argv or [*comms_command(), "assess"]
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=environment(), dimensions=(50, 200), encoding="utf-8", timeout=10)
    child.expect_exact(first)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def measure(runs: int) -> tuple[list[float], dict[str, list[float]], list[float], list[float], list[str]]:
    """Floor times, each command's times, first-prompt times (comms, bare), and the commands skipped."""
    commands = piped_commands()
    skipped = [name for name, (argv, _) in commands.items() if is_stub(argv)]
    for name in skipped:
        del commands[name]
    run_once(FLOOR)  # warm-up: compile typer and yaml into the bytecode folder
    first_prompt_seconds()
    first_prompt_seconds(bare_prompt())
    floor: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in commands}
    prompts: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        floor.append(run_once(FLOOR)[0])
        for name, (argv, _) in commands.items():
            times[name].append(run_once(argv)[0])
        prompts.append(first_prompt_seconds())
        bare.append(first_prompt_seconds(bare_prompt()))
    return floor, times, prompts, bare, skipped


def report(floor: list[float], times: dict[str, list[float]], prompts: list[float], bare: list[float],
           skipped: list[str]) -> bool:
    """Print the figures; True when every one is within budget."""
    base = statistics.median(floor)
    print(f"bytecode on (as installed): PYTHONDONTWRITEBYTECODE unset, PYTHONPYCACHEPREFIX={BYTECODE_DIR}, "
          "one warm-up run each")
    print(f"floor  python -c 'import typer, yaml': {base * 1000:6.1f} ms {_spread(floor)} (median of {len(floor)})")
    ok = True
    budgets = {name: budget for name, (_, budget) in piped_commands().items()}
    for name, samples in times.items():
        ratio = statistics.median(samples) / base
        ok &= ratio <= budgets[name]
        verdict = "ok" if ratio <= budgets[name] else "OVER"
        print(f"{name:34} {statistics.median(samples) * 1000:6.1f} ms {_spread(samples)}  ratio {ratio:4.2f}  "
              f"(budget {budgets[name]})  {verdict}")
    prompt_ms = statistics.median(prompts) * 1000
    ok &= prompt_ms <= FIRST_PROMPT_BUDGET_MS
    verdict = "ok" if prompt_ms <= FIRST_PROMPT_BUDGET_MS else "OVER"
    print(f"{'comms assess: first prompt':34} {prompt_ms:6.1f} ms {_spread(prompts)}  ratio {prompt_ms / 1000 / base:4.2f}  "
          f"(budget {FIRST_PROMPT_BUDGET_MS:.0f} ms)  {verdict}")
    print(f"{'  a bare questionary.select':34} {statistics.median(bare) * 1000:6.1f} ms {_spread(bare)}  "
          "(after import typer, yaml; no policy: the part that is not comms's)")
    for name in skipped:
        print(f"{name:34} skipped: still a stub (not available yet)")
    return ok


def _spread(samples: list[float]) -> str:
    """The first and third quartiles, in ms: ``[231-262]``."""
    if len(samples) < 2:
        return ""
    low, _, high = statistics.quantiles(samples, n=4)
    return f"[{low * 1000:.0f}-{high * 1000:.0f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds to take the medians over (default 15)")
    args = parser.parse_args()
    try:
        return 0 if report(*measure(args.runs)) else 1
    finally:
        shutil.rmtree(BYTECODE_DIR, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
