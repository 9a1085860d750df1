"""Running a policy's own tests (the ``tests:`` section of its rule files).

Each test case gives answers and what the policy must decide for them. A case fails
when its answers are not exactly the answers to the questions that are asked, or
when any expected field differs from the decision. Pure: no I/O, no printing;
``comms lint`` and pytest report the results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..answers import CheckedAnswers, check_answers
from ..engine import Decision, decide
from ..errors import CommsError
from ..frozen import Frozen
from .model import NONE, RECORDS, SET, FieldSpec, Policy, PolicyTest


class TestResult(Frozen):
    """The outcome of one policy test: each failure is one line naming field, expected and actual."""

    __test__ = False  # not a pytest test class

    test: PolicyTest
    failures: tuple[str, ...]
    decision: Decision | None = None  # None when the answers are not exactly the questions asked

    @property
    def passed(self) -> bool:
        """True when the case found nothing wrong."""
        return not self.failures


def run_policy_tests(policy: Policy) -> list[TestResult]:
    """Run every test case of `policy`, in the order they are written."""
    return [run_policy_test(policy, test) for test in policy.tests]


def run_policy_test(policy: Policy, test: PolicyTest) -> TestResult:
    """Run one test case: check its answers, decide, compare each expected key."""
    try:
        checked = check_answers(policy, test.answers)
    except CommsError as exc:
        return TestResult(test, (f"answers: {exc.message.removeprefix('answers: ')}",))
    failures = _exactness_failures(checked)
    if failures:
        return TestResult(test, failures)
    decision = decide(policy, checked.answers)
    found = [_compare(policy, decision, key, expected) for key, expected in test.expect.items()]
    return TestResult(test, tuple(f for f in found if f), decision)


def rule_coverage(policy: Policy, results: list[TestResult]) -> dict[str, list[PolicyTest]]:
    """Each rule's id, in rule order, with the test cases that make it fire (in `fired`).

    Cases whose answers are not exactly the questions asked do not count; the decisions
    are the ones the cases were run with, so ``comms lint`` decides each case once.
    """
    fired: dict[str, list[PolicyTest]] = {rule.id: [] for rule in policy.rules}
    for result in results:
        if result.decision is not None:
            for item in result.decision.fired:
                fired[item.rule.id].append(result.test)
    return fired


def _exactness_failures(checked: CheckedAnswers) -> tuple[str, ...]:
    """A test answers exactly the questions that are asked: no fewer, no more."""
    failures = []
    if checked.missing:
        failures.append(f"answers: missing answers to asked questions: {', '.join(checked.missing)}")
    if checked.ignored:
        failures.append(f"answers: answers to questions that are not asked: {', '.join(checked.ignored)}")
    return tuple(failures)


def _compare(policy: Policy, decision: Decision, key: str, expected: Any) -> str:
    """One failure line for `key`, or '' when the decision matches."""
    name, _, record_key = key.partition(".")
    spec = policy.fields.get(name)
    if spec is None:
        return f"{key}: not a field of this policy"
    if record_key:
        return _compare_slot(spec, decision, key, record_key, expected)
    actual = decision.values.get(name)
    if spec.type == SET:
        return _compare_set(key, expected, actual)  # type: ignore[arg-type]  # a set field's value is a list
    if spec.type == RECORDS:
        return _compare_records(spec, key, expected, actual)  # type: ignore[arg-type]  # a records field's value is a list
    if expected == actual and type(expected) is type(actual):
        return ""
    return f"{key}: expected {_show(expected)}, got {_show(actual)}"


def _compare_set(key: str, expected: Any, actual: list[str]) -> str:
    if not isinstance(expected, list):
        return f"{key}: expected a list of ids in the test, found {_show(expected)}"
    missing = [item for item in expected if item not in actual]
    extra = [item for item in actual if item not in expected]
    if not missing and not extra:
        return ""
    notes = ([f"missing {', '.join(map(str, missing))}"] if missing else []) + (
        [f"unexpected {', '.join(extra)}"] if extra else []
    )
    return f"{key}: expected {_show(sorted(map(str, expected)))}, got {_show(sorted(actual))} ({'; '.join(notes)})"


def _compare_records(spec: FieldSpec, key: str, expected: Any, actual: list[dict[str, Any]]) -> str:
    if not isinstance(expected, list) or not all(isinstance(r, Mapping) and spec.key in r for r in expected):
        return f"{key}: expected a list of records, each with its {spec.key}, in the test; found {_show(expected)}"
    wanted = {str(r[spec.key]): _plain(r) for r in expected}
    got = {str(r[spec.key]): _plain(r) for r in actual}
    if wanted == got and len(wanted) == len(expected):
        return ""
    return f"{key}: expected {_show_records(spec, wanted)}, got {_show_records(spec, got)}"


def _compare_slot(spec: FieldSpec, decision: Decision, key: str, record_key: str, expected: Any) -> str:
    actual: Any = NONE
    for record in decision.values.get(spec.name) or ():
        if record.get(spec.key) == record_key:
            actual = {attr: record.get(attr) for attr in spec.attributes}
    wanted = expected if expected == NONE else {attr: (expected or {}).get(attr) for attr in spec.attributes}
    if wanted == actual:
        return ""
    return f"{key}: expected {_show(wanted)}, got {_show(actual)}"


def _plain(record: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in record.items()}


def _show_records(spec: FieldSpec, records: dict[str, dict[str, Any]]) -> str:
    order = {key: i for i, key in enumerate(spec.values)}
    keys = sorted(records, key=lambda k: (order.get(k, len(order)), k))
    return "[" + ", ".join(_show(records[k]) for k in keys) + "]"


def _show(value: Any) -> str:
    """A value as YAML-like flow text: true, none, [a, b], {audience: public, ...}."""
    if value is None:
        return "nothing (undecided)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


__all__ = ["TestResult", "rule_coverage", "run_policy_test", "run_policy_tests"]
