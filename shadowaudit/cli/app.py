"""The command-line program (Typer): parses options, calls the scan, picks a renderer."""

# NOTE: no `from __future__ import annotations` in the modules of commands: Typer reads every
# command's annotations at each start, and evaluates each one given as a string twice (about
# 8 ms of every scan, tests/cli/test_imports.py).

import gc
import io
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shadowaudit import __version__
from shadowaudit.cli.console import use_utf8_console
from shadowaudit.cli.guided import double_clicked, guided
from shadowaudit.cli.options import (
    EXIT_USAGE,
    GROUP_SETTINGS,
    HomeOption,
    LangOption,
    RecordedOption,
    RulesOption,
    apply_language,
    checklist_named,
    command_language,
    err,
    host_for,
    selected_rules,
    stop,
)
from shadowaudit.cli.output import (
    check_writable,
    inert_log_handler,
    say,
    say_json,
    show_in_terminal,
    write_failed,
    write_report,
)
from shadowaudit.cli.rules import rules_app
from shadowaudit.cli.stopping import EXIT_STOPPED, leave, say_saved, stops_on_ctrl_c
from shadowaudit.cli.workshop import demo, handout, share_text, workshop_app
from shadowaudit.i18n.translator import N_, _
from shadowaudit.report.formats import Format
from shadowaudit.report.values import printable

# The engine, the collectors, the questionnaire and the renderers are imported inside the
# commands that use them, so that `shadowaudit --help` starts quickly (tests/cli/test_imports.py).
if TYPE_CHECKING:
    from shadowaudit.cli.questionnaire import Relevant
    from shadowaudit.engine.model import Rule
    from shadowaudit.engine.questions import Question
    from shadowaudit.host.base import Host
    from shadowaudit.report.model import Report
    from shadowaudit.workshop.share import ShareSummary

app = typer.Typer(
    name="shadowaudit",
    help="Check what this computer exposes, and how to fix it. Read-only and offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=GROUP_SETTINGS,
)
app.add_typer(rules_app, name="rules")
app.add_typer(workshop_app, name="workshop")
app.command("handout")(handout)
app.command("demo")(demo)


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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="SHADOWAUDIT_LANG",
            help="Language: en, es, fr, ar, fa or ru (default: this computer's language).",
        ),
    ] = None,
) -> None:
    """Check what this computer exposes, and how to fix it. Read-only and offline."""
    apply_language(lang)
    import logging

    level = logging.DEBUG if verbose else logging.CRITICAL
    logging.basicConfig(level=level, handlers=[inert_log_handler()])


