"""How ``comms replay`` prints: ``FORMATS = {name: function}`` (text, json)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ..paths import shown_path
from ..safetext import clean_block
from .replay import Replayed

JSON_VERSION = 1


def status(item: Replayed) -> str:
    if item.problem:
        return "not_replayed"
    return "changed" if item.changes else "same"


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _change(field: str, before: Any, after: Any) -> str:
    """``messages.email: timing hold → now`` when only attributes move, else ``field: before → after``."""
    if isinstance(before, list) and isinstance(after, list) and all(isinstance(v, str) for v in before + after):
        moved = [f"+ {v}" for v in after if v not in before] + [f"− {v}" for v in before if v not in after]
        return f"{field}: {', '.join(moved) or 'same items, another order'}"
    if isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys():
        moved = [f"{k} {_value(before[k])} → {_value(after[k])}" for k in after if before[k] != after[k]]
        return f"{field}: {', '.join(moved)}"
    return f"{field}: {_value(before)} → {_value(after)}"


def summary(items: Sequence[Replayed]) -> str:
    counts = {s: sum(1 for i in items if status(i) == s) for s in ("changed", "not_replayed", "same")}
    return (f"{len(items)} record{'s' if len(items) != 1 else ''}: {counts['changed']} decided differently, "
            f"{counts['not_replayed']} not replayed, {counts['same']} the same.")


def text(items: Sequence[Replayed], rules: str) -> str:
    lines = [f"comms replay under {rules}"]
    for item in items:
        where = shown_path(item.path)
        if item.problem:
            lines.append(f"  not replayed  {where}: {item.problem}")
        elif item.changes:
            carried = f"  (answers carried over: {', '.join(item.carried)})" if item.carried else ""
            lines.append(f"  changed       {where}{carried}")
            lines += [f"      {_change(field, before, after)}" for field, before, after in item.changes]
    if not any(i.problem or i.changes for i in items):
        lines.append("  every decision is the same")
    lines += ["", summary(items)]
    return clean_block("\n".join(lines)) + "\n"


def as_json(items: Sequence[Replayed], rules: str) -> str:
    data = {
        "version": JSON_VERSION,
        "rules": rules,
        "records": [
            {"path": shown_path(i.path), "status": status(i), "problem": i.problem or None, "carried": list(i.carried),
             "changes": [{"field": f, "before": b, "after": a} for f, b, a in i.changes]}
            for i in items
        ],
        "summary": {s: sum(1 for i in items if status(i) == s) for s in ("changed", "not_replayed", "same")}
        | {"records": len(items)},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Sequence[Replayed], str], str]] = {"text": text, "json": as_json}
