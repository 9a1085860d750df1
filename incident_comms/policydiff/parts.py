"""Reading a region of the joint diagram: how many incidents it holds, and its parts in words.

What is counted (also in the README): an incident is one answer to every question
asked, by either policy. Each value of a yes-no or one-choice question counts (three
severities are three incidents); a several-choices answer counts by the choices that
some condition of either policy tests, since picking a choice nothing tests changes no
decision (``products: [logs]`` and ``products: [logs, surveys]`` are one incident when
no rule looks at ``surveys``), and incidents that differ only by swapping choices that
every condition treats alike are one incident (the default policy tests every product
the same way, "any of them", so ``[logs]`` and ``[cdp]`` are one incident, and
``[logs, cdp]`` another: it counts by how many are picked). An old and a new value
linked by ``replaces`` are one answer; a question only one policy asks counts only where
that policy asks it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from ..frozen import Frozen
from ..verify.diagram import FALSE, TRUE
from ..verify.regions import PolicyRegions
from ..verify.space import Variable
from .joint import NEW, OLD, view


class Part(Frozen):
    """One box of a region: its description, its incidents, and one of them as joint answers."""

    description: str
    count: int
    answers: dict[str, Any]


class Counter:
    """Weighted model counting over one diagram (memoised across regions).

    `canonical` is the region of the one representative of each incident: within each
    group of interchangeable several-choices items, the picked ones come first.
    """

    def __init__(self, space: PolicyRegions, canonical: int = TRUE) -> None:
        self.space = space
        self.canonical = canonical
        self.weights = [_weights(v) for v in space.variables]
        totals = [sum(w) for w in self.weights]
        self._below = [1] * (len(totals) + 1)  # product of totals of variables >= i
        for i in range(len(totals) - 1, -1, -1):
            self._below[i] = self._below[i + 1] * totals[i]
        self._memo: dict[int, int] = {FALSE: 0}

    def count(self, region: int) -> int:
        """How many incidents lie in `region`."""
        region = self.space.diagram.conj(region, self.canonical)
        return self._skipped(0, region) * self._from(region)

    def _level(self, node: int) -> int:
        return len(self.weights) if node <= TRUE else self.space.diagram.var[node]

    def _skipped(self, level: int, node: int) -> int:
        """The product of the totals of the variables from `level` to just before `node`'s."""
        return self._below[level] // self._below[self._level(node)]

    def _from(self, node: int) -> int:
        if node == TRUE:
            return 1
        found = self._memo.get(node)
        if found is None:
            dd = self.space.diagram
            var = dd.var[node]
            found = sum(
                w * self._skipped(var + 1, kid) * self._from(kid)
                for w, kid in zip(self.weights[var], dd.kids[node], strict=True)
                if kid != FALSE
            )
            self._memo[node] = found
        return found


    def count_union(self, regions: list[int], limit: int = 20_000) -> int | None:
        """How many incidents lie in the union of `regions`, or None past `limit` steps.

        Walks the regions together instead of building their union: the union of changes
        to unrelated fields can be far larger than any of them, and building it would
        spend the verifier's budget on a total that only sums up what is already proved.
        """
        memo: dict[tuple[int, ...], int] = {}
        steps = [0]

        def level(nodes: tuple[int, ...]) -> int:
            return min((self._level(n) for n in nodes), default=len(self.weights))

        def walk(nodes: tuple[int, ...]) -> int:
            if TRUE in nodes:
                return 1  # the caller multiplied in every assignment below
            if not nodes:
                return 0
            found = memo.get(nodes)
            if found is None:
                steps[0] += 1
                if steps[0] > limit:
                    raise _TooCostly
                dd = self.space.diagram
                var = level(nodes)
                found = 0
                for value, weight in enumerate(self.weights[var]):
                    kids = tuple(sorted({(dd.kids[n][value] if dd.var[n] == var else n) for n in nodes} - {FALSE}))
                    found += weight * self._skipped(var + 1, _lowest(kids, self)) * walk(kids)
                memo[nodes] = found
            return found

        dd = self.space.diagram
        live = tuple(sorted({dd.conj(r, self.canonical) for r in regions} - {FALSE}))
        try:
            return self._skipped(0, _lowest(live, self)) * walk(live)
        except _TooCostly:
            return None


class _TooCostly(Exception):
    pass


