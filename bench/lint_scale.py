"""How the policy verifier scales: every case of issue 14 in one run, each a fresh process.

Run:  python bench/lint_scale.py [--cases 20000x40,random2000] [--seed 1]

(with the interpreter comms is installed in). Each case writes a generated policy
folder in a temp dir, then runs ``comms lint --format json`` on it as a child
process and reports its wall time, its peak memory (``ru_maxrss`` of that child),
which semantic checks did not finish (``analysis-incomplete``) and the ratio of
its time to ``yamllint`` (syntax only, no rules) on the same files. yamllint is a
benchmark-only tool: without it the ratio column says so. The default policy's
lint comes last, against ``python -c "import typer, yaml"``.

The cases (issue 14): N rules x Q questions for N = 5,000, 10,000, 20,000 at
Q = 40 and N = 2,000 at Q = 80 and 120, shaped like hand-written policies grown
large; and ``random500``/``random2000``: rules of 3-6 random conditions each.

The tree-shaped policies look like hand-written ones grown large: yes-no, one-choice
and several-choices questions, some asked only after a yes; facts; each decision
field decided by a FIRST chain (decision-tree shaped, with a few leaves left out)
that ends in a catch-all, some rules testing an earlier field; collect rules for a
set field; invariants. A policy grows by deciding more things (more fields), so
with more rules there are more chains of about the same length. The random ones
keep the questions, fields and invariants, but each rule is 3-6 unrelated answer
tests, and only every other chain ends in a catch-all (so gaps are real).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RULES_PER_FIELD = 50
SET_RULE_SHARE = 0.15
RULES_PER_ITEM = 3  # each action is added by a few rules (the default policy: 9 rules, 11 actions)
FLOOR = [sys.executable, "-c", "import typer, yaml"]


# ---- generating a policy ------------------------------------------------------------------
class Generator:
    """Writes one policy folder of about `rules` rules over `questions` questions."""

    def __init__(self, rules: int, questions: int, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.n_rules = rules
        self.questions = self._questions(questions)
        self.bool_fields: set[str] = set()
        self.derived: set[str] = set()

    def _questions(self, count: int) -> list[dict[str, Any]]:
        questions: list[dict[str, Any]] = []
        for i in range(count):
            kind = self.rnd.choices(["yes_no", "single", "multiple"], [6, 3, 1])[0]
            question: dict[str, Any] = {"id": f"q{i}", "prompt": f"Question {i}?", "kind": kind}
            if kind != "yes_no":
                n = self.rnd.randint(3, 5) if kind == "single" else self.rnd.randint(4, 8)
                question["choices"] = [{"value": f"v{j}", "label": f"Value {j}"} for j in range(n)]
            parents = [q for q in questions if q["kind"] == "yes_no" and "ask_when" not in q]
            if parents and self.rnd.random() < 0.2:
                question["ask_when"] = {self.rnd.choice(parents)["id"]: True}
            questions.append(question)
        return questions

    def write(self, root: Path) -> None:
        """The policy as YAML files in `root` (one file per decision field)."""
        fields, files = self._fields_and_rules()
        self._dump(root / "00-questions.yaml", {"questions": self.questions})
        self._dump(root / "01-fields.yaml", {"fields": fields, "facts": self._facts()})
        for name, rules in files.items():
            self._dump(root / f"{name}.yaml", {"rules": rules})
        self._dump(root / "99-invariants.yaml", {"invariants": self._invariants(fields)})

    def _dump(self, path: Path, tree: Any) -> None:
        path.write_text(json.dumps(tree, indent=1) + "\n", encoding="utf-8")  # JSON is YAML

    def _facts(self) -> list[dict[str, Any]]:
        return [{"id": f"fact{i}", "when": {"any": [self._literal(), self._literal()]}} for i in range(8)]

    def _fields_and_rules(self) -> tuple[dict[str, Any], dict[str, list[Any]]]:
        fields: dict[str, Any] = {}
        files: dict[str, list[Any]] = {}
        set_rules = int(self.n_rules * SET_RULE_SHARE)
        items = [f"item{i}" for i in range(max(10, set_rules // RULES_PER_ITEM))]
        fields["todo"] = {"type": "set", "values": [{"value": i, "label": i} for i in items]}
        made = 0
        while made < self.n_rules - set_rules:
            name = f"field{len(fields) - 1}"
            spec: dict[str, Any] = {"type": "bool", "required": True} if len(fields) % 2 else {
                "type": "enum", "required": True, "values": [{"value": v, "label": v} for v in ("a", "b", "c")]}
            # Every fourth field sums up two earlier ones (as ``send`` sums up the messages).
            earlier = [n for n in fields if n.startswith("field") and n not in self.derived][-2:]
            if len(fields) % 4:
                earlier = []
            else:
                self.derived.add(name)
            fields[name] = spec
            if spec["type"] == "bool":
                self.bool_fields.add(name)
            chain = self._chain(name, spec, earlier, min(RULES_PER_FIELD, self.n_rules - set_rules - made))
            files[f"10-{name}"] = chain
            made += len(chain)
        files["50-todo"] = [self._set_rule(items, i) for i in range(set_rules)]
        return fields, files

    # ---- a FIRST chain shaped like a decision tree ---------------------------------------
    def _chain(self, name: str, spec: dict[str, Any], earlier: list[str], size: int) -> list[Any]:
        """At most `size` rules: the leaves of one decision tree over a few questions, then a catch-all."""
        topic = self.rnd.sample(self.questions, 8)
        values = [True, False] if spec["type"] == "bool" else ["a", "b", "c"]
        rules: list[Any] = []
        self._grow(rules, name, values, topic, [], earlier, size - 1)
        for i, rule in enumerate(rules):
            rule["id"] = f"{name}-r{i}"
        rules.append({"id": f"{name}-otherwise", "then": {name: values[-1]}, "because": "The catch-all."})
        return rules

    def _grow(self, rules: list[Any], name: str, values: list[Any], topic: list[dict[str, Any]],
              path: list[Any], earlier: list[str], limit: int) -> None:
        if len(rules) >= limit:
            return
        free = [q for q in topic if q["id"] not in {_question_of(c) for c in path}]
        if len(path) >= 7 or not free or (len(path) >= 3 and self.rnd.random() < 0.15):
            if self.rnd.random() < 0.85:  # some leaves are left to the catch-all
                when = list(path)
                if earlier and self.rnd.random() < 0.3:
                    when.append(self._field_test(earlier))
                rules.append({"when": when or {"any": [self._literal()]}, "then": {name: self.rnd.choice(values)},
                              "because": "Generated."})
            return
        question = self.rnd.choice(free)
        guard = self._ask_guard(question, path)
        if guard is None:
            return
        for branch in self._branches(question):
            self._grow(rules, name, values, topic, path + guard + [branch], earlier, limit)

    def _field_test(self, earlier: list[str]) -> dict[str, Any]:
        name = self.rnd.choice(earlier)
        values = [True, False] if name in self.bool_fields else ["a", "b", "c"]
        return {"field": name, "in": self.rnd.sample(values, self.rnd.randint(1, 2))}

    def _ask_guard(self, question: dict[str, Any], path: list[Any]) -> list[Any] | None:
        """The literals that make `question` asked on this path ([] if it always is; None if never)."""
        ask = question.get("ask_when")
        if not ask:
            return []
        if any(c == {qid: not v} for qid, v in ask.items() for c in path):
            return None
        return [] if ask in path else [ask]

    def _branches(self, question: dict[str, Any]) -> list[Any]:
        qid = question["id"]
        if question["kind"] == "yes_no":
            return [{qid: True}, {qid: False}]
        values = [c["value"] for c in question["choices"]]
        if question["kind"] == "multiple":
            item = self.rnd.choice(values)
            return [{qid: {"includes": item}}, {"not": {qid: {"includes": item}}}]
        cut = self.rnd.randint(1, len(values) - 1)
        return [{qid: {"in": values[:cut]}}, {qid: {"in": values[cut:]}}]

    def _literal(self) -> Any:
        question = self.rnd.choice([q for q in self.questions if "ask_when" not in q])
        return self._branches(question)[0]

    def _set_rule(self, items: list[str], i: int) -> dict[str, Any]:
        when = [self._literal() for _ in range(self.rnd.randint(1, 3))]
        if self.rnd.random() < 0.2:
            when.append({"fact": f"fact{self.rnd.randint(0, 7)}"})
        adds = [items[i % len(items)]] + self.rnd.sample(items, self.rnd.randint(0, 1))
        return {"id": f"todo-r{i}", "when": when, "then": {"todo": list(dict.fromkeys(adds))},
                "because": "Generated."}

    def _invariants(self, fields: dict[str, Any]) -> list[Any]:
        bools = [n for n, s in fields.items() if s["type"] == "bool"][:5]
        return [{"id": f"inv-{n}", "when": self._literal(), "require": {"any": [{"field": n, "is": True},
                 {"field": n, "is": False}]}, "because": "Every case is decided."} for n in bools]


def _question_of(condition: Any) -> str:
    key = next(iter(condition))
    return _question_of(condition[key]) if key == "not" else key


class RandomGenerator(Generator):
    """Like `Generator`, but every rule is 3-6 unrelated answer tests (no tree shape)."""

    def _chain(self, name: str, spec: dict[str, Any], earlier: list[str], size: int) -> list[Any]:
        values = [True, False] if spec["type"] == "bool" else ["a", "b", "c"]
        rules: list[Any] = [
            {"id": f"{name}-r{i}", "when": self._random_when(), "then": {name: self.rnd.choice(values)},
             "because": "Generated."}
            for i in range(size - 1)
        ]
        if len(self.bool_fields) % 2:  # only every other chain has a catch-all
            rules.append({"id": f"{name}-otherwise", "then": {name: values[-1]}, "because": "The catch-all."})
        return rules

    def _random_when(self) -> list[Any]:
        """3-6 tests of distinct questions, each conditional one with the answer that asks it."""
        when: list[Any] = []
        for question in self.rnd.sample(self.questions, self.rnd.randint(3, 6)):
            guard = self._ask_guard(question, when)
            if guard is not None:
                when += guard + [self.rnd.choice(self._branches(question))]
        return when

    def _set_rule(self, items: list[str], i: int) -> dict[str, Any]:
        adds = [items[i % len(items)]] + self.rnd.sample(items, self.rnd.randint(0, 1))
        return {"id": f"todo-r{i}", "when": self._random_when(), "then": {"todo": list(dict.fromkeys(adds))},
                "because": "Generated."}


CASES = {
    "5000x40": (Generator, 5000, 40),
    "10000x40": (Generator, 10000, 40),
    "20000x40": (Generator, 20000, 40),
    "2000x80": (Generator, 2000, 80),
    "2000x120": (Generator, 2000, 120),
    "random500": (RandomGenerator, 500, 40),
    "random2000": (RandomGenerator, 2000, 40),
}


# ---- running a child process ----------------------------------------------------------------
def run_child(command: list[str]) -> tuple[float, int, str, int]:
    """Wall seconds, peak resident KiB, stdout and exit code of one child process."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed comms runs from bytecode
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return seconds, usage.ru_maxrss, out.read().decode("utf-8", "replace"), child.returncode


