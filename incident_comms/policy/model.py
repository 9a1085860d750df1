"""The policy as typed data: questions, derived facts, decision fields, rules, tests.

A policy is read from a folder of YAML files (see ``rules/README.md``). The engine
and the verifier only ever see these objects, never YAML.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import Location
from ..frozen import Frozen

SINGLE, MULTIPLE, YES_NO = "single", "multiple", "yes_no"
QUESTION_KINDS = (SINGLE, MULTIPLE, YES_NO)
BOOL, ENUM, SET, RECORDS = "bool", "enum", "set", "records"
FIELD_TYPES = (BOOL, ENUM, SET, RECORDS)
NONE = "none"  # written in a rule to decide that a record slot holds no record


# ---- conditions -------------------------------------------------------------
class All(Frozen):
    """True when every item is true (and when there are none)."""

    items: tuple[Condition, ...]
    loc: Location | None = None


class AnyOf(Frozen):
    """True when at least one item is true."""

    items: tuple[Condition, ...]
    loc: Location | None = None


class Not(Frozen):
    """True when the item is false."""

    item: Condition
    loc: Location | None = None


class AnswerIn(Frozen):
    """The answer to a one-choice or yes-no question is one of `values`.

    False when the question was not asked.
    """

    question: str
    values: frozenset[Any]
    loc: Location | None = None


class AnswerIncludes(Frozen):
    """The answer to a several-choices question includes `value`."""

    question: str
    value: str
    loc: Location | None = None


class FactIs(Frozen):
    """The named derived fact holds."""

    fact: str
    loc: Location | None = None


class FieldIn(Frozen):
    """A decided single-valued slot (``send``, ``messages.email.timing``) is in `values`."""

    path: str
    values: frozenset[Any]
    loc: Location | None = None


class FieldIncludes(Frozen):
    """A decided set field includes an item, or a records field has a record for a key."""

    field: str
    item: str
    loc: Location | None = None


Condition = All | AnyOf | Not | AnswerIn | AnswerIncludes | FactIs | FieldIn | FieldIncludes
ALWAYS = All(())


# ---- policy parts -------------------------------------------------------------
class Choice(Frozen):
    value: Any
    label: str
    help: str = ""


class Replaces(Frozen):
    """What a question takes over from an earlier version of the policy (``replaces:``).

    `id` is the question's id in that version (its own id when only the answers
    changed); `values` maps each old answer that is no longer valid to the answer it
    is now (``{True: "confirmed", False: "none"}``). An answers file that still uses
    the old id or an old answer is refused with a line that names the replacement.
    """

    id: str
    values: dict[Any, Any] = {}

    def answer_for(self, old: Any) -> Any:
        """The current answer for an old one (None when this version has no match for it)."""
        try:
            return self.values.get(old) if type(old) in (bool, str) else None
        except TypeError:  # an unhashable old answer (a list) maps to nothing
            return None


class Question(Frozen):
    id: str
    prompt: str
    kind: str
    choices: tuple[Choice, ...]
    help: str = ""
    default: Any = None
    ask_when: Condition = ALWAYS
    order: int = 0
    informational: bool = False
    optional: bool = False  # an answers file may leave it out: its default is the answer then
    replaces: Replaces | None = None
    loc: Location = Location("")

    @cached_property
    def values(self) -> tuple[Any, ...]:
        """The answer values this question accepts (items, for several choices)."""
        return tuple(c.value for c in self.choices)


class Fact(Frozen):
    id: str
    when: Condition
    description: str = ""
    loc: Location = Location("")


class FieldSpec(Frozen):
    """A decision field.

    bool and enum fields hold one value; a set field holds items (``values`` with
    their ``labels`` as text); a records field holds at most one record per key,
    each record with one value per attribute (``attributes``, in declared order,
    each value with its text in ``attribute_labels``). ``group_by`` names the
    attribute by which a plan groups the records (empty: one group).
    """

    name: str
    type: str
    description: str = ""
    required: bool = False
    headline: bool = False
    values: tuple[Any, ...] = ()
    labels: dict[Any, str] = {}
    key: str = ""
    attributes: dict[str, tuple[str, ...]] = {}
    attribute_labels: dict[str, dict[str, str]] = {}
    group_by: str = ""
    loc: Location = Location("")

    def label(self, value: Any) -> str:
        """The text of a value or item of this field; its id when it has no label."""
        return self.labels.get(value, str(value))

    def attribute_label(self, attribute: str, value: Any) -> str:
        """The text of an attribute's value (``timing: now`` → "Now"); its id when it has no label."""
        return self.attribute_labels.get(attribute, {}).get(value, str(value))

    def slots(self) -> tuple[str, ...]:
        """The single-valued slots of this field (a records field has one per key)."""
        if self.type == RECORDS:
            return tuple(f"{self.name}.{k}" for k in self.values)
        return (self.name,)


class Assignment(Frozen):
    """What a rule decides for one slot: a value, a record, NONE, or set items."""

    slot: str
    value: Any
    loc: Location


class Rule(Frozen):
    id: str
    when: Condition
    sets: tuple[Assignment, ...]
    because: str
    loc: Location
    index: int = 0  # position in the policy's rule order