@app.command()
@stops_on_ctrl_c()
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
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers", dir_okay=False, exists=True, help="Take the answers from this file."
        ),
    ] = None,
    share: Annotated[
        Path | None,
        typer.Option(
            "--share",
            dir_okay=False,
            help="Also write an anonymous summary for a trainer (shown to you first).",
        ),
    ] = None,
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist", help="Only the rules of a checklist (basics, browser, travel, ...)."
        ),
    ] = None,
    questions: Annotated[
        bool | None,
        typer.Option(
            "--questions/--no-questions", help="Ask the questions (default: only in a terminal)."
        ),
    ] = None,
    lang: LangOption = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="In a terminal, show the whole report, not only the start."),
    ] = False,
    iocs: Annotated[
        list[Path] | None,
        typer.Option(
            "--iocs",
            dir_okay=False,
            help="Also look for the signs of spyware in this indicator file (STIX 2, "
            "ioc.yaml; repeatable). Never downloaded.",
        ),
    ] = None,
) -> None:
    """Check this computer and print a report. Exit 0: nothing to fix; 1: something to fix."""
    command_language(lang)
    from shadowaudit.cli.wrong_home import (
        NO_CHECK_MADE,
        ROOT_BESIDE_BROWSERS,
        STARTED_WITH_SUDO,
        root_beside_browsers,
        started_with_sudo,
    )
    from shadowaudit.facts.presence.indicators.collector import indicator_files
    from shadowaudit.report.render import render
    from shadowaudit.scan import load_questions, load_selected_rules, still_relevant

    host = host_for(home, recorded)
    if home is None and started_with_sudo(host):
        command = shlex.join(["shadowaudit", *sys.argv[1:]])
        raise stop(_(STARTED_WITH_SUDO) % {"command": command}, EXIT_USAGE)
    for path in (output, share):
        if path is not None:
            check_writable(path, force)
    if output is not None and share is not None and output.absolute() == share.absolute():
        raise stop(_("The report and the share summary need two different files."), EXIT_USAGE)
    selected = selected_rules(rules, only, checklist)
    asked = load_questions(selected, rules or [])
    # NOTE: a file of answers may answer every question; the person is asked only what the
    # rules read on this computer's platform.
    here = load_questions(selected, rules or [], host.platform)
    answers = _answers(asked, here, answers_file, questions, still_relevant(selected, asked))
    named = [*(iocs or []), *(checklist_named(rules, checklist).ioc_files() if checklist else [])]
    with indicator_files(named):
        report = _run(host, selected, answers, asked)
    if output is None and fmt in (None, Format.text) and sys.stdout.isatty():
        show_in_terminal(report, full, sys.argv[1:])
    else:
        chosen = fmt or Format.text
        write_report(render(report, chosen, saved_as=str(output) if output else ""), output, force)
    if share is not None:
        from shadowaudit.workshop.share import share_summary

        _write_share(report, share_summary(report, load_selected_rules(rules or [])), share, force)
    if home is None and root_beside_browsers(host, report):
        err.print(_(ROOT_BESIDE_BROWSERS), markup=False)
    elif report.checks_made == 0:
        err.print(_(NO_CHECK_MADE), markup=False)
    raise typer.Exit(report.exit_code())


def _run(
    host: "Host",
    selected: "list[Rule]",
    answers: dict[str, str | list[str]],
    asked: "dict[str, Question]",
) -> "Report":
    """Run the scan, with a progress spinner on a terminal."""
    from shadowaudit.scan import fork_worker, needed_collectors, run_scan

    # NOTE: forked before the progress spinner starts its thread (shadowaudit/forked.py).
    collectors = needed_collectors(selected, host)
    # NOTE: what is loaded by now (modules, rules, questions) lives until exit. Frozen, the
    # garbage collector no longer walks it: a full collection walked it once per scan (30 ms
    # for a typical home, 86 ms for a heavy one), and a forked worker shares its pages.
    gc.freeze()
    worker = fork_worker(host, collectors)
    # NOTE: isatty first: off a terminal (a pipe, a file) rich is never imported for this.
    if sys.stderr.isatty() and err.is_terminal:
        with err.status(_("Looking at this computer...")) as status:
            return run_scan(
                host,
                selected,
                lambda name: status.update(_("Read %(part)s") % {"part": name}),
                answers,
                asked,
                worker=worker,
                collectors=collectors,
            )
    return run_scan(host, selected, None, answers, asked, worker=worker, collectors=collectors)


def _write_share(report: "Report", summary: "ShareSummary", path: Path, force: bool) -> None:
    """Say in plain words what the share summary tells a trainer, then write it (0600)."""
    from shadowaudit.engine.model import Status
    from shadowaudit.workshop.preview import share_preview
    from shadowaudit.workshop.watching import may_watch

    watched = any(
        may_watch(f.tags) and f.status in (Status.fail, Status.unknown) for f in report.findings
    )
    titles = {f.rule: f.title for f in report.findings}
    err.print(printable(share_preview(summary, titles, watched)), markup=False, end="")
    try:
        agreed = not sys.stdin.isatty() or typer.confirm(
            _("Write it to %(file)s?") % {"file": path}, default=True, err=True
        )
    except (KeyboardInterrupt, typer.Abort):
        err.print(_("The share summary was not written."), markup=False)
        raise typer.Exit(EXIT_STOPPED) from None
    if not agreed:
        err.print(_("The share summary was not written."), markup=False)
        return
    write_report(
        share_text(summary),
        path,
        force,
        N_("Share summary written to %(file)s. It holds no names and no details of this computer."),
    )