def _lowest(nodes: tuple[int, ...], counter: Counter) -> int:
    """The node of `nodes` at the lowest level (TRUE when one is TRUE, FALSE when none)."""
    if TRUE in nodes:
        return TRUE
    if not nodes:
        return FALSE
    return min(nodes, key=counter._level)


def canonical_region(space: PolicyRegions, groups: list[tuple[str, list[Any]]]) -> int:
    """Where, in every group of interchangeable items, an item is picked only if the one before it is."""
    dd = space.diagram
    parts = []
    for qid, items in groups:
        found = [space.choice_var.get((qid, item)) for item in items]
        variables = [v for v in found if v is not None]
        for before, after in pairwise(variables):
            parts.append(dd.disj(dd.literal(after, [0]), dd.literal(before, [1])))
    return dd.conj_all(parts)


def _weights(variable: Variable) -> list[int]:
    if variable.is_choice:
        return [1, 1]
    return [max(len(values), 1) for values in variable.classes]


def parts(space: PolicyRegions, valid: int, region: int, counter: Counter, most: int) -> Iterator[Part]:
    """Disjoint boxes that together make `region` (within `valid`), the largest first found, at most `most`."""
    dd = space.diagram
    rest = region
    for _ in range(most):
        if rest == FALSE:
            return
        literals = _grown_box(space, valid, rest)
        box = dd.conj(dd.conj(dd.cube(dict(literals)), valid), rest)
        from ..verify.witness import counterexample

        yield Part(describe(space, literals), counter.count(box), counterexample(space, box) or {})
        rest = dd.conj(rest, dd.neg(box))


def _grown_box(space: PolicyRegions, valid: int, region: int) -> dict[int, set[int]]:
    """A box (var -> allowed values) inside `region`: one path, unneeded tests dropped, the rest widened."""
    dd = space.diagram
    path = dd.some_path(region, _preferences(space))
    assert path is not None
    literals = {var: {value} for var, value in path.items()}

    def box(trial: dict[int, set[int]]) -> int:
        return dd.conj(dd.cube(dict(trial)), valid)

    def inside(trial: dict[int, set[int]]) -> bool:
        found = box(trial)
        return found != FALSE and dd.subset(found, region)

    for var in sorted(literals, reverse=True):  # drop follow-up questions first: their askers stay
        trial = {v: s for v, s in literals.items() if v != var}
        if inside(trial):
            literals = trial
    for var in literals:
        unasked = {i for i, values in enumerate(space.variables[var].classes) if not values}
        for value in [v for v in range(dd.domains[var]) if v not in unasked] + sorted(unasked):
            if value in literals[var]:
                continue
            wider = {**literals, var: literals[var] | {value}}
            if value in unasked and box(wider) == box(literals):
                continue  # "or not asked" that the other tests already rule out only adds words
            if inside(wider):
                literals = wider
    return literals


def _preferences(space: PolicyRegions) -> list[list[int]]:
    return [
        [i for i, values in enumerate(v.classes) if not v.is_choice and v.question.default in values]
        for v in space.variables
    ]


def describe(space: PolicyRegions, literals: dict[int, set[int]]) -> str:
    """A box in words, in the new policy's names: ``security=true, data_exposed=confirmed``."""
    in_asking_order = sorted(literals.items(), key=lambda item: space.asking_order(item[0]))
    shown = [_show(space.variables[var], sorted(allowed)) for var, allowed in in_asking_order]
    return ", ".join(s for s in shown if s) or "any incident"


def _show(variable: Variable, allowed: list[int]) -> str:
    name = variable.question.id
    if variable.is_choice:
        verb = "includes" if allowed == [1] else "does not include"
        return f"{name} {verb} {shown_value(variable.choice)}"
    values = [value for i in allowed for value in variable.classes[i]]
    unasked = any(not variable.classes[i] for i in allowed)
    if not values:
        return f"{name} not asked"
    texts = list(dict.fromkeys(shown_value(v) for v in values))
    text = f"{name}={texts[0]}" if len(texts) == 1 else f"{name} in {{{', '.join(texts)}}}"
    return f"{text} or not asked" if unasked else text


def shown_value(value: tuple[Any, Any]) -> str:
    """A joint value as people read it: the new value, else the old one marked as such."""
    new, old = view(NEW, value), view(OLD, value)
    if new is not None:
        return _text(new)
    return f"{_text(old)} (old)"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
