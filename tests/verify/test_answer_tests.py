"""The layout reads each distinct answer test once (``space.answer_tests``): the value
classes and the tested choices are the same as from every test the policy writes."""

from __future__ import annotations

from hypothesis import given

from incident_comms.policy.model import MULTIPLE, AnswerIncludes, Policy
from incident_comms.verify.space import answer_tests, atoms, conditions_of, value_classes

from .randompolicy import policies
from .test_against_brute_force import SETTINGS


@SETTINGS
@given(policies())
def test_distinct_tests_tell_the_same_choices_apart_as_all_tests(policy: Policy) -> None:
    every = [atom for condition in conditions_of(policy) for atom in atoms(condition)]
    distinct = answer_tests(policy)
    assert sum(len(tests) for tests in distinct.values()) == len({(a.question, a.values if hasattr(a, "values")
                                                                    else (a.value,)) for a in every})
    for question in policy.questions:
        written = [a for a in every if a.question == question.id]
        assert bool(distinct[question.id]) == bool(written)  # "tested by no condition" stays true or false
        if question.kind == MULTIPLE:
            assert {t.value for t in distinct[question.id] if isinstance(t, AnswerIncludes)} == \
                {t.value for t in written if isinstance(t, AnswerIncludes)}
        else:
            assert value_classes(question, distinct[question.id]) == value_classes(question, written)
