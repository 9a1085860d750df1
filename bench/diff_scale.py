"""What `comms diff` costs beside `comms lint`, on the same generated policies.

Run:  python bench/diff_scale.py [--sizes 2000,5000] [--questions 40] [--runs 1] [--seed 1]

(with the interpreter comms is installed in). For each size it writes a policy with
``bench/lint_scale.py``'s generator, and a changed copy, as a pull request would
change it: 2% of the rules decide another value, one question gains a choice that
a few new rules test. Then it times, as subprocesses with the result cache off
(medians over the runs, each run of lint and diff alternating):

- ``lint``: ``comms lint OLD`` (the whole lint of one policy);
- ``diff``: ``comms diff OLD NEW`` (both policies read, the joint analysis, counts
  and examples of every change);

and prints the ratio diff / lint per size. The target: a diff costs at most about
two lints (it reads and analyses two policies).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_scale import Generator, comms_command, time_command

CHANGED_SHARE = 0.02


def changed_copy(old: Path, new: Path, seed: int) -> int:
    """Write `new`: `old` with some rules deciding another value and one choice added. Returns rules changed."""
    rnd = random.Random(seed)
    changed = 0
    for path in sorted(old.glob("*.yaml")):
        tree = json.loads(path.read_text(encoding="utf-8"))
        if path.name.startswith("10-"):
            changed += _change_values(tree["rules"], rnd)
        if path.name == "00-questions.yaml":
            _add_choice(tree["questions"])
        (new / path.name).write_text(json.dumps(tree, indent=1) + "\n", encoding="utf-8")
    return changed


def _change_values(rules: list[dict[str, Any]], rnd: random.Random) -> int:
    changed = 0
    for rule in rules[:-1]:  # the catch-all stays
        if rnd.random() < CHANGED_SHARE:
            (name, value), = rule["then"].items()
            choices = [True, False] if isinstance(value, bool) else ["a", "b", "c"]
            rule["then"] = {name: rnd.choice([c for c in choices if c != value])}
            changed += 1
    return changed


def _add_choice(questions: list[dict[str, Any]]) -> None:
    single = next(q for q in questions if q["kind"] == "single" and "ask_when" not in q)
    single["choices"].append({"value": "added", "label": "A new choice"})


def bench_size(n_rules: int, questions: int, seed: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        old.mkdir()
        new.mkdir()
        Generator(n_rules, questions, seed).write(old)
        changed = changed_copy(old, new, seed)
        lint, diff = [], []
        for _ in range(runs):
            lint.append(time_command([*comms_command(), "lint", str(old)]))
            diff.append(time_command([*comms_command(), "diff", "--format", "json", str(old), str(new)]))
        summary = _diff_summary(old, new)
    return {"changed_rules": changed, "lint": statistics.median(lint), "diff": statistics.median(diff), **summary}


def _diff_summary(old: Path, new: Path) -> dict[str, Any]:
    import os
    import subprocess

    done = subprocess.run([*comms_command(), "diff", "--format", "json", str(old), str(new)],
                          capture_output=True, text=True, check=False, env={**os.environ, "COMMS_NO_CACHE": "1"})
    if done.returncode not in (0, 1):
        raise SystemExit(f"comms diff failed: {done.stderr.strip()}")
    data = json.loads(done.stdout)
    return {"changes": data["summary"]["changes"], "complete": data["summary"]["complete"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,5000")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("full runs as subprocesses (COMMS_NO_CACHE=1); diff/lint is the figure to read")
    print(f"{'N':>6} {'Q':>4} {'changed':>8} {'lint ms':>8} {'diff ms':>8} {'diff/lint':>9} {'changes':>8} complete")
    for size in (int(s) for s in args.sizes.split(",")):
        r = bench_size(size, args.questions, args.seed, args.runs)
        print(f"{size:>6} {args.questions:>4} {r['changed_rules']:>8} {r['lint'] * 1000:>8.0f} {r['diff'] * 1000:>8.0f} "
              f"{r['diff'] / r['lint']:>9.2f} {r['changes']:>8} {r['complete']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
