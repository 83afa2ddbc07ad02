"""Every text a person reads in the rules, questions and checklists, with its context."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from shadowaudit.engine.model import PlatformText, Rule
from shadowaudit.engine.questions import Question
from shadowaudit.workshop.checklists import Checklist

#: (context, message): the context is the rule id, or questions.<id> / checklists.<id>.
Text = tuple[str, str]


def _steps(text: PlatformText) -> Iterator[str]:
    """Every step of every platform."""
    for platform in ("all", "linux", "macos", "windows"):
        yield from getattr(text, platform) or []


def question_texts(question: Question) -> Iterator[str]:
    """A question's text, its help and the labels of its own options."""
    yield question.text
    if question.help:
        yield question.help
    for option in question.options:
        yield option.label


def rule_texts(rule: Rule) -> Iterator[str]:
    """Everything of a rule that a person reads, in file order, each once (its question has
    its own context, questions.<id>, like the questions kept in their own files)."""
    found: list[str] = [rule.title, rule.why, rule.messages.pass_, rule.messages.fail]
    checks = list(rule.check.variants.values()) if rule.check.variants else [rule.check]
    found.extend(check.none_found for check in checks if check.none_found)
    found.append(rule.applies_to.otherwise)
    for text in (rule.fix, *rule.fix_by_kind.values(), rule.verify, rule.check_by_hand):
        found.extend(_steps(text))
    yield from dict.fromkeys(text for text in found if text)


def all_texts(
    rules: Iterable[Rule], questions: Iterable[Question], checklists: Iterable[Checklist]
) -> Iterator[Text]:
    """The texts of rules, context questions and checklists, with their contexts."""
    rules = list(rules)
    for rule in rules:
        for message in rule_texts(rule):
            yield rule.id, message
    for question in [*(r.question for r in rules if r.question), *questions]:
        for message in question_texts(question):
            yield f"questions.{question.id}", message
    for checklist in checklists:
        yield f"checklists.{checklist.id}", checklist.title
        yield f"checklists.{checklist.id}", checklist.description
