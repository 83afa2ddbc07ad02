"""Questions about what the computer cannot show, and the answers that become `answers.*` facts.

A rule may carry a `question`; context questions that only decide whether rules apply live in
rules/questions/<id>.yaml. "I'm not sure" becomes Missing(not_sure) and no answer
Missing(not_answered): the rule says "could not check", in honest words, and shows how to find out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from shadowaudit.engine.strict import StrictModel
from shadowaudit.facts.base import FactKind, FactSpec, FactValue, Missing, Reason
from shadowaudit.i18n.translator import N_

NOT_SURE = "not_sure"
ANSWERS_SCHEMA = "shadowaudit.answers/1"


class QuestionType(StrEnum):
    """How a question is answered."""

    single = "single"
    multiple = "multiple"
    yes_no = "yes_no"


class Option(StrictModel):
    """One answer a person can choose."""

    value: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)


YES_NO = [
    Option(value="yes", label=N_("Yes")),
    Option(value="no", label=N_("No")),
    Option(value=NOT_SURE, label=N_("I'm not sure")),
]


class Question(StrictModel):
    """A question, its type, and its options (which always offer "I'm not sure")."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Fact name: answers.<id>.")
    text: str = Field(min_length=5)
    type: QuestionType
    options: list[Option] = Field(default_factory=list)
    help: str = Field(default="", description="One sentence on why we ask, shown with it.")

    @model_validator(mode="after")
    def _options_fit_the_type(self) -> Question:
        """Choice questions need options with "not_sure"; yes/no questions bring their own."""
        if self.type is QuestionType.yes_no:
            if self.options:
                raise ValueError("a yes_no question has its options built in; remove 'options'")
            return self
        values = [option.value for option in self.options]
        if len(values) < 2:
            raise ValueError("a choice question needs at least two options")
        if NOT_SURE not in values:
            raise ValueError(f"options must include '{NOT_SURE}' (I'm not sure)")
        if len(set(values)) != len(values):
            raise ValueError("option values must be different")
        return self

    def choices(self) -> list[Option]:
        """The options a person chooses from."""
        return YES_NO if self.type is QuestionType.yes_no else self.options

    @property
    def fact(self) -> str:
        """The fact name the answer becomes."""
        return f"answers.{self.id}"


class QuestionFile(Question):
    """A context question kept in its own file under rules/questions/."""

    schema_: Literal["shadowaudit.question/1"] | None = Field(default=None, alias="schema")


class AnswersFile(StrictModel):
    """A saved set of answers (`--answers FILE`), written only when the person asks."""

    schema_: Literal["shadowaudit.answers/1"] = Field(
        default="shadowaudit.answers/1", alias="schema"
    )
    answers: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="Question id: the value chosen, or a list for a multiple-choice question. "
        "'not_sure' records \"I'm not sure\" (reported as 'You were not sure'); a question "
        "left out was not answered.",
    )


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
