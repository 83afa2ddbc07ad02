"""Commands for trainers: the room summary, printable handouts, and demo machines."""

# NOTE: no `from __future__ import annotations` in the modules of commands: Typer reads every
# command's annotations at each start, and evaluates each one given as a string twice (about
# 8 ms of every scan, tests/cli/test_imports.py).

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer

from shadowaudit.cli.options import (
    EXIT_USAGE,
    GROUP_SETTINGS,
    LangOption,
    RulesOption,
    checklist_named,
    command_language,
    err,
    stop,
)
from shadowaudit.cli.output import write_report
from shadowaudit.cli.stopping import stops_on_ctrl_c
from shadowaudit.i18n.translator import N_, _
from shadowaudit.report.formats import Format
from shadowaudit.report.values import printable

if TYPE_CHECKING:
    from shadowaudit.workshop.share import ShareSummary

workshop_app = typer.Typer(
    help="For trainers: what a room most needs to learn.",
    no_args_is_help=True,
    context_settings=GROUP_SETTINGS,
)
PageFormat = Annotated[Format, typer.Option("--format", "-f", help="text, md or html.")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write to this file instead.")
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


@workshop_app.command("summarize")
@stops_on_ctrl_c()
def workshop_summarize(
    files: Annotated[
        list[Path], typer.Argument(help="Share summaries from the room, or folders of them.")
    ],
    fmt: PageFormat = Format.text,
    output: Output = None,
    force: Force = False,
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Sum up the room: how many people, which problems are common, an order for the session."""
    command_language(lang)
    from shadowaudit.engine.loader import load_rules
    from shadowaudit.report.render import render_page
    from shadowaudit.resources import rules_dir
    from shadowaudit.workshop.room import read_shares, summarize

    summaries, refused = read_shares(files)
    for problem in refused:
        # NOTE: one bad file is left out and said so; the room is summed up without it.
        err.print(
            printable(f"{problem} Ask for the file made by 'shadowaudit scan --share'."),
            markup=False,
        )
    if not summaries:
        raise typer.Exit(EXIT_USAGE)
    room = summarize(summaries, {r.id: r for r in load_rules([rules_dir(), *(rules or [])])})
    room.skipped = [problem.shown() for problem in refused]
    if room.duplicates:
        err.print(
            printable(f"Counted once (sent twice): {', '.join(room.duplicates)}"), markup=False
        )
    if fmt is Format.json:
        raise stop("The room summary comes as text, md or html.", EXIT_USAGE)
    write_report(
        render_page("workshop", fmt, room=room),
        output,
        force,
        N_("Room summary written to %(file)s. It holds no names."),
    )
    if refused:
        raise typer.Exit(EXIT_USAGE)


@stops_on_ctrl_c()
def handout(
    checklist: Annotated[str, typer.Option("--checklist", help="basics, browser, travel, ...")],
    fmt: PageFormat = Format.html,
    output: Output = None,
    force: Force = False,
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Print a checklist with the fix steps for each platform, for people who cannot run this."""
    command_language(lang)
    from shadowaudit.report.exact import exact_html
    from shadowaudit.report.render import render_page
    from shadowaudit.scan import load_selected_rules, select_rules
    from shadowaudit.workshop.handout import handout_items, total_time

    chosen = checklist_named(rules, checklist)
    selected = select_rules(load_selected_rules(rules or []), chosen.rules)
    if fmt not in (Format.md, Format.html):
        raise stop("A handout comes as md or html.", EXIT_USAGE)
    items = handout_items(selected)
    total = total_time(sum(item.rule.effort for item in items))
    write_report(
        render_page("handout", fmt, checklist=chosen, items=items, total=total, exact=exact_html),
        output,
        force,
        N_("Handout written to %(file)s. It describes no one's computer; you can share it."),
    )


def demo_machines() -> dict[str, Path]:
    """The fictional computers shipped for demonstrations, by name."""
    from shadowaudit.resources import data_dir

    folder = data_dir("demo")
    return (
        {p.name: p for p in sorted(folder.iterdir()) if (p / "host.yaml").is_file()}
        if folder.is_dir()
        else {}
    )


@stops_on_ctrl_c()
def demo(
    machine: Annotated[
        str, typer.Option("--machine", help="windows-laptop, macbook, linux-laptop.")
    ] = "windows-laptop",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    output: Output = None,
    force: Force = False,
    lang: LangOption = None,
) -> None:
    """Show the report of a fictional person's computer, to project in a workshop."""
    command_language(lang)
    from msgspec.structs import replace
    from rich.console import Console

    from shadowaudit.cli.questionnaire import AnswersError, read_answers
    from shadowaudit.host import RecordedHost
    from shadowaudit.report.render import render
    from shadowaudit.scan import load_questions, load_selected_rules, run_scan

    machines = demo_machines()
    if machine not in machines:
        raise stop(
            f"There is no demo machine {machine}. Demo machines: "
            f"{', '.join(machines) or 'none installed'}.",
            EXIT_USAGE,
        )
    folder = machines[machine]
    selected = load_selected_rules()
    asked = load_questions(selected)
    answers = {}
    if (folder / "answers.yaml").is_file():
        try:
            answers = read_answers(folder / "answers.yaml", asked)
        except AnswersError as exc:
            raise stop(f"The demo answers cannot be used: {exc}", EXIT_USAGE) from exc
    report = replace(run_scan(RecordedHost(folder), selected, None, answers, asked), demo=True)
    Console(stderr=True, highlight=False).print(
        _("This is a demonstration: the report of a fictional person's computer (%(machine)s).")
        % {"machine": machine},
        markup=False,
    )
    write_report(
        render(report, fmt),
        output,
        force,
        N_("Demo report written to %(file)s. It describes a fictional computer."),
    )


def share_text(summary: "ShareSummary") -> str:
    """The share summary exactly as it will be written."""
    return json.dumps(msgspec.to_builtins(summary), indent=2) + "\n"


__all__ = ["demo", "handout", "share_text", "workshop_app"]
