"""Questions about what the computer cannot show, and the answers that become `answers.*` facts.

A rule may carry a `question`; context questions that only decide whether rules apply live in
rules/questions/<id>.yaml. "I'm not sure" becomes Missing(not_sure) and no answer
Missing(not_answered): the rule says "could not check", in honest words, and shows how to find out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, field

from shadowaudit.engine.strict import ModelProblem, StrictModel
from shadowaudit.facts.base import FactKind, FactSpec, FactValue, Missing, Reason
from shadowaudit.i18n.translator import N_

NOT_SURE = "not_sure"
ANSWERS_SCHEMA = "shadowaudit.answers/1"


class QuestionType(StrEnum):
    """How a question is answered."""

    single = "single"
    multiple = "multiple"
    yes_no = "yes_no"


class Option(StrictModel, frozen=True, kw_only=True):
    """One answer a person can choose."""

    value: Annotated[str, Meta(pattern=r"^[a-z0-9_]+$")]
    label: Annotated[str, Meta(min_length=1)]


YES_NO = [
    Option(value="yes", label=N_("Yes")),
    Option(value="no", label=N_("No")),
    Option(value=NOT_SURE, label=N_("I'm not sure")),
]


class Question(StrictModel, frozen=True, kw_only=True):
    """A question, its type, and its options (which always offer "I'm not sure")."""

    id: Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$", description="Fact name: answers.<id>.")]
    text: Annotated[str, Meta(min_length=5)]
    type: QuestionType
    options: list[Option] = field(default_factory=list)
    help: Annotated[str, Meta(description="One sentence on why we ask, shown with it.")] = ""

    def choices(self) -> list[Option]:
        """The options a person chooses from."""
        return YES_NO if self.type is QuestionType.yes_no else self.options

    @property
    def fact(self) -> str:
        """The fact name the answer becomes."""
        return f"answers.{self.id}"


def question_problems(question: Question) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """What a question says that is not allowed, with where: choice questions need options
    with "not_sure"; yes/no questions bring their own."""
    if question.type is QuestionType.yes_no:
        if question.options:
            yield (), "a yes_no question has its options built in; remove 'options'"
        return
    values = [option.value for option in question.options]
    if len(values) < 2:
        yield (), "a choice question needs at least two options"
    elif NOT_SURE not in values:
        yield (), f"options must include '{NOT_SURE}' (I'm not sure)"
    elif len(set(values)) != len(values):
        yield (), "option values must be different"


class QuestionFile(Question, frozen=True, kw_only=True, rename={"schema_": "schema"}):
    """A context question kept in its own file under rules/questions/."""

    schema_: Literal["shadowaudit.question/1"] | None = None


def read_question(data: object) -> QuestionFile:
    """A context question from its parsed file, checked; raise msgspec.ValidationError or
    ModelProblem."""
    question = msgspec.convert(data, QuestionFile)
    for where, problem in question_problems(question):
        raise ModelProblem(where, problem)
    return question


class AnswersFile(StrictModel, frozen=True, kw_only=True, rename={"schema_": "schema"}):
    """A saved set of answers (`--answers FILE`), written only when the person asks."""

    schema_: Literal["shadowaudit.answers/1"] = "shadowaudit.answers/1"
    answers: Annotated[
        dict[str, str | list[str]],
        Meta(
            description="Question id: the value chosen, or a list for a multiple-choice "
            "question. 'not_sure' records \"I'm not sure\" (reported as 'You were not sure'); "
            "a question left out was not answered."
        ),
    ] = field(default_factory=dict)


def answer_problems(
    questions: Mapping[str, Question], answers: Mapping[str, str | list[str]]
) -> list[str]:
    """Plain sentences for answers that name no question or choose no offered option."""
    problems = []
    for question_id, answer in answers.items():
        question = questions.get(question_id)
        if question is None:
            problems.append(f"'{question_id}' is not a question shadowaudit asks")
            continue
        allowed = {option.value for option in question.choices()}
        given = answer if isinstance(answer, list) else [answer]
        if question.type is not QuestionType.multiple and isinstance(answer, list):
            problems.append(f"'{question_id}' takes one answer, not a list")
        problems.extend(
            f"'{value}' is not an answer to '{question_id}' "
            f"(choose from: {', '.join(sorted(allowed))})"
            for value in given
            if value not in allowed
        )
    return problems


def answer_facts(
    questions: Iterable[Question], answers: Mapping[str, str | list[str]]
) -> dict[str, FactValue]:
    """Facts `answers.<id>` for every question: the answer, Missing(not_sure) for "I'm not
    sure" (even beside other choices), or Missing(not_answered)."""
    facts: dict[str, FactValue] = {}
    for question in questions:
        answer = answers.get(question.id)
        values = answer if isinstance(answer, list) else [answer] if answer else []
        if not values:
            facts[question.fact] = Missing(Reason.not_answered, "not answered")
        elif NOT_SURE in values:
            facts[question.fact] = Missing(Reason.not_sure, "not sure")
        elif question.type is QuestionType.multiple:
            facts[question.fact] = list[FactValue](values)
        else:
            facts[question.fact] = values[0]
    return facts


def question_specs(questions: Iterable[Question]) -> dict[str, FactSpec]:
    """Catalogue entries for the answers facts."""
    specs = {}
    for question in questions:
        kind = FactKind.list if question.type is QuestionType.multiple else FactKind.string
        values = ", ".join(o.value for o in question.choices() if o.value != NOT_SURE)
        specs[question.fact] = FactSpec(
            question.fact, kind, f"Answer to: {question.text}", values=values
        )
    return specs
