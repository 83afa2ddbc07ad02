"""Asking the questions in a terminal: one at a time, each can be skipped, and you can stop."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import msgspec
import yaml
from rich.console import Console

from shadowaudit import yamlio
from shadowaudit.cli.stopping import QuestionsStopped
from shadowaudit.engine.questions import (
    ANSWERS_SCHEMA,
    AnswersFile,
    Question,
    QuestionType,
    answer_problems,
)
from shadowaudit.engine.strict import located
from shadowaudit.i18n.translator import N_, _, current

STOP = "q"
#: The key of q on Arabic and Persian keyboards, which also stops the questions.
STOP_KEYS = (STOP, "ض")
INTRO = N_(
    "shadowaudit cannot see your online accounts or your phone, so it asks a few questions. "
    "Your answers stay on this computer and are not saved unless you ask. "
    "Press Enter to skip a question, or type q to stop asking."
)


class AnswersError(ValueError):
    """An answers file that cannot be used, with a one-line reason."""


def _pick(question: Question, reply: str) -> str | list[str] | None:
    """The answer a reply stands for, or None when it is not valid."""
    choices = question.choices()
    # NOTE: Arabic and Persian keyboards type "،" for a comma; int() reads their digits.
    numbers = [part.strip() for part in re.split(r"[,،]", reply) if part.strip()]
    if not numbers or not all(n.isdigit() and 1 <= int(n) <= len(choices) for n in numbers):
        return None
    picked = [choices[int(n) - 1].value for n in numbers]
    if question.type is QuestionType.multiple:
        return list(dict.fromkeys(picked))
    return picked[0] if len(picked) == 1 else None


Relevant = Callable[[Question, dict[str, str | list[str]]], bool]


def _read_reply(prompt: str) -> str:
    """One line the person typed, trimmed and in lower case; STOP at the end of input (Ctrl-C
    is let through: it stops the whole program). The prompt goes to stderr, so that stdout
    holds only the report."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    try:
        reply = input().strip().lower()
    except EOFError:
        return STOP
    return STOP if reply in STOP_KEYS else reply


def question_console() -> Console:
    """The console the questions are asked on (standard error)."""
    return Console(stderr=True, highlight=False)


def ask(
    questions: Iterable[Question], console: Console, relevant: Relevant | None = None
) -> dict[str, str | list[str]]:
    """Ask each question that is still relevant given the answers so far; return the answers
    given (skipped ones are left out). The end of input counts as "stop asking"; Ctrl-C raises
    QuestionsStopped with the answers given so far."""
    answers: dict[str, str | list[str]] = {}
    try:
        _ask_each(list(questions), console, relevant, answers)
    except KeyboardInterrupt:
        raise QuestionsStopped(answers) from None
    return answers


def _ask_each(
    todo: list[Question],
    console: Console,
    relevant: Relevant | None,
    answers: dict[str, str | list[str]],
) -> None:
    """The questions one by one, each answer put in `answers` as soon as it is given."""
    console.print(_(INTRO), markup=False)
    for index, question in enumerate(todo, 1):
        if relevant is not None and not relevant(question, answers):
            continue
        tr, context = current(), f"questions.{question.id}"
        heading = _("Question %(number)d of %(total)d:") % {"number": index, "total": len(todo)}
        console.print(f"\n{heading} {tr.text(question.text, context)}", markup=False)
        if question.help:
            console.print(tr.text(question.help, context), markup=False, style="dim")
        for number, option in enumerate(question.choices(), 1):
            console.print(f"  {number}. {tr.text(option.label, context)}", markup=False)
        hint = (
            _("Type the numbers that apply, separated by commas (Enter to skip, q to stop): ")
            if question.type is QuestionType.multiple
            else _("Type a number (Enter to skip, q to stop): ")
        )
        while True:
            reply = _read_reply(hint)
            if reply in ("", STOP):
                break
            picked = _pick(question, reply)
            if picked is not None:
                answers[question.id] = picked
                break
            console.print(
                _("That is not one of the numbers above. Please try again."), markup=False
            )
        if reply == STOP:
            console.print(_("No more questions. The rest count as not answered."), markup=False)
            break


def _yes_no_words(data: object) -> object:
    """YAML reads a bare yes or no as true or false; answers use the words."""
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        words = {True: "yes", False: "no"}
        return {
            **data,
            "answers": {
                k: words.get(v, v) if isinstance(v, bool) else v for k, v in data["answers"].items()
            },
        }
    return data


def read_answers(path: Path, questions: dict[str, Question]) -> dict[str, str | list[str]]:
    """Answers from a file written by `shadowaudit questions --save` (or by hand)."""
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
        answers = msgspec.convert(_yes_no_words(data or {}), AnswersFile).answers
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise AnswersError(f"{path} cannot be read: it is not valid YAML{line}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersError(f"{path} cannot be read ({type(exc).__name__})") from exc
    except msgspec.ValidationError as exc:
        field, problem = located(exc)
        where = f"field '{field}'" if field else "the file"
        raise AnswersError(f"{path}: {where}: {problem}") from exc
    problems = answer_problems(questions, answers)
    if problems:
        raise AnswersError(f"{path}: {problems[0]}")
    return answers


def save_answers(path: Path, answers: dict[str, str | list[str]], force: bool) -> None:
    """Write answers to a new file readable by its owner only (replace only with `force`)."""
    from shadowaudit.cli.output import write_private

    text = yaml.safe_dump(
        {"schema": ANSWERS_SCHEMA, "answers": answers}, allow_unicode=True, sort_keys=True
    )
    header = "# Your answers to shadowaudit's questions. Keep this file private.\n"
    write_private(path, header + text, force)
