"""What deciding costs: a policy's first decide against its later ones, in-process.

Run:  python bench/decide.py [POLICY_DIR] [--runs N]   (with the interpreter comms is installed in)

A policy's first decide walks its conditions; from its second on, they are compiled
into closures (see ``incident_comms/engine.py``). Each round times, on the policy's
own test answers:

- first: each case decided on a fresh copy of the policy, so always a policy's first
  decide (walked, and paying the policy's setup), as `comms assess` makes;
- later: each case decided on one policy that has decided before (compiled), as
  `comms lint` runs its policy tests;
- the policy tests as `comms lint` runs them (check_answers, decide and compare for
  every case) on a freshly read policy;
- one check_answers and decide on a freshly read policy (what `comms assess` adds to
  reading), in a fresh process.

Figures are medians over the rounds (each round runs every measure once, so machine
load hits them alike), printed with the ratio first / later.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ONE_ASSESS = """
import sys, time
from pathlib import Path
from incident_comms.policy.load import read_policy
from incident_comms.answers import check_answers
from incident_comms.engine import decide
policy, _ = read_policy(Path(sys.argv[1]))
raw = policy.tests[0].answers
start = time.perf_counter()
decide(policy, check_answers(policy, raw).answers)
print(time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("policy", nargs="?", default=str(REPO / "rules"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from incident_comms.answers import check_answers
    from incident_comms.engine import decide
    from incident_comms.policy.load import read_policy
    from incident_comms.policy.testing import run_policy_tests

    root = Path(args.policy)
    policy, _ = read_policy(root)
    if not policy.tests:
        sys.exit(f"{root}: the policy has no tests: cases to decide")
    answers = [check_answers(policy, test.answers).answers for test in policy.tests]
    warm = policy.replace()
    decide(warm, answers[0])
    decide(warm, answers[0])
    copies = [[policy.replace() for _ in answers] for _ in range(args.runs)]

    def first(round_: int) -> None:
        for copy, given in zip(copies[round_], answers, strict=True):
            decide(copy, given)

    def later(round_: int) -> None:
        for given in answers:
            decide(warm, given)

    freshly_read = [read_policy(root)[0] for _ in range(args.runs)]

    def lint_tests(round_: int) -> None:
        run_policy_tests(freshly_read[round_])

    times: dict[str, list[float]] = {"first": [], "later": [], "lint": [], "assess": []}
    for round_ in range(args.runs):
        for name, measure in (("first", first), ("later", later), ("lint", lint_tests)):
            start = time.perf_counter()
            measure(round_)
            times[name].append(time.perf_counter() - start)
        out = subprocess.run([sys.executable, "-c", ONE_ASSESS, str(root)], capture_output=True, text=True, check=True)
        times["assess"].append(float(out.stdout))
    ms = {name: statistics.median(values) * 1e3 for name, values in times.items()}
    cases = len(answers)
    print(f"{cases} decides of {root.name}: each a first decide {ms['first']:.1f} ms, later decides "
          f"{ms['later']:.1f} ms (first / later {ms['first'] / ms['later']:.2f}x)")
    print(f"the policy tests as lint runs them, on a freshly read policy: {ms['lint']:.1f} ms")
    print(f"one check_answers and decide on a freshly read policy, in a fresh process: {ms['assess']:.3f} ms")


if __name__ == "__main__":
    main()
