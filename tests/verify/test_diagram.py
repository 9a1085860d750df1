"""The decision diagram: equal functions are the same node, and region tests are exact."""

from __future__ import annotations

import pytest

from incident_comms.verify.diagram import FALSE, TRUE, BudgetExceeded, Diagram


@pytest.fixture
def dd() -> Diagram:
    return Diagram([2, 3, 2])  # a yes/no, a three-valued and another yes/no variable


def test_equivalent_conditions_compile_to_the_same_node(dd: Diagram) -> None:
    a, b = dd.literal(0, [1]), dd.literal(1, [0, 2])
    assert dd.neg(dd.conj(a, b)) == dd.disj(dd.neg(a), dd.neg(b))
    assert dd.disj(dd.literal(1, [0]), dd.literal(1, [2])) == b
    assert dd.disj(a, dd.neg(a)) == TRUE and dd.conj(a, dd.neg(a)) == FALSE
    assert dd.literal(1, [0, 1, 2]) == TRUE


def test_subset_disjoint_and_covered_by(dd: Diagram) -> None:
    x0, x2 = dd.literal(0, [1]), dd.literal(2, [1])
    both = dd.conj(x0, x2)
    assert dd.subset(both, x0) and not dd.subset(x0, both)
    assert dd.disjoint(both, dd.neg(x0)) and not dd.disjoint(x0, x2)
    middle = dd.literal(1, [1])
    assert dd.covered_by(x0, [dd.conj(x0, middle), dd.conj(x0, dd.neg(middle))])
    assert not dd.covered_by(x0, [dd.conj(x0, middle), both])


def test_a_path_to_true_lies_in_the_region(dd: Diagram) -> None:
    region = dd.conj(dd.literal(0, [0]), dd.literal(1, [2]))
    path = dd.some_path(region)
    assert path == {0: 0, 1: 2}
    assert dd.holds_at(region, [path.get(v, 0) for v in range(3)])
    assert dd.some_path(FALSE) is None


def test_building_past_the_budget_raises_and_keeps_raising() -> None:
    small = Diagram([2] * 10, max_nodes=6)
    with pytest.raises(BudgetExceeded, match="budget of 6 nodes"):
        small.cube({v: [1] for v in range(10)})
    with pytest.raises(BudgetExceeded):
        small.literal(9, [0])


def test_running_past_the_deadline_raises() -> None:
    late = Diagram([50] * 30, seconds=0)  # the deadline has passed before the first node
    with pytest.raises(BudgetExceeded, match="time budget"):
        for var in range(30):
            for value in range(50):
                late.literal(var, [value])


def test_a_part_that_is_everything_covers_without_a_search() -> None:
    dd = Diagram([2, 3, 2], max_nodes=100)
    a, b = dd.literal(0, [1]), dd.literal(1, [0, 2])
    region, other = dd.conj(a, b), dd.literal(2, [1])
    dd.max_nodes = 0
    dd.start_budget()  # no search step left: any search would raise
    assert dd.covered_by(region, [b, TRUE, a])
    with pytest.raises(BudgetExceeded, match="search steps"):
        dd.covered_by(region, [other, b])


def test_an_uncovered_path_lies_in_the_region_and_outside_every_part(dd: Diagram) -> None:
    region = dd.literal(1, [0, 1])
    parts = [dd.conj(dd.literal(0, [1]), dd.literal(1, [0])), dd.literal(2, [0])]
    path = dd.uncovered_path(region, parts)
    assert path is not None
    point = [path.get(v, 0) for v in range(3)]
    assert dd.holds_at(region, point) and not any(dd.holds_at(p, point) for p in parts)
    assert dd.uncovered_path(region, [region, dd.literal(2, [0])]) is None


def test_each_piece_of_work_gets_a_fresh_budget() -> None:
    small = Diagram([2] * 10, max_nodes=6)
    with pytest.raises(BudgetExceeded):
        small.cube({v: [1] for v in range(10)})
    small.start_budget()
    assert small.literal(9, [0]) > TRUE  # builds again, the nodes made before still shared
