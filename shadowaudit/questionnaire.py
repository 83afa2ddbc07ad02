"""The old address of `shadowaudit.cli.questionnaire`, kept while a test still imports it."""

from __future__ import annotations

from shadowaudit.cli.questionnaire import AnswersError, read_answers, save_answers

__all__ = ["AnswersError", "read_answers", "save_answers"]