def comms_command() -> list[str]:
    """The installed `comms` script beside this interpreter, else `python -m incident_comms`."""
    script = Path(sys.executable).parent / "comms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "incident_comms"]


def yamllint_command() -> list[str] | None:
    """yamllint, syntax only (no rules), if it is installed."""
    script = Path(sys.executable).parent / "yamllint"
    found = str(script) if script.exists() else shutil.which("yamllint")
    return [found, "-d", "{rules: {}}"] if found else None


PROOFS = """
import json, sys, time
from pathlib import Path
from incident_comms.runtime import settle_for_the_command_line
settle_for_the_command_line()
from incident_comms.policy.load import read_policy
from incident_comms.verify import Analysis
started = time.perf_counter()
policy, _ = read_policy(Path(sys.argv[1]))
read = time.perf_counter() - started
started, cpu = time.perf_counter(), time.process_time()
analysis = Analysis(policy)
for query in (analysis.never_asked, analysis.gaps, analysis.dead_rules, analysis.conflicts, analysis.broken_invariants):
    try:
        list(query())
    except Exception:
        pass
print(json.dumps({"read": read, "proofs": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "engines": analysis.engines_used}))
"""


def proof_seconds(root: Path) -> dict[str, Any]:
    """In a child: seconds to read the policy and to run the verifier's five checks, and their engines."""
    _, peak, out, _ = run_child([sys.executable, "-c", PROOFS, str(root)])
    try:
        return {**json.loads(out), "peak_mib": peak / 1024}
    except ValueError:
        return {"read": float("nan"), "proofs": float("nan"), "cpu": float("nan"), "engines": {}, "peak_mib": peak / 1024}


