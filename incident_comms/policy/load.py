"""Loading a policy folder: every ``*.yaml`` file in it, in name order.

:func:`read_policy` returns the policy (when it is usable) and every problem found;
:func:`load_policy` is for commands that need a policy and stops at the first error.

A command reads the sections it uses: the deciding ones (``DECIDING``) and those it
names (``comms checklist`` adds ``checklist``); ``comms lint`` reads them all. Every
file is still read and checked as UTF-8 text (the policy's sha256 covers them all),
but a file whose top-level keys are all sections the command does not use is not
parsed, so a mistake in the policy's tests does not stop an assessment at 3 a.m.,
and the default policy's tests, drafts and checklist (two thirds of its bytes) cost
`comms assess` nothing. Which keys a file holds is read from its lines that start at
column 0; a file with any other such line (flow style, `---`, a quoted key) is parsed.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Collection
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import CommsError, Location
from ..problems import ERROR, Problem
from ..textfiles import decode, read_bytes
from ..yamlsafe import YList, YMap, loads, loc_of
from . import RULES_ENV, default_rules_dir, resolve_rules_dir  # noqa: F401 (re-exported)
from .conditions import ConditionReader
from .decisions import PolicyReader
from .model import Condition, Policy, Question, SectionEntry
from .readchecks import REFERENCES, SCHEMA, SYNTAX
from .schema import SchemaReader
from .sections import NAMES, section


def policy_files(root: Path) -> list[Path]:
    """The rule files of a policy folder, in the order their rules apply.

    Every ``*.yaml`` / ``*.yml`` entry is a rule file, whatever it is: one that is a
    dangling symlink, a FIFO, a device or unreadable is reported when it is read,
    never skipped (a policy must not pass on files nobody read). Hidden entries
    (``.name.yaml``, such as editors' lock files) are not rule files.
    """
    where = Location(str(root))
    try:
        if not stat.S_ISDIR(os.stat(root).st_mode):
            raise CommsError("expected a folder of rule files (*.yaml)", where)
        names = sorted(name for name in os.listdir(root) if name.endswith((".yaml", ".yml")) and not name.startswith("."))
    except FileNotFoundError:
        raise CommsError("no such folder", where) from None
    except OSError as exc:
        problem = "a symlink loop" if exc.errno == errno.ELOOP else f"cannot read folder ({exc.strerror or exc})"
        raise CommsError(problem, where) from None
    if not names:
        raise CommsError("no rule files (*.yaml) in this folder", where)
    return [root / name for name in names]


DECIDING = frozenset({"policy", "questions", "facts", "fields", "rules"})


def load_policy(root: Path, sections: Collection[str] | None = None) -> Policy:
    """Load a policy (its deciding sections and `sections`; None: every section), raising the first error."""
    policy, problems = read_policy(root, sections)
    errors = [p for p in problems if p.level == ERROR]
    if errors:
        first = min(errors)
        more = f" (and {len(errors) - 1} more; run `comms lint {root}`)" if len(errors) > 1 else ""
        raise CommsError(first.message + more, first.loc)
    assert policy is not None
    return policy


def read_policy(root: Path, sections: Collection[str] | None = None,
                files: list[Path] | None = None) -> tuple[Policy | None, list[Problem]]:
    """Read a policy folder; the policy is None when a file is not valid YAML.

    `sections` names the sections read besides the deciding ones (None: every section).
    `files`: the folder's ``policy_files``, when the caller has listed them already
    (lint reports the files it read, so it lists the folder once).
    A file that cannot be read as text at all (missing, unreadable, too large,
    binary, not UTF-8) is bad input, not a finding: it raises CommsError.
    """
    files = policy_files(root) if files is None else files
    reader = PolicyReader()
    wanted = frozenset(NAMES) if sections is None else DECIDING | frozenset(sections)
    entries: dict[str, list[tuple[Any, Any, Location, str]]] = {name: [] for name in NAMES}
    contents: list[bytes] = []
    unreadable = False
    for path in files:
        data = read_bytes(path)
        text = decode(data, str(path))
        if sections is not None and _holds_only_others(text, wanted):
            contents.append(data)
            continue
        try:
            tree = loads(text, str(path))
        except CommsError as exc:
            reader.report(SYNTAX, exc.message, exc.location or Location(str(path)))
            unreadable = True
            continue
        contents.append(data)
        _collect_sections(path, tree, entries, reader, wanted)
    policy = None if unreadable else _build(root, files, tuple(contents), entries, reader, wanted)
    return policy, reader.problems


_COLUMN_ZERO = re.compile(r"^[^ #\r\n].*", re.MULTILINE)
_SECTION_KEY = re.compile(r"([a-z_]+):[ \t]*(?:#.*)?")


def _holds_only_others(text: str, wanted: frozenset[str]) -> bool:
    """True when every top-level key of `text` is a section outside `wanted` (so it need not be parsed).

    Unsure (no such key, or a column-0 line that is not a plain ``section:`` key):
    False, and the file is parsed. A real top-level key of a block mapping starts at
    column 0, so it is among the lines looked at.
    """
    keys = set()
    for line in _COLUMN_ZERO.findall(text):
        match = _SECTION_KEY.fullmatch(line.rstrip("\r"))
        if match is None:
            return False
        keys.add(match.group(1))
    return bool(keys) and keys.isdisjoint(wanted) and keys <= set(NAMES)


def _collect_sections(path: Path, tree: Any, sections: dict[str, list[Any]], reader: SchemaReader,
                      wanted: frozenset[str]) -> None:
    """Add the entries of each section of one file, shaped as its module declares."""
    where = Location(str(path), 1, 1)
    if tree is None:
        reader.report(SCHEMA, f"empty file: expected a mapping with sections ({', '.join(NAMES)})", where)
        return
    if not isinstance(tree, YMap):
        found = "a list" if isinstance(tree, YList) else "a single value"
        reader.report(SCHEMA, f"the top level must be a mapping of sections ({', '.join(NAMES)}), not {found}", where)
        return
    for name, value in tree.items():
        if name not in NAMES:
            reader.mapping({name: None}, path.name, tree.key_loc(name), NAMES, ())
            continue
        if name not in wanted:
            continue
        sections[name].extend(_entries(section(name), value, tree.loc_of(name), reader))


def _entries(module: ModuleType, value: Any, loc: Location, reader: SchemaReader) -> list[tuple[Any, Any, Location, str]]:
    """A section's entries as (index or name, value, location, key path)."""
    name = module.NAME
    expected = getattr(module, "EXPECTED", "")  # the loader checks the mapping shapes that say what they hold
    if expected and not isinstance(value, YMap):
        reader.report(SCHEMA, f"{name}: expected {expected}", loc)
        return []
    if module.SHAPE == "names":
        return [(key, value[key], value.key_loc(key), f"{name}.{key}") for key in value]
    if module.SHAPE == "mapping":
        return [(0, value, loc, name)]
    return [(index, item, item_loc, f"{name}[{index}]") for index, item, item_loc in reader.items(value, name, loc)]


def _build(root: Path, files: list[Path], contents: tuple[bytes, ...], sections: dict[str, list[Any]],
           reader: PolicyReader, wanted: frozenset[str]) -> Policy:
    meta = reader.metadata(sections["policy"])  # first: its settings are written into every text
    shells = reader.question_shells(sections["questions"])
    reader.check_replaced_ids(shells)
    by_id = {q.id: q for q, _, _ in shells}
    fact_entries = reader.fact_ids(sections["facts"])
    fields = reader.fields(sections["fields"])
    conditions = ConditionReader(by_id, set(fact_entries), fields, reader.report)
    facts = reader.facts(fact_entries, conditions)
    questions = _with_ask_conditions(shells, conditions, facts, reader)
    rules = reader.rules(sections["rules"], fields, conditions)
    return Policy(
        root=root,
        files=tuple(files),
        contents=contents,
        questions=questions,
        facts=facts,
        fields=fields,
        rules=tuple(rules),
        tests=tuple(reader.tests(sections["tests"], fields)),
        invariants=tuple(reader.invariants(sections["invariants"], conditions)),
        later_sections={
            name: tuple(SectionEntry(value, loc, path) for _, value, loc, path in sections[name])
            for name in NAMES
            if name in wanted and hasattr(section(name), "read")
        },
        name=meta.name,
        version=meta.version,
        settings=meta.settings,
    )


def _with_ask_conditions(shells: list[tuple[Question, Any, str]], conditions: ConditionReader,
                         facts: dict[str, Any], reader: PolicyReader) -> tuple[Question, ...]:
    """Questions in asking order, each with its ask_when, which may only look back."""
    ordered = sorted(shells, key=lambda shell: shell[0].order)  # stable: file order breaks ties
    position = {q.id: i for i, (q, _, _) in enumerate(ordered)}
    result: list[Question] = []
    for i, (question, raw, path) in enumerate(ordered):
        if "ask_when" in raw:
            where = loc_of(raw, "ask_when", question.loc)
            condition = conditions.read(raw["ask_when"], where, f"{path}.ask_when", allow_fields=False)
            later = sorted(q for q in _questions_in(condition, facts) if position.get(q, -1) >= i)
            if later:
                reader.report(REFERENCES, f"{path}.ask_when: depends on {', '.join(later)}, not asked before it", where)
            question = question.replace(ask_when=condition)
        result.append(question)
    return tuple(result)


def _questions_in(condition: Condition, facts: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    from .model import AnswerIn, AnswerIncludes, FactIs

    seen = set() if seen is None else seen
    if isinstance(condition, (AnswerIn, AnswerIncludes)):
        return {condition.question}
    if isinstance(condition, FactIs):
        if condition.fact in seen or condition.fact not in facts:
            return set()
        seen.add(condition.fact)
        return _questions_in(facts[condition.fact].when, facts, seen)
    children: Any = getattr(condition, "items", None)
    if children is None:
        children = (condition.item,) if hasattr(condition, "item") else ()
    found: set[str] = set()
    for child in children:
        found |= _questions_in(child, facts, seen)
    return found

