"""What drafts cost: `comms lint` with and without the drafts section, `comms draft` against `comms assess`.

Run:  python bench/drafts.py [--runs N]   (with the interpreter comms is installed in)

Each round runs every command once (so machine load hits them alike); figures are
medians over the rounds, printed as ratios measured in this one run:

- `comms lint RULES` against the same policy without its drafts file: the price of
  reading and proving the drafts (lint reads the templates with drafts/syntax.py, so
  only `comms draft`, and lint of a template outside its Liquid subset, import
  python-liquid);
- `comms draft --from RECORD` against `comms assess --answers RECORD`: the price of
  planning and rendering the messages on top of deciding;
- the completeness proof alone, in-process, against reading the policy;
- reading every template of the drafts, in-process: drafts/syntax.py against
  python-liquid (import, parse and static analysis, as lint did before).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ANSWERS = """kind: incident
products: [feature_flags]
region: us
severity: critical
data_impact: lost
definite_impact: true
customer_sites_disrupted: true
extended_unavailability: true
single_customer_cause: false
users_can_act: false
security: false
availability_attack: false
resolved: true
status_page: current
postmortem: published
clear_story: true
"""


def comms() -> list[str]:
    script = Path(sys.executable).parent / "comms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "incident_comms"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def in_process(rules: Path) -> tuple[float, float]:
    from incident_comms.drafts.complete import prove
    from incident_comms.drafts.read import read_drafts
    from incident_comms.policy.load import load_policy

    start = time.perf_counter()
    policy = load_policy(rules)
    read = time.perf_counter() - start
    drafts, _ = read_drafts(policy)
    assert drafts is not None
    start = time.perf_counter()
    list(prove(policy, drafts))
    return read, time.perf_counter() - start


def templates_read(rules: Path) -> tuple[float, float]:
    """Seconds to read every template with the subset reader, and with python-liquid (a fresh process each)."""
    script = """
import sys, time, yaml
entries = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))["drafts"]
sources = [e[k] for e in entries if isinstance(e, dict) for k in ("subject", "body") if isinstance(e.get(k), str)]
start = time.perf_counter()
if sys.argv[1] == "subset":
    from incident_comms.drafts.syntax import read
    assert all(type(read(s)).__name__ == "Reading" for s in sources)
else:
    from incident_comms.drafts.templates import environment
    for s in sources:
        environment().from_string(s).analyze()
print(time.perf_counter() - start)
"""
    done = [subprocess.run([sys.executable, "-c", script, how, str(rules / "drafts.yaml")], capture_output=True,
                           text=True, check=True) for how in ("subset", "liquid")]
    subset, liquid = (float(d.stdout) for d in done)
    return subset, liquid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="comms-bench-drafts-"))
    try:
        rules, bare = REPO / "rules", work / "rules-without-drafts"
        shutil.copytree(rules, bare)
        (bare / "drafts.yaml").unlink()
        answers = work / "answers.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        record = work / "record.json"
        subprocess.run([*comms(), "assess", "-r", str(rules), "-a", str(answers), "-o", str(record)],
                       stdout=subprocess.DEVNULL, check=True)
        commands = {
            "lint with drafts": [*comms(), "lint", str(rules)],
            "lint without drafts": [*comms(), "lint", str(bare)],
            "draft --from": [*comms(), "draft", "-r", str(rules), "--from", str(record)],
            "assess --answers": [*comms(), "assess", "-r", str(rules), "-a", str(record)],
        }
        for command in commands.values():  # warm-up: bytecode compiled, files cached
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(timed(command))
        median = {name: statistics.median(values) for name, values in times.items()}
        read, proof = in_process(rules)
        reads = [templates_read(rules) for _ in range(runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"median of {runs} rounds")
    for name, value in median.items():
        print(f"  {name:22} {value * 1000:7.0f} ms")
    print(f"lint with drafts / without: {median['lint with drafts'] / median['lint without drafts']:.2f}x")
    print(f"draft --from / assess:      {median['draft --from'] / median['assess --answers']:.2f}x")
    print(f"completeness proof / reading the policy (in-process): {proof / read:.2f}x ({proof * 1000:.0f} ms)")
    subset, liquid = (statistics.median(r[i] for r in reads) for i in (0, 1))
    print(f"reading the templates, python-liquid / drafts/syntax.py (in-process): {liquid / subset:.0f}x "
          f"({liquid * 1000:.0f} ms against {subset * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
