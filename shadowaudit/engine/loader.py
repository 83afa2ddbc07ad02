"""Load rule files: YAML, read into the rule model and checked; errors name file, rule and field."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import msgspec

from shadowaudit import yamlio
from shadowaudit.compiled import shipped_for
from shadowaudit.engine.model import Rule, read_rule
from shadowaudit.engine.questions import Question, QuestionFile, read_question
from shadowaudit.engine.strict import ModelProblem, located
from shadowaudit.errors import RuleLoadError

log = logging.getLogger(__name__)

#: Folders inside a rules folder that hold data or checklists, not rules.
NOT_RULES = {"data", "checklists", "questions"}
#: Largest rule file we read.
MAX_RULE_BYTES = 256 * 1024


def load_rule_file(path: Path) -> Rule:
    """Read and validate one rule file; raise RuleLoadError with a one-line message."""
    import yaml

    shown = str(path)
    try:
        if path.stat().st_size > MAX_RULE_BYTES:
            raise RuleLoadError(shown, None, None, "the file is too large to be a rule")
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(shown, None, None, f"cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise RuleLoadError(shown, None, None, f"is not valid YAML{line}") from exc
    if not isinstance(data, dict):
        raise RuleLoadError(shown, None, None, "must be a YAML mapping of rule fields")
    rule_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        return read_rule(data)
    except (msgspec.ValidationError, ModelProblem) as exc:
        raise RuleLoadError(shown, rule_id, *located(exc)) from exc


def rule_files(folder: Path) -> list[Path]:
    """The rule files below a folder, sorted, skipping data and checklist folders."""
    files = []
    for path in sorted(folder.rglob("*.yaml")):
        if NOT_RULES.intersection(path.relative_to(folder).parts[:-1]):
            continue
        files.append(path)
    return files


def expected_id(path: Path, folder: Path) -> str:
    """The id a rule file must have: its path below the rules folder, dotted."""
    return ".".join(path.relative_to(folder).with_suffix("").parts)


def load_rules(folders: Iterable[Path], compiled: bool = True) -> list[Rule]:
    """Load every rule of the folders; ids must equal paths and be unique across folders.

    The shipped folder's rules come from the compiled bundle when there is a valid one
    (engine/compiled.py), unless `compiled` is False.
    """
    rules: dict[str, Rule] = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleLoadError(str(folder), None, None, "is not a folder of rules")
        for path, rule in _folder_rules(folder, compiled):
            if rule.id in rules:
                raise RuleLoadError(str(path), rule.id, "id", "is used by another rule already")
            rules[rule.id] = rule
    log.debug("loaded %d rules", len(rules))
    return list(rules.values())


def _folder_rules(folder: Path, compiled: bool) -> Iterator[tuple[Path, Rule]]:
    """Each rule of one folder with its file: from the compiled bundle, or read and checked."""
    bundle = shipped_for(folder) if compiled else None
    if bundle is not None:
        for rule in bundle.rules:
            yield folder.joinpath(*rule.id.split(".")).with_suffix(".yaml"), rule
        return
    for path in rule_files(folder):
        rule = load_rule_file(path)
        wanted = expected_id(path, folder)
        if rule.id != wanted:
            raise RuleLoadError(
                str(path),
                rule.id,
                "id",
                f"must be '{wanted}', the file's place in the rules folder",
            )
        yield path, rule


def load_context_questions(folders: Iterable[Path], compiled: bool = True) -> list[QuestionFile]:
    """The context questions in the `questions/` folder of each rules folder."""
    found: dict[str, QuestionFile] = {}
    for folder in folders:
        bundle = shipped_for(folder) if compiled else None
        questions = bundle.questions if bundle is not None else _read_questions(folder)
        found.update({question.id: question for question in questions})
    return list(found.values())


def _read_questions(folder: Path) -> list[QuestionFile]:
    """The context questions of one folder, read from YAML and checked."""
    import yaml  # NOTE: lazy, a scan with the compiled bundle never needs PyYAML.

    questions: list[QuestionFile] = []
    for path in sorted((folder / "questions").glob("*.yaml")):
        shown = str(path)
        try:
            data = yamlio.safe_load(path.read_text(encoding="utf-8"))
            question = read_question(data)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RuleLoadError(shown, None, None, f"cannot be read ({exc})") from exc
        except (msgspec.ValidationError, ModelProblem) as exc:
            raise RuleLoadError(shown, None, *located(exc)) from exc
        if question.id != path.stem:
            raise RuleLoadError(shown, None, "id", f"must be '{path.stem}', the file name")
        questions.append(question)
    return questions


def all_questions(rules: Iterable[Rule], context: Iterable[Question]) -> dict[str, Question]:
    """Every question: those rules carry, and the context questions, by id."""
    questions: dict[str, Question] = {q.id: q for q in context}
    for rule in rules:
        if rule.question is not None:
            questions[rule.question.id] = rule.question
    return questions
