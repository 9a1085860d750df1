"""Frozen value types: what they promise at run time, and that type checkers see them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from incident_comms.frozen import Frozen, Ordered

REPO = Path(__file__).resolve().parent.parent


class Point(Frozen):
    x: int
    y: int = 0
    tags: list[str] = []


class Other(Frozen):
    x: int
    y: int = 0
    tags: list[str] = []


class Rank(Ordered):
    level: int
    name: str = ""


def test_positional_keyword_and_default_arguments() -> None:
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    assert Point(1).y == 0
    assert repr(Point(1, tags=["a"])) == "Point(x=1, y=0, tags=['a'])"


def test_a_list_default_is_a_new_list_for_each_instance() -> None:
    first, second = Point(1), Point(2)
    first.tags.append("mine")
    assert second.tags == [] and Point.__dict__["tags"] == []


@pytest.mark.parametrize(("args", "kwargs"), [((), {}), ((1, 2, [], 4), {}), ((1,), {"x": 2}), ((1,), {"z": 3})])
def test_wrong_arguments_are_type_errors(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_instances_are_immutable_and_replace_gives_a_changed_copy() -> None:
    p = Point(1)
    with pytest.raises(AttributeError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x
    q = p.replace(y=5)
    assert (p.y, q.y, type(q)) == (0, 5, Point)


def test_equal_only_to_the_same_type_and_hashable() -> None:
    assert Point(1) != Other(1) and Point(1) == Point(1)
    assert len({Rank(1), Rank(1), Rank(2)}) == 2 and hash(Rank(1, "a")) == hash(Rank(1, "a"))


def test_ordered_types_sort_by_their_fields() -> None:
    assert sorted([Rank(2), Rank(1, "b"), Rank(1, "a")]) == [Rank(1, "a"), Rank(1, "b"), Rank(2)]
    assert Rank(1) <= Rank(1) < Rank(2) and Rank(3) >= Rank(2) > Rank(1)


def test_typing_extensions_is_not_needed_at_run_time() -> None:
    code = ("import sys; sys.modules['typing_extensions'] = None\n"
            "import incident_comms.frozen, incident_comms.cli\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (CI runs it)")
def test_a_type_checker_sees_frozen_types_as_frozen_dataclasses() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "tests/typing/frozen_usage.py"],
                          capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout
