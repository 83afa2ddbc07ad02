"""Renderers: the report as terminal text, Markdown (Jinja2 templates in templates/) or JSON."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import msgspec

from shadowaudit.engine.model import Status
from shadowaudit.host.base import Platform
from shadowaudit.i18n.translator import N_, _, current, translator_for, using
from shadowaudit.report.formats import Format as Format
from shadowaudit.report.model import Finding, Report
from shadowaudit.report.opening import (
    DEMO,
    HELP,
    HELPLINE,
    HELPLINE_URL,
    KIT,
    KIT_URL,
    counted,
    duration,
    opening,
)
from shadowaudit.report.values import (
    in_words,
    json_safe,
    markdown_text,
    printable,
    readable,
    visible,
)
from shadowaudit.resources import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment

#: Status and severity as a person reads them (never colour alone).
STATUS_WORDS = {
    "pass": N_("Fine"),
    "fail": N_("Needs fixing"),
    "unknown": N_("Could not check"),
    "not_applicable": N_("Does not apply"),
    "error": N_("shadowaudit's mistake"),
}
SEVERITY_WORDS = {
    "critical": N_("very urgent"),
    "high": N_("urgent"),
    "medium": N_("important"),
    "low": N_("good to do"),
    "info": N_("for your information"),
}


class _Translated(dict[str, str]):
    """Words looked up in the language in use each time they are read."""

    def __getitem__(self, key: str) -> str:
        """The word for a key, translated."""
        return _(super().__getitem__(key))


def systems_counted(platforms: dict[str, int]) -> str:
    """'2 Linux, 1 Windows': how many computers of each system."""
    return ", ".join(f"{count} {Platform(name).shown}" for name, count in sorted(platforms.items()))


def untranslated_titles(report: Report) -> list[str]:
    """What is shown in English in this report: titles of untranslated rules, and a phrase
    for the program's own words when some of them (also while rendering) fell back."""
    titles = {f.rule: f.title for f in report.findings}
    parts = sorted({titles.get(rule, rule) for rule in report.untranslated if rule in titles})
    if "shadowaudit" in report.untranslated or current().missed():
        parts.append(_("some of shadowaudit's own words"))
    return parts


def found_names(finding: Finding) -> str:
    """The names of the programs an alarming finding found (from its evidence)."""
    names = [
        visible(str(item.get("name")))
        for e in finding.evidence
        if isinstance(e.value, list)
        for item in e.value
        if isinstance(item, dict) and item.get("name")
    ]
    return ", ".join(names) if names else finding.title


def found_words(finding: Finding) -> list[tuple[str, list[str]]]:
    """What a finding found, in words: the programs, extensions, websites or folders named in
    its evidence, each with what was noticed about it (settings and numbers are left to
    `shadowaudit explain`)."""
    return [words for e in finding.evidence for words in in_words(e.value)]


def _wrap(text: str, indent: int = 0, first: str = "", width: int = 78) -> str:
    """Wrap text at `width` columns with an indent and a first-line prefix.

    Lines never break at a hyphen, inside a word or inside a quoted command: "sudo
    dpkg-reconfigure unattended-upgrades" stays on one line, or the person types it wrong.
    """
    from shadowaudit.report.exact import keep_commands_whole

    prefix = " " * indent
    return textwrap.fill(
        keep_commands_whole(text),
        width=width,
        initial_indent=prefix + first,
        subsequent_indent=prefix + " " * len(first),
        break_on_hyphens=False,
        break_long_words=False,
    ).replace("\x00", " ")


def help_text(fmt: str) -> str:
    """Where to get help, with the addresses as the format shows them (text, md, html)."""
    helpline, kit = _(HELPLINE), _(KIT)
    if fmt == "html":
        from markupsafe import Markup, escape

        return Markup(_(HELP)) % {
            "helpline": Markup(f'<a href="{HELPLINE_URL}">{escape(helpline)}</a>'),
            "kit": Markup(f'<a href="{KIT_URL}">{escape(kit)}</a>'),
        }
    if fmt == "md":
        return _(HELP) % {"helpline": f"[{helpline}]({HELPLINE_URL})", "kit": f"[{kit}]({KIT_URL})"}
    return _(HELP) % {"helpline": f"{helpline} ({HELPLINE_URL})", "kit": f"{kit} ({KIT_URL})"}