def unfinished(report: str) -> list[str]:
    """The checks a ``comms lint --format json`` report says did not finish (and why, briefly)."""
    try:
        problems = json.loads(report)["problems"]
    except (ValueError, KeyError, TypeError):
        return ["no report"]
    return [p["message"].split(":", 1)[0] for p in problems if p.get("check") == "analysis-incomplete"]


def bench_case(name: str, seed: int) -> dict[str, Any]:
    """One case: generate, lint in a child, yamllint the same files."""
    maker, n_rules, questions = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        maker(n_rules, questions, seed).write(root)
        seconds, peak, out, code = run_child([*comms_command(), "lint", "--format", "json", str(root)])
        yamllint = yamllint_command()
        other = run_child([*yamllint, str(root)])[0] if yamllint else None
        proofs = proof_seconds(root)
    report = json.loads(out) if out.startswith("{") else {}
    return {"seconds": seconds, "peak_mib": peak / 1024, "exit": code, "unfinished": unfinished(out),
            "problems": len(report.get("problems", [])), "yamllint": other, **{k: proofs[k] for k in ("read", "proofs", "cpu")},
            "engines": proofs["engines"]}


def default_policy_vs_floor(runs: int) -> tuple[float, float]:
    """Median seconds of the floor and of ``comms lint rules/``, run alternately."""
    floor, lint = [], []
    for _ in range(runs):
        floor.append(run_child(FLOOR)[0])
        lint.append(run_child([*comms_command(), "lint", str(REPO / "rules")])[0])
    return statistics.median(floor), statistics.median(lint)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of: {', '.join(CASES)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs of the default policy's lint (median)")
    args = parser.parse_args()
    print("each case: one full `comms lint --format json` in a fresh process, from bytecode as when installed")
    if yamllint_command() is None:
        print("yamllint is not installed (pip install yamllint): the ratio column is empty")
    print("lint s, peak MiB: the whole command; read s, proofs s: reading the policy, and the five verifier")
    print("checks (unasked-questions, gaps, dead-rules, conflicts, invariants), timed inside a second child;")
    print("cpu s: the CPU time of those proofs (the machine may be shared)")
    print(f"{'case':>11} {'lint s':>7} {'peak MiB':>9} {'exit':>4} {'findings':>8} {'x yamllint':>10} "
          f"{'read s':>7} {'proofs s':>8} {'cpu s':>6}  proofs")
    for name in args.cases.split(","):
        r = bench_case(name, args.seed)
        ratio = f"{r['seconds'] / r['yamllint']:10.2f}" if r["yamllint"] else f"{'-':>10}"
        engines = "+".join(sorted(set(r["engines"].values())))
        proofs = f"all complete ({engines})" if not r["unfinished"] else "INCOMPLETE: " + ", ".join(r["unfinished"])
        print(f"{name:>11} {r['seconds']:7.2f} {r['peak_mib']:9.0f} {r['exit']:>4} {r['problems']:>8} {ratio} "
              f"{r['read']:7.2f} {r['proofs']:8.2f} {r['cpu']:6.2f}  {proofs}", flush=True)
    floor, lint = default_policy_vs_floor(args.runs)
    print(f"default policy: import typer, yaml {floor * 1000:.0f} ms; comms lint rules/ {lint * 1000:.0f} ms "
          f"({lint / floor:.2f}x, cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
