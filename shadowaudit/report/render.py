"""Renderers: the report as terminal text, Markdown (Jinja2 templates in templates/) or JSON."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from typing import TYPE_CHECKING, assert_never
from urllib.parse import urlsplit

from shadowaudit.engine.model import Status
from shadowaudit.host.base import Platform
from shadowaudit.report.formats import Format as Format
from shadowaudit.report.model import Finding, Report
from shadowaudit.report.opening import duration, opening, plural
from shadowaudit.report.values import markdown_text, readable, visible
from shadowaudit.resources import templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment

#: Status and severity as a person reads them (never colour alone).
STATUS_WORDS = {
    "pass": "Fine",
    "fail": "Needs fixing",
    "unknown": "Could not check",
    "not_applicable": "Does not apply",
    "error": "shadowaudit's mistake",
}
SEVERITY_WORDS = {
    "critical": "very urgent",
    "high": "urgent",
    "medium": "important",
    "low": "good to do",
    "info": "for your information",
}


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


def _wrap(text: str, indent: int = 0, first: str = "") -> str:
    """Wrap text at 78 columns with an indent and a first-line prefix.

    Lines never break at a hyphen or inside a word: a command such as "sudo dpkg-reconfigure
    unattended-upgrades" must stay whole, or the person types it wrong.
    """
    prefix = " " * indent
    return textwrap.fill(
        text,
        width=78,
        initial_indent=prefix + first,
        subsequent_indent=prefix + " " * len(first),
        break_on_hyphens=False,
        break_long_words=False,
    )


@cache
def _environment(autoescape: bool) -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on or off)."""
    # NOTE: imported here, so that a JSON report does not pay for loading Jinja2.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["value"] = readable
    env.filters["md"] = markdown_text
    env.filters["wrap"] = _wrap
    env.globals["plural"] = plural
    env.globals["opening"] = opening
    env.globals["duration"] = duration
    env.globals["Status"] = Status
    env.globals["found_names"] = found_names
    env.filters["found_names_filter"] = found_names
    env.globals["status_words"] = STATUS_WORDS
    env.globals["severity_words"] = SEVERITY_WORDS
    env.globals["platform_words"] = {platform.value: platform.shown for platform in Platform}
    env.filters["slug"] = lambda text: re.sub(r"[^A-Za-z0-9]+", "-", str(text)).strip("-")
    env.filters["host"] = lambda url: urlsplit(url).netloc or url
    return env


def render_page(template: str, fmt: Format, **context: object) -> str:
    """A page other than the report (workshop summary, handout) in a format: text, md, html."""
    suffix = {Format.text: "txt", Format.md: "md", Format.html: "html"}.get(fmt)
    if suffix is None:
        raise ValueError(f"{template} has no {fmt.value} form")
    return (
        _environment(fmt is Format.html)
        .get_template(f"{template}.{suffix}.j2")
        .render(lang="en", direction="ltr", **context)
    )


def render(report: Report, fmt: Format, saved_as: str = "") -> str:
    """The report as text in the given format (`saved_as`: where it will be written)."""
    match fmt:
        case Format.json:
            return report.model_dump_json(indent=2, by_alias=True) + "\n"
        case Format.text:
            return _environment(False).get_template("report.txt.j2").render(r=report)
        case Format.md:
            return _environment(False).get_template("report.md.j2").render(r=report)
        case Format.html:
            return (
                _environment(True)
                .get_template("report.html.j2")
                .render(r=report, lang="en", direction="ltr", saved_as=saved_as)
            )
        case _:
            assert_never(fmt)