@cache
def _environment(autoescape: bool) -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on or off)."""
    # NOTE: imported here, so that a JSON report does not pay for loading Jinja2, MarkupSafe
    # and the patterns of report/exact.py (3 ms).
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from shadowaudit.report.exact import exact_html, exact_md

    env = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    # The callables ask for the translator in use at each call: render() sets the report's.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: current().text(message),
        ngettext=lambda one, many, n: current().plural(one, many, n),
        pgettext=lambda context, message: current().text(message, context),
        npgettext=lambda context, one, many, n: current().plural(one, many, n, context),
        newstyle=True,
    )
    env.filters["value"] = readable
    env.filters["found"] = found_words
    env.filters["exact"] = lambda text: exact_html(text, current().direction == "rtl")
    env.filters["exact_md"] = exact_md
    env.globals["help_text"] = help_text
    env.globals["demo_words"] = lambda: _(DEMO)
    env.filters["md"] = markdown_text
    env.filters["wrap"] = _wrap
    env.globals["counted"] = counted
    env.globals["rule_text"] = lambda context, text: current().text(text, context)
    env.globals["systems"] = systems_counted
    env.globals["untranslated"] = untranslated_titles
    env.globals["opening"] = opening
    env.globals["duration"] = duration
    env.globals["Status"] = Status
    env.filters["found_names"] = found_names
    env.globals["status_words"] = _Translated(STATUS_WORDS)
    env.globals["severity_words"] = _Translated(SEVERITY_WORDS)
    env.globals["platform_words"] = {platform.value: platform.shown for platform in Platform}
    env.filters["slug"] = lambda text: re.sub(r"[^A-Za-z0-9]+", "-", str(text)).strip("-")
    env.filters["host"] = lambda url: urlsplit(url).netloc or url
    return env


_SUFFIX = {Format.text: "txt", Format.md: "md", Format.html: "html"}


def render_page(template: str, fmt: Format, language: str | None = None, **context: object) -> str:
    """A page (report, workshop summary, handout) in a format: text, md or html, in a
    language (default: the one in use), inert in a terminal whatever the names it shows."""
    suffix = _SUFFIX.get(fmt)
    if suffix is None:
        raise ValueError(f"{template} has no {fmt.value} form")
    with using(translator_for(language or current().language)) as tr:
        return printable(
            _environment(fmt is Format.html)
            .get_template(f"{template}.{suffix}.j2")
            .render(lang=tr.language.replace("_", "-"), direction=tr.direction, **context)
        )


def render(report: Report, fmt: Format, saved_as: str = "", html_command: str = "") -> str:
    """The report as text in the given format (`saved_as`: where it will be written;
    `html_command`: a command that writes it as a web page, said at the end of the text),
    inert in a terminal whatever the computer's names hold."""
    if fmt is Format.json:
        return json_safe(msgspec.json.format(msgspec.json.encode(report), indent=2).decode()) + "\n"
    return render_page(
        "report", fmt, report.language, r=report, saved_as=saved_as, html_command=html_command
    )


#: The widest line of the terminal view, whatever the terminal's width.
TERMINAL_WIDTH = 100
#: The most lines of the terminal view: "Fix these first" always whole, then as many other
#: things to fix as fit, the least harmful summed up in one line when they do not all fit.
TERMINAL_LINES = 60


def render_terminal(
    report: Report,
    width: int = TERMINAL_WIDTH,
    html_command: str = "",
    full_command: str = "",
    lines: int = TERMINAL_LINES,
) -> str:
    """The report as a person reads it in a terminal: the opening, "Fix these first" in full,
    one line for each other thing to fix (as many as fit in `lines`), the counts, and the
    commands that give the whole report (`html_command`: as a web page, `full_command`: as
    text here)."""
    groups = len(report.same_fix_groups(report.other_fixes))
    shown = groups
    while True:
        text = render_page(
            "terminal",
            Format.text,
            report.language,
            r=report,
            width=max(40, min(width, TERMINAL_WIDTH) - 1),
            html_command=html_command,
            full_command=full_command,
            shown=shown,
        )
        if shown == 0 or text.count("\n") <= lines:
            return text
        shown -= 1
