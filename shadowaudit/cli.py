"""The command-line program (Typer): parses options, calls the scan, picks a renderer."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from shadowaudit import __version__
from shadowaudit.describe import describe_catalogue, describe_evaluation, describe_rule
from shadowaudit.engine.evaluate import evaluate_rule
from shadowaudit.engine.examples import check_rule_examples
from shadowaudit.engine.lint import lint_rule
from shadowaudit.engine.loader import load_rules
from shadowaudit.engine.model import Rule, Status
from shadowaudit.errors import RecordingError, RuleError
from shadowaudit.facts import COLLECTORS, catalogue
from shadowaudit.facts.base import fact_to_json
from shadowaudit.host import Host, LocalHost, RecordedHost
from shadowaudit.report.render import Format, render
from shadowaudit.resources import rules_dir
from shadowaudit.scan import collect_facts, load_selected_rules, needed_collectors, run_scan

EXIT_FAILED, EXIT_USAGE, EXIT_BROKEN = 1, 2, 3

app = typer.Typer(
    name="shadowaudit",
    help="Check what this computer exposes, and how to fix it. Read-only and offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, show, validate and test the rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

err = Console(stderr=True, highlight=False, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Check this home folder instead of yours.", file_okay=False),
]
RecordedOption = Annotated[
    Path | None,
    typer.Option(
        "--recorded",
        help="Replay a recorded machine folder instead of this computer.",
        file_okay=False,
        exists=True,
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Also load the rules in this folder (repeatable).",
        file_okay=False,
        exists=True,
    ),
]


def _version(value: bool) -> None:
    """Print the version and stop (the --version option)."""
    if value:
        print(f"shadowaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and stop."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Explain on stderr what is read.")
    ] = False,
) -> None:
    """Check what this computer exposes, and how to fix it. Read-only and offline."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.CRITICAL,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _host(home: Path | None, recorded: Path | None) -> Host:
    """The computer to check: a recording, another home, or this computer."""
    if recorded is not None:
        try:
            return RecordedHost(recorded)
        except RecordingError as exc:
            raise _stop(f"That recorded machine cannot be read: {exc}", EXIT_USAGE) from exc
    if home is not None and not home.is_dir():
        raise _stop(f"There is no folder {home}.", EXIT_USAGE)
    return LocalHost(home)


def _stop(message: str, code: int) -> typer.Exit:
    """Print a one-line message for the person; the caller raises the Exit returned."""
    err.print(message, markup=False)
    return typer.Exit(code)


def _rules(extra: list[Path] | None, only: list[str] | None = None) -> list[Rule]:
    """Load the selected rules; a broken rule stops with a one-line message and exit 3."""
    try:
        rules = load_selected_rules(extra or [], only or [])
    except RuleError as exc:
        raise _stop(f"A rule is broken: {exc}", EXIT_BROKEN) from exc
    if only and not rules:
        raise _stop(f"No rule matches {', '.join(only)}. See `shadowaudit rules list`.", EXIT_USAGE)
    return rules


def _write(text: str, output: Path | None, force: bool) -> None:
    """Write the report to stdout, or to a new file readable by its owner only."""
    if output is None:
        sys.stdout.write(text)
        return
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        descriptor = os.open(output, flags, 0o600)
    except FileExistsError as exc:
        raise _stop(f"{output} already exists. Use --force to replace it.", EXIT_USAGE) from exc
    except OSError as exc:
        raise _stop(f"Cannot write {output}: {exc.strerror}", EXIT_USAGE) from exc
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    err.print(
        f"Report written to {output}. It describes weaknesses of this computer: keep it private.",
        markup=False,
    )


