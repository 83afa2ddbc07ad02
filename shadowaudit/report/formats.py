"""The report formats and exit statuses, apart from the renderers: the command line names them
cheaply."""

from __future__ import annotations

from enum import StrEnum

#: Exit statuses a report gives its scan (0 when nothing needs fixing): see Report.exit_code.
EXIT_FAILED, EXIT_BROKEN = 1, 3


class Format(StrEnum):
    """The formats a report can be written in."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"
