"""How a policy diff is printed: ``FORMATS = {name: function}`` (text, markdown, json).

Every piece of text that comes from a rule file goes through ``safetext.clean``; the
markdown format also neutralises the characters markdown reads as markup, so a
value in a rule file cannot break the layout of a pull-request comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ..policy.model import NONE
from ..safetext import clean, clean_block
from .compare import Change, Example, PolicyDiff
from .interface import BREAKS_ANSWERS

JSON_VERSION = 1


class Names:
    """How the two sides are named in the output."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new


# ---- values in words --------------------------------------------------------------------
def value_text(value: Any) -> str:
    """A slot value as a short phrase (``true``, ``send``, ``none``, ``undecided``)."""
    if value is None:
        return "undecided"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def change_text(change: Change) -> str:
    """``messages.email: timing hold → now``, ``actions: + plan_handover``, ``send: false → true``."""
    name, _, key = change.slot.partition(".")
    if change.item:
        return f"{name}: {'+' if change.after else '−'} {key}"
    before, after = change.before, change.after
    if isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys():
        moved = [f"{k} {value_text(before[k])} → {value_text(after[k])}" for k in after if before[k] != after[k]]
        return f"{change.slot}: {', '.join(moved)}"
    return f"{change.slot}: {_record_or_value(before)} → {_record_or_value(after)}"


def _record_or_value(value: Any) -> str:
    return "none" if value == NONE else value_text(value)


def _decided(example: Example) -> str:
    """What the engine decides for the example, before → after."""
    return f"{_record_or_value(example.before)} → {_record_or_value(example.after)}"