class PolicyTest(Frozen):
    name: str
    answers: dict[str, Any]
    expect: dict[str, Any]
    loc: Location
    expect_locs: dict[str, Location] = {}


class Invariant(Frozen):
    id: str
    when: Condition
    require: Condition
    because: str
    loc: Location


class SectionEntry(Frozen):
    """One entry of a section read after the policy (checklist, drafts, recipients).

    `value` is the YAML as read (mappings remember where each key is); its section
    module's ``read(policy)`` turns the entries into that section's typed model.
    """

    value: Any
    loc: Location
    path: str  # the key path within its file: checklist[2], recipients


class Page(Frozen):
    """A handbook page that checklist items and drafts cite (read by policy/citing.py)."""

    title: str
    url: str = ""


class Cite(Frozen):
    """Where the handbook says it: a page (a key of the settings' pages) and a section title."""

    page: str
    section: str


class Policy(Frozen):
    """A policy folder, read. `name`, `version` and `settings` come from its ``policy:``
    section (records carry the name and version; settings are written into texts)."""

    root: Path
    files: tuple[Path, ...]
    contents: tuple[bytes, ...]  # the bytes of each file as read, for sha256
    questions: tuple[Question, ...]
    facts: dict[str, Fact]
    fields: dict[str, FieldSpec]
    rules: tuple[Rule, ...]
    tests: tuple[PolicyTest, ...] = ()
    invariants: tuple[Invariant, ...] = ()
    later_sections: dict[str, tuple[SectionEntry, ...]] = {}  # by section name: see entries()
    name: str = ""
    version: int | str | None = None
    settings: dict[str, str] = {}

    @property
    def sha256(self) -> str:
        """The hex digest of the rule files (each name, a NUL byte, its bytes) as they were read.

        Worked out on first use: only records need it.
        """
        cached = self.__dict__.get("_sha256_cache")
        if cached is None:
            digest = _new_sha256()
            for path, data in zip(self.files, self.contents, strict=True):
                digest.update(os.fsencode(path.name) + b"\0" + data)  # raw bytes: any file name
            cached = digest.hexdigest()
            object.__setattr__(self, "_sha256_cache", cached)
        return cached

    def entries(self, section: str) -> tuple[SectionEntry, ...]:
        """The entries of a section read after the policy, in file order (none: an empty tuple).

        `section` is a name in the registry (``policy/sections``) of a section with
        its own ``read`` that the command loaded (``load_policy(root, sections)``);
        any other name is a bug, so it raises KeyError.
        """
        return self.later_sections[section]

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def replacement_for(self, old_id: str) -> Question | None:
        """The question that replaces `old_id`, an id of an earlier version (None if none does)."""
        for q in self.questions:
            if q.replaces is not None and q.replaces.id == old_id and q.id != old_id:
                return q
        return None

    def rules_for(self, slot: str) -> tuple[tuple[Rule, Assignment], ...]:
        """The rules that decide `slot`, in order, with what each decides."""
        return self._slot_index.get(slot, ())

    @property
    def _slot_index(self) -> dict[str, tuple[tuple[Rule, Assignment], ...]]:
        cached = self.__dict__.get("_slot_index_cache")
        if cached is None:
            index: dict[str, list[tuple[Rule, Assignment]]] = {}
            for rule in self.rules:
                for assignment in rule.sets:
                    index.setdefault(assignment.slot, []).append((rule, assignment))
            cached = {slot: tuple(pairs) for slot, pairs in index.items()}
            object.__setattr__(self, "_slot_index_cache", cached)
        return cached

    def chains(self) -> Iterator[tuple[str, list[Rule]]]:
        """Every chain: the rules, in order, that decide one slot (``send``) or add one set item (``todo[x]``)."""
        seen: set[str] = set()
        for rule in self.rules:
            for assignment in rule.sets:
                if assignment.slot in seen:
                    continue
                seen.add(assignment.slot)
                pairs = self.rules_for(assignment.slot)
                if self.slot_spec(assignment.slot).type != SET:
                    yield assignment.slot, [r for r, _ in pairs]
                    continue
                items: dict[str, list[Rule]] = {}
                for earlier, adds in pairs:
                    for item in adds.value:
                        items.setdefault(item, []).append(earlier)
                yield from ((f"{assignment.slot}[{item}]", rules) for item, rules in items.items())

    def slot_spec(self, slot: str) -> FieldSpec:
        """The field a slot belongs to (``messages.email`` → ``messages``)."""
        return self.fields[slot.split(".", 1)[0]]


def _new_sha256() -> Any:
    """A SHA-256 hash object, from the interpreter's own module where it has one.

    ``hashlib`` loads OpenSSL (``_hashlib``) when imported: about 3 ms, of an assess run
    that takes about 40 ms beyond its imports of typer and PyYAML. The builtin module
    (``_sha2`` from Python 3.12, ``_sha256`` before) gives the same digest; the policy
    files are small, so its speed does not matter.
    """
    for name in ("_sha2", "_sha256"):
        try:
            return importlib.import_module(name).sha256()
        except ImportError:
            continue
    import hashlib

    return hashlib.sha256()