def _answers(
    asked: "dict[str, Question]",
    here: "dict[str, Question]",
    answers_file: Path | None,
    questions: bool | None,
    relevant: "Relevant",
) -> dict[str, str | list[str]]:
    """Answers from a file (to any of `asked`), from the person (in a terminal, or when asked
    to: the questions `here`), or none."""
    if answers_file is not None:
        from shadowaudit.cli.questionnaire import AnswersError, read_answers

        try:
            return read_answers(answers_file, asked)
        except AnswersError as exc:
            raise stop(
                _("The answers file cannot be used: %(problem)s") % {"problem": exc}, EXIT_USAGE
            ) from exc
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if here and (questions or (questions is None and interactive)):
        from shadowaudit.cli.questionnaire import ask, question_console

        return ask(here.values(), question_console(), relevant)
    return {}


@app.command("questions")
@stops_on_ctrl_c()
def questions_command(
    save: Annotated[
        Path, typer.Option("--save", dir_okay=False, help="Write your answers to this file (0600).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    rules: RulesOption = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only these rules' questions (id, prefix or tag)."),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Answer the questions now and save them for later scans (--answers FILE)."""
    command_language(lang)
    from shadowaudit.cli.questionnaire import ask, question_console, save_answers
    from shadowaudit.scan import load_questions, still_relevant

    asked = load_questions(selected_rules(rules, only), rules or [])
    if not asked:
        raise stop(_("The selected rules ask no question."), EXIT_USAGE)
    check_writable(save, force)
    answers = ask(
        asked.values(),
        question_console(),
        still_relevant(selected_rules(rules, only), asked),
    )
    try:
        save_answers(save, answers, force)
    except OSError as exc:
        raise write_failed(save, exc) from exc
    say_saved(save, len(answers))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="The rule id, e.g. browser.firefox.https_only.")],
    home: HomeOption = None,
    rules: RulesOption = None,
    recorded: RecordedOption = None,
) -> None:
    """Show each fact read, each condition's outcome and the result of one rule here."""
    from shadowaudit.cli.describe import describe_evaluation
    from shadowaudit.scan import explain_rule

    host = host_for(home, recorded)
    found = [r for r in selected_rules(rules) if r.id == rule_id]
    if not found:
        raise stop(f"There is no rule {rule_id}. See `shadowaudit rules list`.", EXIT_USAGE)
    say(describe_evaluation(found[0], explain_rule(host, found[0])))


@app.command()
def facts(
    home: HomeOption = None,
    show_catalogue: Annotated[
        bool, typer.Option("--catalogue", help="List the documented facts.")
    ] = False,
    recorded: RecordedOption = None,
) -> None:
    """Print the facts read from this computer as JSON (settings and counts, never secrets)."""
    from shadowaudit.cli.describe import describe_catalogue
    from shadowaudit.facts.collectors import catalogue
    from shadowaudit.scan import read_facts

    if show_catalogue:
        say(describe_catalogue(catalogue()))
        return
    say_json(read_facts(host_for(home, recorded)))


def main() -> None:
    """Entry point of the `shadowaudit` command. Output that the terminal cannot show (half a
    character from a damaged file, a name in another alphabet) is replaced, never fatal; the
    standalone program started with no arguments (a double-click) is guided through one scan."""
    use_utf8_console()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    # NOTE: Python looks for garbage cycles every 700 new objects by default. A scan makes
    # hundreds of thousands while it loads modules and rules, nearly none of them garbage:
    # every 20,000 takes about 40 ms off a typical scan (0.44 -> 0.39 s), with the same
    # cycles still collected.
    gc.set_threshold(20_000, *gc.get_threshold()[1:])
    try:
        if double_clicked(sys.argv):
            sys.exit(guided(run_command))
        app()
    except SystemExit as exc:
        # NOTE: a plain ending leaves the objects to the system, all at once (15-20 ms).
        leave(exc.code)
        raise
    finally:
        # NOTE: the objects left at exit are many (rules, facts, models), and Python's last
        # garbage collection would look at every one of them before they are freed anyway:
        # about 0.1 s of a 0.5 s scan (benchmarks/README.md). Frozen, they are only freed.
        gc.freeze()


def run_command(arguments: list[str]) -> int:
    """Run the shadowaudit command with these arguments; its exit status."""
    try:
        app(arguments)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0
