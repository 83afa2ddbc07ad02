"""`shadowaudit rules ...`: list, show, validate and test the rules."""

# NOTE: no `from __future__ import annotations` in the modules of commands: Typer reads every
# command's annotations at each start, and evaluates each one given as a string twice (about
# 8 ms of every scan, tests/cli/test_imports.py).

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shadowaudit.cli.options import (
    EXIT_BROKEN,
    EXIT_USAGE,
    GROUP_SETTINGS,
    RulesOption,
    err,
    selected_rules,
    stop,
)
from shadowaudit.cli.output import say
from shadowaudit.errors import RuleError
from shadowaudit.report.values import printable, visible

if TYPE_CHECKING:
    from shadowaudit.engine.model import Rule

rules_app = typer.Typer(
    help="List, show, validate and test the rules.",
    no_args_is_help=True,
    context_settings=GROUP_SETTINGS,
)


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List the rules: id, severity and title."""
    for rule in selected_rules(rules):
        say(f"{visible(rule.id):<40} {rule.severity:<9} {visible(rule.title)}\n")


@rules_app.command("show")
def rules_show(rule_id: str, rules: RulesOption = None) -> None:
    """Show one rule in plain words."""
    from shadowaudit.cli.describe import describe_rule
    from shadowaudit.host import LocalHost

    found = [r for r in selected_rules(rules) if r.id == rule_id]
    if not found:
        raise stop(f"There is no rule {rule_id}. See `shadowaudit rules list`.", EXIT_USAGE)
    say(describe_rule(found[0], LocalHost().platform))


RulesFolder = Annotated[
    Path | None,
    typer.Argument(file_okay=False, exists=True, help="Rules folder (default: shipped rules)."),
]


def _load_folder(folder: Path | None) -> "list[Rule]":
    """The rules of one folder (the shipped ones by default); a broken file stops with exit 3."""
    from shadowaudit.engine.loader import load_rules
    from shadowaudit.resources import rules_dir

    try:
        return load_rules([folder] if folder is not None else [rules_dir()])
    except RuleError as exc:
        raise stop(str(exc), EXIT_BROKEN) from exc


@rules_app.command("validate")
def rules_validate(folder: RulesFolder = None) -> None:
    """Check rule files against the schema and the fact catalogue."""
    from shadowaudit.engine.lint import lint_rule
    from shadowaudit.scan import full_catalogue, load_questions

    loaded = _load_folder(folder)
    specs = full_catalogue(load_questions(loaded, [folder] if folder else []))
    problems = [f"{rule.id}: {p}" for rule in loaded for p in lint_rule(rule, specs)]
    for problem in problems:
        err.print(printable(problem), markup=False)
    if problems:
        raise typer.Exit(EXIT_BROKEN)
    print(f"{len(loaded)} rules are valid.")


@rules_app.command("test")
def rules_test(folder: RulesFolder = None) -> None:
    """Run every rule's examples, check that missing evidence never decides a verdict, and
    that every rule has its falsification review (a `falsify` note and a trap example)."""
    from shadowaudit.engine.examples import check_rule_examples
    from shadowaudit.engine.lint import falsification_problems
    from shadowaudit.scan import full_catalogue, load_questions

    loaded = _load_folder(folder)
    specs = full_catalogue(load_questions(loaded, [folder] if folder else []))
    failures = [f for rule in loaded for f in check_rule_examples(rule, specs)]
    for failure in failures:
        err.print(printable(f"{failure.rule} / {failure.example}: {failure.message}"), markup=False)
    unreviewed = [(rule.id, p) for rule in loaded for p in falsification_problems(rule)]
    for rule_id, problem in unreviewed:
        err.print(printable(f"{rule_id}: {problem}"), markup=False)
    failed = len({(f.rule, f.example) for f in failures})
    cases = sum(len(rule.examples) for rule in loaded)
    print(f"{cases - failed} passed, {failed} failed")
    if unreviewed:
        print(f"Rules without their falsification review: {len({r for r, _ in unreviewed})}")
    if failures or unreviewed:
        raise typer.Exit(EXIT_BROKEN)
