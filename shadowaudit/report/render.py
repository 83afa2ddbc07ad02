"""Renderers: the report as terminal text, Markdown (Jinja2 templates in templates/) or JSON."""

from __future__ import annotations

import textwrap
from enum import StrEnum
from functools import cache
from typing import assert_never

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from shadowaudit.engine.model import Status
from shadowaudit.report.model import Report
from shadowaudit.report.opening import duration, opening, plural
from shadowaudit.report.values import readable
from shadowaudit.resources import templates_dir


class Format(StrEnum):
    """The formats a report can be written in."""

    text = "text"
    md = "md"
    json = "json"


def _wrap(text: str, indent: int = 0, first: str = "") -> str:
    """Wrap text at 78 columns with an indent and a first-line prefix."""
    prefix = " " * indent
    return textwrap.fill(
        text, width=78, initial_indent=prefix + first, subsequent_indent=prefix + " " * len(first)
    )


@cache
def _environment(autoescape: bool) -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on or off)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["value"] = readable
    env.filters["wrap"] = _wrap
    env.globals["plural"] = plural
    env.globals["opening"] = opening
    env.globals["duration"] = duration
    env.globals["Status"] = Status
    return env


def render(report: Report, fmt: Format) -> str:
    """The report as text in the given format."""
    match fmt:
        case Format.json:
            return report.model_dump_json(indent=2, by_alias=True) + "\n"
        case Format.text:
            return _environment(False).get_template("report.txt.j2").render(r=report)
        case Format.md:
            return _environment(False).get_template("report.md.j2").render(r=report)
        case _:
            assert_never(fmt)
