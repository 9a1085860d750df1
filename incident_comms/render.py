"""Showing a decision: text (rich), markdown, or the JSON record.

Every string that comes from a rule file or an answer is passed through
``safetext.clean`` and given to rich as ``Text`` (never parsed as markup), so
neither terminal escapes nor rich markup in a policy can change the display.
"""

from __future__ import annotations

from typing import Any

from .policy.model import BOOL, ENUM, RECORDS, SET, FieldSpec, Policy
from .safetext import clean

FORMATS = ("text", "markdown", "json")
_HEADLINE_STYLES = {0: "bold white on green", 1: "bold black on yellow", 2: "bold white on blue"}


def _yes(value: Any) -> str:
    if value is None:
        return "undecided"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _label(spec: FieldSpec, value: Any) -> str:
    return clean(spec.labels.get(value, value)) if spec.type == ENUM else clean(_yes(value))


def _by_slot(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {slot: fired for fired in record["fired"] for slot in fired["decided"]}


def _rule_ref(fired: dict[str, Any] | None) -> str:
    return clean(fired["rule"]) if fired else "no rule"


def _item_rule(slots: dict[str, Any], name: str, item: str) -> str:
    return _rule_ref(slots.get(name + "." + item))


def markdown(record: dict[str, Any], policy: Policy) -> str:
    """The decision as GitHub-flavoured markdown."""
    decision, slots = record["decision"], _by_slot(record)
    lines: list[str] = []
    for name, spec in policy.fields.items():
        value = decision[name]
        if spec.headline:
            lines += [f"# {_label(spec, value)}", ""]
    for name, spec in policy.fields.items():
        if spec.type == RECORDS:
            lines += _markdown_records(spec, decision[name], slots)
        elif spec.type == SET:
            lines += [f"## {_title(spec)}", ""]
            lines += [f"- [ ] {_md(item['text'])} (`{_item_rule(slots, name, item['id'])}`)" for item in decision[name]]
            lines += ["- none"] if not decision[name] else []
            lines.append("")
    lines += ["## Decision", ""]
    for name, spec in policy.fields.items():
        if spec.type in (BOOL, ENUM) and not spec.headline:
            lines.append(f"- {_md(_title(spec))}: **{_label(spec, decision[name])}** (`{_rule_ref(slots.get(name))}`)")
    lines += ["", "## Why", ""]
    for fired in record["fired"]:
        lines.append(f"- `{clean(fired['rule'])}` ({clean(fired['file'])}:{fired['line']}): {_md(fired['reason'])}")
    lines += ["", f"Policy `{clean(record['policy']['path'])}` sha256 `{record['policy']['sha256'][:12]}`", ""]
    return "\n".join(lines)


def _markdown_records(spec: FieldSpec, records: list[dict[str, Any]], slots: dict[str, Any]) -> list[str]:
    lines = [f"## {_title(spec)}", ""]
    if not records:
        return lines + ["None.", ""]
    columns = [spec.key, *spec.attributes]
    lines.append("| " + " | ".join(columns + ["rule"]) + " |")
    lines.append("|" + "---|" * (len(columns) + 1))
    for record in records:
        rule = _rule_ref(slots.get(f"{spec.name}.{record[spec.key]}"))
        lines.append("| " + " | ".join(_md(record[c]) for c in columns) + f" | `{rule}` |")
    return lines + [""]


def _title(spec: FieldSpec) -> str:
    return clean(spec.description or spec.name.replace("_", " "))


def _md(text: Any) -> str:
    """Markdown-safe text: control characters escaped, table pipes and HTML neutralised."""
    return clean(text).replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def print_text(record: dict[str, Any], policy: Policy) -> None:
    """Print the decision for a person: headline, messages, decision, actions, why."""
    from rich.console import Console

    console = Console(highlight=False)
    slots = _by_slot(record)
    _print_headline(console, record["decision"], policy)
    _print_records(console, record["decision"], policy, slots)
    _print_single_values(console, record["decision"], policy, slots)
    _print_sets(console, record["decision"], policy, slots)
    _print_why(console, record["fired"])


def _print_headline(console: Any, decision: dict[str, Any], policy: Policy) -> None:
    from rich.text import Text

    for name, spec in policy.fields.items():
        if spec.headline:
            value = decision[name]
            index = spec.values.index(value) if value in spec.values else 2
            console.print(Text(f" {_label(spec, value)} ", style=_HEADLINE_STYLES.get(index, "bold")))


def _print_records(console: Any, decision: dict[str, Any], policy: Policy, slots: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    for name, spec in policy.fields.items():
        if spec.type != RECORDS:
            continue
        console.print(Text(f"\n{_title(spec)}", style="bold"))
        if not decision[name]:
            console.print(Text("  none"))
            continue
        table = Table(show_edge=False, pad_edge=False)
        for column in (spec.key, *spec.attributes):
            table.add_column(Text(clean(column)), overflow="fold")
        table.add_column(Text("rule"), overflow="fold")
        for item in decision[name]:
            rule = _rule_ref(slots.get(f"{name}.{item[spec.key]}"))
            table.add_row(*(Text(clean(item[c])) for c in (spec.key, *spec.attributes)), Text(rule, style="dim"))
        console.print(table)


def _print_single_values(console: Any, decision: dict[str, Any], policy: Policy, slots: dict[str, Any]) -> None:
    from rich.text import Text

    console.print(Text("\nDecision", style="bold"))
    for name, spec in policy.fields.items():
        if spec.type in (BOOL, ENUM) and not spec.headline:
            line = Text(f"  {_title(spec)}: ")
            line.append(_label(spec, decision[name]), style="bold")
            line.append(f"  ({_rule_ref(slots.get(name))})", style="dim")
            console.print(line)


def _print_sets(console: Any, decision: dict[str, Any], policy: Policy, slots: dict[str, Any]) -> None:
    from rich.text import Text

    for name, spec in policy.fields.items():
        if spec.type != SET:
            continue
        console.print(Text(f"\n{_title(spec)}", style="bold"))
        if not decision[name]:
            console.print(Text("  none"))
        for item in decision[name]:
            line = Text("  [ ] ")
            line.append(clean(item["text"]))
            line.append(f"  ({_item_rule(slots, name, item['id'])})", style="dim")
            console.print(line)


def _print_why(console: Any, fired: list[dict[str, Any]]) -> None:
    from rich.text import Text

    console.print(Text("\nWhy", style="bold"))
    for entry in fired:
        line = Text("  ")
        line.append(clean(entry["rule"]), style="cyan")
        line.append(f" ({clean(entry['file'])}:{entry['line']})", style="dim")
        line.append(f": {clean(entry['reason'])}")
        console.print(line)
