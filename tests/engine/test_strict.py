"""A problem in a file is named by its place (dotted) and said as a short plain phrase."""

from __future__ import annotations

import msgspec
import pytest

from shadowaudit.engine.model import read_condition
from shadowaudit.engine.questions import AnswersFile, read_question
from shadowaudit.engine.strict import ModelProblem, located


def problem_of(data: object, read: object) -> tuple[str | None, str]:
    assert callable(read)
    with pytest.raises((msgspec.ValidationError, ModelProblem)) as caught:
        read(data)
    assert isinstance(caught.value, msgspec.ValidationError | ModelProblem)
    return located(caught.value)


def test_an_unknown_key_is_named_with_its_place() -> None:
    field, problem = problem_of({"any": [{"fact": "a", "equals": 1, "sevrity": 2}]}, read_condition)
    assert field == "any.0.sevrity"
    assert problem == "is not a field this file can have (check the spelling)"


def test_a_missing_key_is_named() -> None:
    assert problem_of({"id": "q_one", "type": "yes_no"}, read_question) == (
        "text",
        "is required but missing",
    )


def test_a_wrong_type_says_what_was_expected_without_backticks() -> None:
    field, problem = problem_of({"not": {"fact": "a", "exists": "yes"}}, read_condition)
    assert field == "not.exists"
    assert problem == "expected 'bool', got 'str'"


def test_a_file_of_the_wrong_shape_has_no_place() -> None:
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.convert(["a list"], AnswersFile)
    field, problem = located(caught.value)
    assert field is None and problem.startswith("expected 'object'")


def test_a_problem_of_meaning_keeps_its_place() -> None:
    field, problem = problem_of({"all": [{"fact": "a", "equals": 1, "in": [1]}]}, read_condition)
    assert field == "all.0"
    assert problem == "give exactly one operator (found: equals, in)"
    assert located(ModelProblem((), "examples need at least one 'pass'")) == (
        None,
        "examples need at least one 'pass'",
    )
