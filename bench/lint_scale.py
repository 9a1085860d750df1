"""How the policy verifier scales: generated policies of N rules over Q questions.

Run:  python bench/lint_scale.py [--runs 3] [--sizes 2000,4000] [--questions 40] [--seed 1]

(with the interpreter comms is installed in). For each size it writes a policy
folder in a temp dir and times, as medians over the runs:

- ``read``: ``read_policy`` of the folder;
- ``verify``: the verifier's analysis (gaps, dead rules, conflicts, invariants,
  unasked questions) on a fresh ``Analysis``;
- ``comms lint``: the whole command, as a subprocess.

Then the ratio of the largest size to the first, and the default policy:
``comms lint rules/`` against ``python -c "import typer, yaml"`` (subprocess medians).

The generated policies look like hand-written ones grown large: yes-no, one-choice
and several-choices questions, some asked only after a yes; facts; each decision
field decided by a FIRST chain (decision-tree shaped, with a few leaves left out)
that ends in a catch-all, some rules testing an earlier field; collect rules for a
set field; invariants. A policy grows by deciding more things (more fields), so
with more rules there are more chains of about the same length.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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


# ---- timing -------------------------------------------------------------------------------
def time_in_process(root: Path) -> tuple[float, float, int, int]:
    """Seconds to read the policy, seconds to analyse it, rules, problems found."""
    from incident_comms.lint.checks import undistinguished_choices
    from incident_comms.lint.context import LintContext
    from incident_comms.policy.load import read_policy
    from incident_comms.verify import Analysis

    started = time.perf_counter()
    policy, problems = read_policy(root)
    read = time.perf_counter() - started
    if policy is None or problems:
        raise SystemExit(f"generated policy does not load: {problems[:3]}")
    started = time.perf_counter()
    analysis = Analysis(policy)
    found = sum(
        len(list(query()))
        for query in (analysis.gaps, analysis.dead_rules, analysis.conflicts, analysis.broken_invariants,
                      analysis.never_asked)
    )
    found += len(list(undistinguished_choices.check(LintContext(root, policy, []))))
    return read, time.perf_counter() - started, len(policy.rules), found


def time_command(command: list[str]) -> float:
    """Seconds one full run of the whole command takes."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed comms runs from bytecode
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    return time.perf_counter() - started


def comms_command() -> list[str]:
    """The installed `comms` script beside this interpreter, else `python -m incident_comms`."""
    script = Path(sys.executable).parent / "comms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "incident_comms"]


def bench_size(n_rules: int, questions: int, seed: int, runs: int) -> dict[str, Any]:
    """Median timings for one generated policy."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        Generator(n_rules, questions, seed).write(root)
        timings = [time_in_process(root) for _ in range(runs)]
        lint = [time_command([*comms_command(), "lint", str(root)]) for _ in range(runs)]
    return {
        "rules": timings[0][2],
        "read": statistics.median(t[0] for t in timings),
        "verify": statistics.median(t[1] for t in timings),
        "problems": timings[0][3],
        "lint": statistics.median(lint),
    }


def default_policy_vs_floor(runs: int) -> tuple[float, float]:
    """Median seconds of the floor and of ``comms lint rules/``, run alternately."""
    floor, lint = [], []
    for _ in range(runs):
        floor.append(time_command(FLOOR))
        lint.append(time_command([*comms_command(), "lint", str(REPO / "rules")]))
    return statistics.median(floor), statistics.median(lint)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="2000,4000")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("every `comms lint` below is a full run, from bytecode as when installed")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'N':>6} {'Q':>4} {'rules':>6} {'read ms':>8} {'verify ms':>9} {'lint ms':>8} {'problems':>8}")
    results = []
    for size in sizes:
        r = bench_size(size, args.questions, args.seed, args.runs)
        results.append(r)
        print(f"{size:>6} {args.questions:>4} {r['rules']:>6} {_ms(r['read'])} {_ms(r['verify']):>9} "
              f"{_ms(r['lint'])} {r['problems']:>8}")
    if len(results) > 1:
        print(f"verify ratio N={sizes[-1]} / N={sizes[0]}: {results[-1]['verify'] / results[0]['verify']:.2f}")
    own = statistics.median(time_in_process(REPO / "rules")[1] for _ in range(max(5, args.runs)))
    print(f"default policy: the verifier's analysis takes {own * 1000:.1f} ms in-process")
    floor, lint = default_policy_vs_floor(max(5, args.runs))
    print(f"default policy: import typer, yaml {floor * 1000:.0f} ms; comms lint rules/ {lint * 1000:.0f} ms "
          f"({lint / floor:.2f}x, cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
