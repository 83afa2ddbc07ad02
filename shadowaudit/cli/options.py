"""What the command-line modules share: options, the exit codes, and one-line stops."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from shadowaudit.errors import RecordingError, RuleError
from shadowaudit.i18n.translator import _
from shadowaudit.report.formats import EXIT_BROKEN as EXIT_BROKEN
from shadowaudit.report.values import printable

# The command-line modules import the engine, the collectors and the renderers inside the
# commands, never here: `shadowaudit --help` must not pay for them (tests/test_cli_imports.py).
if TYPE_CHECKING:
    from rich.console import Console

    from shadowaudit.engine.model import Rule
    from shadowaudit.host import Host
    from shadowaudit.workshop.checklists import PlacedChecklist

#: A usage error; a report's own exit statuses are in report/formats.py.
EXIT_USAGE = 2


@cache
def _error_console() -> Console:
    """The console of standard error, made when something is first said on it."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


class _OnFirstUse:
    """Stands for the standard-error console: rich is imported only when something is said,
    so `shadowaudit --help` does not pay for it (benchmarks/README.md)."""

    def __getattr__(self, name: str) -> Any:
        """The console's own attribute."""
        return getattr(_error_console(), name)


#: Where the program speaks to the person (standard error), a rich Console.
err = cast("Console", _OnFirstUse())

#: The context settings of every command group. A Typer that coerces an option left unset
#: through a pydantic TypeAdapter (where pydantic is installed) would import it (about 60 ms)
#: before `shadowaudit rules --help` could answer; a default of False skips that coercion.
#: An explicit --help is still True and still shows the help.
GROUP_SETTINGS: dict[str, Any] = {"default_map": {"help": False}}

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
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the report and messages: en, es, fr, ar, fa or ru "
        "(default: this computer's language).",
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


def host_for(home: Path | None, recorded: Path | None) -> Host:
    """The computer to check: a recording, another home, or this computer. From here on,
    private copies are removed however the program ends (SIGINT, SIGTERM, SIGHUP, exit)."""
    from shadowaudit.host.scratch import remove_on_exit

    remove_on_exit()

    if recorded is not None:
        from shadowaudit.host import RecordedHost

        try:
            return RecordedHost(recorded)
        except RecordingError as exc:
            raise stop(
                _("That recorded machine cannot be read: %(problem)s") % {"problem": exc},
                EXIT_USAGE,
            ) from exc
    if home is not None and not home.is_dir():
        raise stop(_("There is no folder %(folder)s.") % {"folder": home}, EXIT_USAGE)
    from shadowaudit.host import LocalHost

    return LocalHost(home)


def apply_language(asked: str | None) -> None:
    """Speak the language asked for (--lang, else SHADOWAUDIT_LANG), else this computer's;
    exit 2 for one that shadowaudit does not speak."""
    from shadowaudit.i18n.languages import UnknownLanguage, choose_language
    from shadowaudit.i18n.translator import shipped_languages, translator_for, use

    asked = asked or os.environ.get("SHADOWAUDIT_LANG") or None
    available = shipped_languages()
    try:
        chosen = choose_language(asked, available, os.environ)
    except UnknownLanguage as exc:
        raise stop(
            _("shadowaudit does not speak '%(language)s' yet. Choose one of: %(languages)s.")
            % {"language": asked, "languages": ", ".join(available)},
            EXIT_USAGE,
        ) from exc
    use(translator_for(chosen))


def command_language(asked: str | None) -> None:
    """A command's own --lang, when given, wins over the one chosen before it."""
    if asked:
        apply_language(asked)


def stop(message: str, code: int) -> typer.Exit:
    """Print a one-line message for the person (inert in a terminal); the caller raises the
    Exit returned."""
    err.print(printable(message), markup=False)
    return typer.Exit(code)


def checklist_named(extra: list[Path] | None, name: str) -> PlacedChecklist:
    """A checklist by name (shipped, or in a --rules folder); exit 2 when there is none."""
    from shadowaudit.resources import rules_dir
    from shadowaudit.workshop.checklists import load_checklists

    try:
        found = load_checklists([rules_dir(), *(extra or [])])
    except RuleError as exc:
        raise stop(_("A checklist is broken: %(problem)s") % {"problem": exc}, EXIT_BROKEN) from exc
    if name not in found:
        raise stop(
            _("There is no checklist %(name)s. Checklists: %(names)s.")
            % {"name": name, "names": ", ".join(sorted(found))},
            EXIT_USAGE,
        )
    return found[name]


def selected_rules(
    extra: list[Path] | None, only: list[str] | None = None, checklist: str | None = None
) -> list[Rule]:
    """Load the selected rules (by --only and --checklist); a broken rule stops with exit 3."""
    from shadowaudit.scan import load_selected_rules, select_rules

    try:
        rules = load_selected_rules(extra or [], only or [])
    except RuleError as exc:
        raise stop(_("A rule is broken: %(problem)s") % {"problem": exc}, EXIT_BROKEN) from exc
    if checklist is not None:
        rules = select_rules(rules, checklist_named(extra, checklist).rules)
    if only and not rules:
        raise stop(
            _("No rule matches %(wanted)s. See `shadowaudit rules list`.")
            % {"wanted": ", ".join(only)},
            EXIT_USAGE,
        )
    return rules