@app.command()
def scan(
    home: HomeOption = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Report format (default: text; styled on a terminal)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", dir_okay=False, help="Write the report to this file (0600)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing output file.")
    ] = False,
    rules: RulesOption = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only rules with this id, id prefix or tag (repeatable)."),
    ] = None,
    recorded: RecordedOption = None,
) -> None:
    """Check this computer and print a report. Exit 0: nothing to fix; 1: something to fix."""
    host = _host(home, recorded)
    selected = _rules(rules, only)
    if err.is_terminal:
        with err.status("Looking at this computer...") as status:
            report = run_scan(host, selected, lambda name: status.update(f"Read {name}"))
    else:
        report = run_scan(host, selected)
    if fmt is None and output is None and sys.stdout.isatty():
        show_in_terminal(render(report, Format.md))
    else:
        chosen = fmt or Format.text
        _write(render(report, chosen, saved_as=str(output) if output else ""), output, force)
    if report.summary[Status.error]:
        raise typer.Exit(EXIT_BROKEN)
    if report.summary[Status.fail]:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="The rule id, e.g. browser.firefox.https_only.")],
    home: HomeOption = None,
    rules: RulesOption = None,
    recorded: RecordedOption = None,
) -> None:
    """Show each fact read, each condition's outcome and the result of one rule here."""
    host = _host(home, recorded)
    found = [r for r in _rules(rules) if r.id == rule_id]
    if not found:
        raise _stop(f"There is no rule {rule_id}. See `shadowaudit rules list`.", EXIT_USAGE)
    facts = collect_facts(host, needed_collectors(found, host))
    results = evaluate_rule(found[0], facts, host.platform, catalogue())
    print(describe_evaluation(found[0], results), end="")


@app.command()
def facts(
    home: HomeOption = None,
    show_catalogue: Annotated[
        bool, typer.Option("--catalogue", help="List the documented facts.")
    ] = False,
    recorded: RecordedOption = None,
) -> None:
    """Print the facts read from this computer as JSON (settings and counts, never secrets)."""
    if show_catalogue:
        print(describe_catalogue(catalogue()), end="")
        return
    host = _host(home, recorded)
    collectors = [c for c in COLLECTORS if host.platform in c.platforms]
    collected = collect_facts(host, collectors)
    print(
        json.dumps(
            {k: fact_to_json(v) for k, v in sorted(collected.items())}, indent=2, ensure_ascii=False
        )
    )


@rules_app.command("list")
def rules_list(rules: RulesOption = None) -> None:
    """List the rules: id, severity and title."""
    for rule in _rules(rules):
        print(f"{rule.id:<40} {rule.severity:<9} {rule.title}")


@rules_app.command("show")
def rules_show(rule_id: str, rules: RulesOption = None) -> None:
    """Show one rule in plain words."""
    found = [r for r in _rules(rules) if r.id == rule_id]
    if not found:
        raise _stop(f"There is no rule {rule_id}. See `shadowaudit rules list`.", EXIT_USAGE)
    print(describe_rule(found[0], LocalHost().platform), end="")


RulesFolder = Annotated[
    Path | None,
    typer.Argument(file_okay=False, exists=True, help="Rules folder (default: shipped rules)."),
]


def _load_folder(folder: Path | None) -> list[Rule]:
    """The rules of one folder (the shipped ones by default); a broken file stops with exit 3."""
    try:
        return load_rules([folder] if folder is not None else [rules_dir()])
    except RuleError as exc:
        raise _stop(str(exc), EXIT_BROKEN) from exc


@rules_app.command("validate")
def rules_validate(folder: RulesFolder = None) -> None:
    """Check rule files against the schema and the fact catalogue."""
    loaded = _load_folder(folder)
    specs = catalogue()
    problems = [f"{rule.id}: {p}" for rule in loaded for p in lint_rule(rule, specs)]
    for problem in problems:
        err.print(problem, markup=False)
    if problems:
        raise typer.Exit(EXIT_BROKEN)
    print(f"{len(loaded)} rules are valid.")


@rules_app.command("test")
def rules_test(folder: RulesFolder = None) -> None:
    """Run every rule's examples, and check that missing evidence never decides a verdict."""
    loaded = _load_folder(folder)
    specs = catalogue()
    failures = [f for rule in loaded for f in check_rule_examples(rule, specs)]
    for failure in failures:
        err.print(f"{failure.rule} / {failure.example}: {failure.message}", markup=False)
    failed = len({(f.rule, f.example) for f in failures})
    cases = sum(len(rule.examples) for rule in loaded)
    print(f"{cases - failed} passed, {failed} failed")
    if failures:
        raise typer.Exit(EXIT_BROKEN)


def show_in_terminal(markdown: str) -> None:
    """Show the Markdown report styled by rich (NO_COLOR is honoured by rich itself)."""
    from rich.markdown import Markdown

    Console(highlight=False).print(Markdown(markdown))


def main() -> None:
    """Entry point of the `shadowaudit` command."""
    app()