def _answers(answers: dict[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, default=str)


def _changed(diff: PolicyDiff) -> str:
    """How many of the compared incidents change (the total may be too costly to count)."""
    if diff.changed is None:
        return f"among {_count(diff.compared)} compared; the total was too costly to count"
    return f"{_count(diff.changed)} of {diff.compared:,} compared"


def _count(n: int) -> str:
    return f"{n:,} incident" + ("" if n == 1 else "s")


# ---- text ---------------------------------------------------------------------------------
def text(diff: PolicyDiff, names: Names) -> str:
    lines = [f"comms diff {names.old} → {names.new}"]
    answers = [c for c in diff.interface if c.breaks == BREAKS_ANSWERS]
    fields = [c for c in diff.interface if c.breaks != BREAKS_ANSWERS]
    if answers:
        lines += ["", f"Questions ({len(answers)} changes; answers files written for the old policy may not read):"]
        lines += [f"  {c.text}" for c in answers]
    if fields:
        lines += ["", f"Decision fields ({len(fields)} changes; readers of the JSON record see them):"]
        lines += [f"  {c.text}" for c in fields]
    if diff.unmatched:
        lines += ["", f"Not compared: {_count(diff.unmatched.count)} that only one policy can express:"]
        lines += _text_examples(diff.unmatched, with_decision=False)
    if diff.changes:
        lines += ["", f"Decisions that change ({_changed(diff)}):"]
        for change in diff.changes:
            lines.append(f"  {change_text(change)}  ({_count(change.count)})")
            lines += _text_examples(change)
    lines += ["", summary(diff)]
    if diff.incomplete:
        lines.append(f"analysis-incomplete: {diff.incomplete}")
    return clean_block("\n".join(lines)) + "\n"


def _text_examples(change: Change, with_decision: bool = True) -> list[str]:
    lines = []
    for example in change.examples:
        lines.append(f"    - {example.description}  ({_count(example.count)})")
        lines += [f"      {line}" for line in _example_lines(example, with_decision)]
    if change.unlisted:
        lines.append(f"    - and {_count(change.unlisted)} more, in parts not listed (--parts N lists more)")
    return lines


def _example_lines(example: Example, with_decision: bool) -> list[str]:
    if example.old_answers == example.new_answers:
        shown = [f"e.g. answers: {_answers(example.new_answers)}"]
    else:
        shown = [f"e.g. old answers: {_answers(example.old_answers)}", f"     new answers: {_answers(example.new_answers)}"]
    if with_decision:
        shown.append(f"     decided: {_decided(example)}")
    return shown


def summary(diff: PolicyDiff) -> str:
    """One line: how much differs."""
    if not diff.differs:
        return f"No difference: the two policies decide alike for all {_count(diff.compared)}."
    parts = []
    if diff.interface:
        parts.append(f"{len(diff.interface)} interface changes")
    if diff.changes:
        parts.append(f"{len(diff.changes)} decision changes ({_changed(diff)})")
    if diff.unmatched:
        parts.append(f"{_count(diff.unmatched.count)} not compared")
    return "Differences: " + "; ".join(parts or ["none proven"]) + "."


# ---- markdown (a pull-request comment) ----------------------------------------------------------
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(value: object) -> str:
    return _MARKUP.sub(r"\\\1", clean(value))


def _code(value: str) -> str:
    return "`" + clean(value).replace("`", "'") + "`"


def markdown(diff: PolicyDiff, names: Names) -> str:
    lines = [f"### comms diff {_code(names.old)} → {_code(names.new)}", "", f"**{_md(summary(diff))}**"]
    if diff.incomplete:
        lines += ["", f"> **analysis-incomplete**: {_md(diff.incomplete)}"]
    answers = [c for c in diff.interface if c.breaks == BREAKS_ANSWERS]
    fields = [c for c in diff.interface if c.breaks != BREAKS_ANSWERS]
    if answers:
        lines += ["", "#### Questions (answers files written for the old policy may not read)", ""]
        lines += [f"- {_md(c.text)}" for c in answers]
    if fields:
        lines += ["", "#### Decision fields (the JSON record)", ""]
        lines += [f"- {_md(c.text)}" for c in fields]
    if diff.unmatched:
        lines += ["", f"#### Not compared: {_count(diff.unmatched.count)} only one policy can express", ""]
        lines += _md_examples(diff.unmatched, with_decision=False)
    if diff.changes:
        lines += ["", f"#### Decisions that change ({_changed(diff)})", ""]
        for change in diff.changes:
            lines.append(f"- **{_md(change_text(change))}** ({_count(change.count)})")
            lines += _md_examples(change)
    return "\n".join(lines) + "\n"


def _md_examples(change: Change, with_decision: bool = True) -> list[str]:
    lines = []
    for example in change.examples:
        decided = f"; decided {_md(_decided(example))}" if with_decision else ""
        lines.append(f"  - {_md(example.description)} ({_count(example.count)}){decided}")
        if example.old_answers == example.new_answers:
            lines.append(f"    <details><summary>answers</summary>\n\n    ```json\n    {clean(_answers(example.new_answers))}\n    ```\n    </details>")
        else:
            lines.append(
                "    <details><summary>old and new answers</summary>\n\n    ```json\n"
                f"    {clean(_answers(example.old_answers))}\n    {clean(_answers(example.new_answers))}\n    ```\n    </details>"
            )
    if change.unlisted:
        lines.append(f"  - and {_count(change.unlisted)} more, in parts not listed")
    return lines


# ---- json (a contract: version 1, keys only added) ---------------------------------------------
def as_json(diff: PolicyDiff, names: Names) -> str:
    return json.dumps(to_data(diff, names), indent=2, ensure_ascii=False, default=str) + "\n"


def to_data(diff: PolicyDiff, names: Names) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "old": names.old,
        "new": names.new,
        "interface": [{"kind": c.kind, "subject": c.subject, "text": c.text, "breaks": c.breaks} for c in diff.interface],
        "not_compared": _change_data(diff.unmatched) if diff.unmatched else None,
        "changes": [_change_data(c) for c in diff.changes],
        "summary": {
            "compared": diff.compared,
            "changed": diff.changed,
            "changes": len(diff.changes),
            "interface_changes": len(diff.interface),
            "not_compared": diff.unmatched.count if diff.unmatched else 0,
            "complete": not diff.incomplete,
        },
        "incomplete": diff.incomplete or None,
    }


def _change_data(change: Change) -> dict[str, Any]:
    return {
        "slot": change.slot or None,
        "item": change.item,
        "before": change.before,
        "after": change.after,
        "count": change.count,
        "unlisted": change.unlisted,
        "examples": [
            {"where": e.description, "count": e.count, "old_answers": e.old_answers, "new_answers": e.new_answers,
             "before": e.before, "after": e.after}
            for e in change.examples
        ],
    }


FORMATS: dict[str, Callable[[PolicyDiff, Names], str]] = {"text": text, "markdown": markdown, "json": as_json}
