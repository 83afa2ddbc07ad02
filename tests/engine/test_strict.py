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


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            {"id": "q_one", "text": "Why?", "type": "yes_no"},
            ("text", "should have at least 5 characters"),
        ),
        (
            {"id": "Q", "text": "Why not?", "type": "yes_no"},
            ("id", "does not have the form it needs (^[a-z][a-z0-9_]*$)"),
        ),
        (
            {"id": "q_one", "text": "Why not?", "type": "maybe"},
            ("type", "'maybe' is not one of the values allowed here"),
        ),
        (
            {"id": "q_one", "text": "Why not?", "type": "yes_no", "help": None},
            ("help", "should be text, not empty"),
        ),
    ],
)
def test_msgspec_messages_in_plain_words(data: object, said: tuple[str, str]) -> None:
    assert problem_of(data, read_question) == said


def test_a_wrong_type_says_what_was_expected_without_backticks() -> None:
    field, problem = problem_of({"not": {"fact": "a", "exists": "yes"}}, read_condition)
    assert field == "not.exists"
    assert problem == "should be true or false, not text"


def test_a_file_of_the_wrong_shape_has_no_place() -> None:
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.convert(["a list"], AnswersFile)
    field, problem = located(caught.value)
    assert field is None and problem == "should be a mapping (name: value), not a list"


def test_a_problem_of_meaning_keeps_its_place() -> None:
    field, problem = problem_of({"all": [{"fact": "a", "equals": 1, "in": [1]}]}, read_condition)
    assert field == "all.0"
    assert problem == "give exactly one operator (found: equals, in)"
    assert located(ModelProblem((), "examples need at least one 'pass'")) == (
        None,
        "examples need at least one 'pass'",
    )
