"""``comms lint --coverage``: each rule with the ``tests:`` cases that make it fire.

The measure is the ``untested-rules`` check's (see its docstring): a rule fires in a
case when it decides something for the case's answers.
"""

from __future__ import annotations

from typing import Any

from ..paths import shown_path
from ..policy.model import Policy, PolicyTest
from ..safetext import clean_block

Fired = dict[str, list[PolicyTest]]  # each rule's id -> the cases that make it fire (LintReport.coverage)


def coverage_data(policy: Policy, fired: Fired) -> dict[str, Any]:
    """The coverage of one policy as plain data (the ``coverage`` entries of ``--format json``)."""
    rules = [
        {"rule": rule.id, "path": shown_path(rule.loc.path), "line": rule.loc.line, "column": rule.loc.column,
         "tests": [test.name for test in fired[rule.id]]}
        for rule in policy.rules
    ]
    return {"path": shown_path(str(policy.root)), "rules": rules,
            "covered": sum(1 for r in rules if r["tests"]), "total": len(rules)}


def coverage_text(policy: Policy, fired: Fired) -> str:
    """A total, then one line per rule: id, where, how many cases fire it and the first (or UNTESTED)."""
    data = coverage_data(policy, fired)
    share = f"{100 * data['covered'] // data['total']}%" if data["total"] else "no rules"
    lines = [f"Rule coverage of {data['path']}: {data['covered']} of {data['total']} rules fired by a test ({share})"]
    width = max((len(r["rule"]) for r in data["rules"]), default=0)
    place = max((len(f"{r['path']}:{r['line']}") for r in data["rules"]), default=0)
    for r in data["rules"]:
        where = f"{r['path']}:{r['line']}"
        count = len(r["tests"])
        tests = f"{count} test{'s' if count > 1 else ''}, first: {r['tests'][0]}" if count else "UNTESTED"
        lines.append(f"  {r['rule']:<{width}}  {where:<{place}}  {tests}")
    return clean_block("\n".join(lines)) + "\n"

