"""The loader-level lint checks and the readers share one declaration of their ids."""

from __future__ import annotations

import ast
from pathlib import Path

import incident_comms.policy as policy_package
from incident_comms.lint.checks import LOADER_CHECKS
from incident_comms.policy.readchecks import READ_CHECKS


def test_every_check_reading_makes_is_a_loader_level_lint_check_in_the_same_order():
    assert tuple(module.ID for module in LOADER_CHECKS) == READ_CHECKS


def _quoted_check_ids(source: str) -> list[tuple[int, str]]:
    """``report("...", ...)`` calls whose check id is written as text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "report":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def test_no_policy_reader_spells_a_check_id_itself():
    root = Path(policy_package.__file__).parent
    quoted = {str(path.relative_to(root)): _quoted_check_ids(path.read_text(encoding="utf-8"))
              for path in sorted(root.rglob("*.py"))}
    assert {path: found for path, found in quoted.items() if found} == {}


def test_the_scan_sees_a_quoted_check_id():
    assert _quoted_check_ids('self.report("refrences", "m", loc)\nself.report(SCHEMA, "m", loc)') == [(1, "refrences")]
