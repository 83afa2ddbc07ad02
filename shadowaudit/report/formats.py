"""The report formats, apart from the renderers so the command line can name them cheaply."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """The formats a report can be written in."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"
