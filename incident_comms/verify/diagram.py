"""A reduced, ordered, hash-consed multi-valued decision diagram (MDD).

Pure bookkeeping, no policy knowledge. A node is an int: ``FALSE`` (0), ``TRUE``
(1), or an inner node that tests variable ``var`` and has one child per value of
that variable's finite domain. Variables are tested in increasing index order and
a node whose children are all equal is never built, so every Boolean function of
the variables has exactly one node: two conditions are equivalent iff they
compile to the same int, and "is this region empty?" is ``node == FALSE``.

Every operation is memoised. The diagram has a budget, counted from the last
``start_budget()`` (each lint check starts one, so one hard check cannot spend the
next one's budget): at most ``max_nodes`` new nodes, as many new memo entries of
the searches that build nothing, and a deadline. Past any of them it raises
:class:`BudgetExceeded`, and keeps raising until the next ``start_budget()``, so a
caller can never mistake a cut-short analysis for a proof. Nodes built before the
overrun stay correct and shared.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence

FALSE, TRUE = 0, 1
_TERMINAL_VAR = 1 << 30  # terminals sort after every variable


class BudgetExceeded(Exception):
    """The diagram grew past its node budget or its deadline."""


class Diagram:
    """Nodes over variables ``0..len(domains)-1``; ``domains[v]`` is the number of values of v."""

    def __init__(self, domains: Sequence[int], max_nodes: int = 400_000, seconds: float = 20.0) -> None:
        self.domains = tuple(domains)
        self.max_nodes = max_nodes
        self.seconds = seconds
        self.var: list[int] = [_TERMINAL_VAR, _TERMINAL_VAR]
        self.kids: list[tuple[int, ...]] = [(), ()]
        self._unique: dict[tuple[int, tuple[int, ...]], int] = {}
        self._and: dict[int, int] = {}  # keyed by the pair (smaller << 32 | larger)
        self._or: dict[int, int] = {}
        self._not: dict[int, int] = {FALSE: TRUE, TRUE: FALSE}
        self._disjoint: dict[tuple[int, int], bool] = {}
        self._subset: dict[tuple[int, int], bool] = {}
        self._covered: dict[tuple[int, tuple[int, ...]], bool] = {}
        self._searches = 0
        self.start_budget()

    def start_budget(self) -> None:
        """Give the next piece of work a fresh budget of nodes, searches and time."""
        self.exhausted = ""
        self.deadline = time.monotonic() + self.seconds
        self._node_limit = len(self.var) + self.max_nodes
        self._search_limit = self._searches + self.max_nodes

    # ---- building ---------------------------------------------------------------
    def node(self, var: int, kids: tuple[int, ...]) -> int:
        """The node testing `var` with these children (reduced and shared)."""
        first = kids[0]
        if kids.count(first) == len(kids):
            return first
        key = (var, kids)
        found = self._unique.get(key)
        if found is not None:
            return found
        if self.exhausted:
            raise BudgetExceeded(self.exhausted)
        made = len(self.var)
        if made >= self._node_limit:
            self._stop(f"reached its budget of {self.max_nodes:,} nodes")
        if made & 1023 == 0 and time.monotonic() > self.deadline:
            self._stop(f"ran past its time budget of {self.seconds:g} s")
        self.var.append(var)
        self.kids.append(kids)
        self._unique[key] = made
        return made

    def literal(self, var: int, allowed: Iterable[int]) -> int:
        """The region where `var` takes one of the `allowed` value indexes."""
        chosen = set(allowed)
        return self.node(var, tuple(TRUE if i in chosen else FALSE for i in range(self.domains[var])))

    def cube(self, literals: Mapping[int, Iterable[int]]) -> int:
        """The conjunction of literals (var -> allowed value indexes)."""
        result = TRUE
        for var in sorted(literals, reverse=True):
            result = self.conj(self.literal(var, literals[var]), result)
        return result

    @property
    def size(self) -> int:
        """How many nodes exist (terminals included)."""
        return len(self.var)

    # ---- Boolean operations -----------------------------------------------------
    def conj(self, a: int, b: int) -> int:
        """a ∧ b."""
        if a == FALSE or b == FALSE:
            return FALSE
        if a in (TRUE, b):
            return b
        if b == TRUE:
            return a
        key = (a << 32 | b) if a < b else (b << 32 | a)
        found = self._and.get(key)
        if found is not None:
            return found
        result = self._combine(self.conj, a, b)
        self._and[key] = result
        return result

    def disj(self, a: int, b: int) -> int:
        """a ∨ b."""
        if a == TRUE or b == TRUE:
            return TRUE
        if a in (FALSE, b):
            return b
        if b == FALSE:
            return a
        key = (a << 32 | b) if a < b else (b << 32 | a)
        found = self._or.get(key)
        if found is not None:
            return found
        result = self._combine(self.disj, a, b)
        self._or[key] = result
        return result

    def neg(self, a: int) -> int:
        """¬a."""
        found = self._not.get(a)
        if found is None:
            found = self.node(self.var[a], tuple([self.neg(k) for k in self.kids[a]]))
            self._not[a] = found
        return found

    def conj_all(self, nodes: Iterable[int]) -> int:
        """The conjunction of several nodes (TRUE for none).

        Literals (one variable, terminal children) are merged into one cube built
        bottom-up, a node per variable: a rule of eight answer tests then costs eight
        node lookups instead of a pairwise product (bench/lint_scale.py: compiling the
        20,000 rules of 20000x40 went from 11.5 s to about a second)."""
        literals: dict[int, tuple[int, ...]] = {}
        others = []
        for node in nodes:
            if node == FALSE:
                return FALSE
            kids = self.kids[node]
            if node == TRUE:
                continue
            if all(kid <= TRUE for kid in kids):
                var = self.var[node]
                before = literals.get(var)
                literals[var] = kids if before is None else tuple(x & y for x, y in zip(before, kids, strict=True))
            else:
                others.append(node)
        if literals:
            cube = TRUE
            for var in sorted(literals, reverse=True):
                cube = self.node(var, tuple(cube if allowed else FALSE for allowed in literals[var]))
            others.append(cube)
        return self._balanced(others, self.conj, TRUE)

    def disj_all(self, nodes: Iterable[int]) -> int:
        """The disjunction of several nodes (FALSE for none)."""
        return self._balanced(list(nodes), self.disj, FALSE)

    def _balanced(self, nodes: list[int], op, unit: int) -> int:  # type: ignore[no-untyped-def]
        # Pairwise (tree) combination keeps intermediate results small.
        if not nodes:
            return unit
        while len(nodes) > 1:
            paired = [op(nodes[i], nodes[i + 1]) for i in range(0, len(nodes) - 1, 2)]
            if len(nodes) % 2:
                paired.append(nodes[-1])
            nodes = paired
        return nodes[0]

    def _combine(self, op, a: int, b: int) -> int:  # type: ignore[no-untyped-def]
        va, vb = self.var[a], self.var[b]
        if va == vb:
            return self.node(va, tuple(map(op, self.kids[a], self.kids[b])))
        if va < vb:
            return self.node(va, tuple([op(k, b) for k in self.kids[a]]))
        return self.node(vb, tuple([op(a, k) for k in self.kids[b]]))

    # ---- questions about regions (build nothing) --------------------------------
    def disjoint(self, a: int, b: int) -> bool:
        """Whether a ∧ b is empty."""
        if a == FALSE or b == FALSE:
            return True
        if a in (TRUE, b) or b == TRUE:
            return False
        key = (a, b) if a < b else (b, a)
        found = self._disjoint.get(key)
        if found is None:
            self._tick()
            found = all(self._pairs(self.disjoint, a, b))
            self._disjoint[key] = found
        return found

    def subset(self, a: int, b: int) -> bool:
        """Whether a ⊆ b (a ⇒ b everywhere)."""
        if a in (FALSE, b) or b == TRUE:
            return True
        if a == TRUE or b == FALSE:
            return False
        key = (a, b)
        found = self._subset.get(key)
        if found is None:
            self._tick()
            found = all(self._pairs(self.subset, a, b))
            self._subset[key] = found
        return found

    def covered_by(self, a: int, parts: Sequence[int]) -> bool:
        """Whether a ⊆ (parts[0] ∨ parts[1] ∨ ...), without building the union."""
        if a == FALSE:
            return True
        live = tuple(sorted({p for p in parts if p != FALSE}))
        if not live:
            return False
        if live[0] == TRUE or a in live:  # TRUE (1) sorts first once FALSE (0) is gone
            return True
        if len(live) == 1:
            return self.subset(a, live[0])
        key = (a, live)
        found = self._covered.get(key)
        if found is None:
            self._tick()
            var = min(self.var[a], *(self.var[p] for p in live))
            found = all(
                self.covered_by(self._cofactor(a, var, i), [self._cofactor(p, var, i) for p in live])
                for i in range(self.domains[var])
            )
            self._covered[key] = found
        return found

    def uncovered_path(self, a: int, parts: Sequence[int]) -> dict[int, int] | None:
        """A path into a minus the union of `parts` (var -> value index), or None if covered."""
        path: dict[int, int] = {}
        live = [p for p in parts if p != FALSE]
        while live:
            if self.covered_by(a, live):
                return None
            var = min(self.var[a], *(self.var[p] for p in live))
            value = next(
                i for i in range(self.domains[var])
                if not self.covered_by(self._cofactor(a, var, i), [self._cofactor(p, var, i) for p in live])
            )
            path[var] = value
            a = self._cofactor(a, var, value)
            live = [q for q in (self._cofactor(p, var, value) for p in live) if q != FALSE]
        rest = self.some_path(a)
        return None if rest is None else {**path, **rest}

    def _tick(self) -> None:
        """Count a search's memo entry against the budget; check the deadline now and then."""
        self._searches += 1
        if self.exhausted:
            raise BudgetExceeded(self.exhausted)
        if self._searches >= self._search_limit:
            self._stop(f"reached its budget of {self.max_nodes:,} search steps")
        if self._searches & 4095 == 0 and time.monotonic() > self.deadline:
            self._stop(f"ran past its time budget of {self.seconds:g} s")

    def _cofactor(self, a: int, var: int, value: int) -> int:
        return self.kids[a][value] if self.var[a] == var else a

    def _pairs(self, test, a: int, b: int):  # type: ignore[no-untyped-def]
        va, vb = self.var[a], self.var[b]
        if va == vb:
            return (test(x, y) for x, y in zip(self.kids[a], self.kids[b], strict=True))
        if va < vb:
            return (test(x, b) for x in self.kids[a])
        return (test(a, y) for y in self.kids[b])

    # ---- reading a region -------------------------------------------------------
    def some_path(self, a: int, prefer: Sequence[Sequence[int]] = ()) -> dict[int, int] | None:
        """One assignment (var -> value index) of the variables on a path to TRUE, or None.

        Variables not in the result may take any value. `prefer[var]` orders the
        values to try first (the rest follow in index order).
        """
        if a == FALSE:
            return None
        path: dict[int, int] = {}
        while a != TRUE:
            var, kids = self.var[a], self.kids[a]
            order = list(prefer[var]) if var < len(prefer) else []
            order += [i for i in range(len(kids)) if i not in order]
            value = next(i for i in order if kids[i] != FALSE)
            path[var] = value
            a = kids[value]
        return path

    def holds_at(self, a: int, point: Sequence[int]) -> bool:
        """Whether the assignment `point` (a value index per variable) lies in region `a`."""
        while a > TRUE:
            a = self.kids[a][point[self.var[a]]]
        return a == TRUE

    def _stop(self, reason: str) -> None:
        self.exhausted = reason
        raise BudgetExceeded(reason)
