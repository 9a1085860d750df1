"""Startup time of `comms`, as ratios against `python -c "import typer, yaml"`.

Run:  python bench/startup.py [--runs N]   (with the interpreter comms is installed in)

Each round runs the floor (the same interpreter importing typer and yaml) and then
every command once, so that machine load hits all of them alike; the figures are
medians over the rounds. Budgets (the "Hardening and speed" issue):

- ``comms --help``, ``comms lint rules/`` and ``comms checklist`` (stdout to a pipe,
  stdin not a terminal): at most 1.3x the floor;
- ``comms assess`` in a pseudo-terminal: its first question on screen within 300 ms.

`comms lint` and the bare `comms checklist` keep their results in a cache keyed by
the exact rule files (incident_comms/cache.py), so each is measured twice: "cold"
(COMMS_NO_CACHE=1: every run reads and checks the whole policy, as on a fresh CI
machine) and "cached" (the same files again, as in pre-commit or an editor loop). The
cache lives in a temporary folder, never the user's.

An installed comms runs from bytecode (``pip install`` compiles it), so every run
here does too, even when PYTHONDONTWRITEBYTECODE is set in the calling shell: that
variable is unset, the bytecode goes to a fresh PYTHONPYCACHEPREFIX folder, and one
warm-up run of each command fills it before anything is timed.

A command that is still a stub ("not available yet") is skipped, and said so.
Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RATIO_BUDGET = 1.3
FIRST_PROMPT_BUDGET_MS = 300.0
FLOOR = [sys.executable, "-c", "import typer, yaml"]
BYTECODE_DIR = tempfile.mkdtemp(prefix="comms-bench-pyc-")
CACHE_DIR = tempfile.mkdtemp(prefix="comms-bench-cache-")
COLD = {"COMMS_NO_CACHE": "1"}


def comms_command() -> list[str]:
    """The installed `comms` script beside this interpreter, else `python -m incident_comms`."""
    script = Path(sys.executable).parent / "comms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "incident_comms"]


def piped_commands() -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each timed command with the environment it adds."""
    comms = comms_command()
    lint, checklist = [*comms, "lint", str(REPO / "rules")], [*comms, "checklist"]
    return {
        "comms --help": ([*comms, "--help"], {}),
        "comms lint rules/ (cold)": (lint, COLD),
        "comms lint rules/ (cached)": (lint, {}),
        "comms checklist (cold)": (checklist, COLD),
        "comms checklist (cached)": (checklist, {}),
    }


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment, with bytecode written and read as an installed comms would."""
    dropped = ("COMMS_RULES", "PYTHONDONTWRITEBYTECODE", "COMMS_NO_CACHE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(NO_COLOR="1", PYTHONPYCACHEPREFIX=BYTECODE_DIR, COMMS_CACHE_DIR=CACHE_DIR, **(extra or {}))
    return env


def run_once(argv: list[str], extra: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Seconds one run takes, stdin closed and stdout to a pipe (not a terminal)."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=environment(extra), check=False
    )
    return time.perf_counter() - start, done


def is_stub(argv: list[str], extra: dict[str, str]) -> bool:
    """True for a command that is still a stub; the run also warms the bytecode and result caches."""
    _, done = run_once(argv, extra)
    return "not available yet" in done.stderr


def first_prompt_seconds() -> float:
    """Seconds from starting `comms assess` in a pty to its first question on screen."""
    import pexpect

    sys.path.insert(0, str(REPO))
    from incident_comms.policy.load import default_rules_dir, load_policy

    first = load_policy(default_rules_dir()).questions[0].prompt
    comms = comms_command()
    start = time.perf_counter()
    child = pexpect.spawn(comms[0], [*comms[1:], "assess"], env=environment(), dimensions=(50, 200),
                          encoding="utf-8", timeout=10)
    child.expect_exact(first)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def measure(runs: int) -> tuple[list[float], dict[str, list[float]], list[float], list[str]]:
    commands = piped_commands()
    skipped = [name for name, (argv, extra) in commands.items() if is_stub(argv, extra)]
    for name in skipped:
        del commands[name]
    run_once(FLOOR)  # warm-up: compile typer and yaml into the bytecode folder
    first_prompt_seconds()
    floor: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in commands}
    prompts: list[float] = []
    for _ in range(runs):
        floor.append(run_once(FLOOR)[0])
        for name, (argv, extra) in commands.items():
            times[name].append(run_once(argv, extra)[0])
        prompts.append(first_prompt_seconds())
    return floor, times, prompts, skipped


def report(floor: list[float], times: dict[str, list[float]], prompts: list[float], skipped: list[str]) -> bool:
    """Print the figures; True when every one is within budget."""
    base = statistics.median(floor)
    print(f"bytecode on (as installed): PYTHONDONTWRITEBYTECODE unset, PYTHONPYCACHEPREFIX={BYTECODE_DIR}, "
          "one warm-up run each")
    print(f"floor  python -c 'import typer, yaml': {base * 1000:6.1f} ms (median of {len(floor)})")
    ok = True
    for name, samples in times.items():
        ratio = statistics.median(samples) / base
        ok &= ratio <= RATIO_BUDGET
        verdict = "ok" if ratio <= RATIO_BUDGET else "OVER"
        print(f"{name:28} {statistics.median(samples) * 1000:6.1f} ms  ratio {ratio:4.2f}  "
              f"(budget {RATIO_BUDGET})  {verdict}")
    prompt_ms = statistics.median(prompts) * 1000
    ok &= prompt_ms <= FIRST_PROMPT_BUDGET_MS
    verdict = "ok" if prompt_ms <= FIRST_PROMPT_BUDGET_MS else "OVER"
    print(f"{'comms assess: first prompt':28} {prompt_ms:6.1f} ms  ratio {prompt_ms / 1000 / base:4.2f}  "
          f"(budget {FIRST_PROMPT_BUDGET_MS:.0f} ms)  {verdict}")
    for name in skipped:
        print(f"{name:28} skipped: still a stub (not available yet)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds to take the medians over (default 15)")
    args = parser.parse_args()
    try:
        return 0 if report(*measure(args.runs)) else 1
    finally:
        shutil.rmtree(BYTECODE_DIR, ignore_errors=True)
        shutil.rmtree(CACHE_DIR, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
