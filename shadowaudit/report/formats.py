"""The report formats and exit statuses, apart from the renderers: the command line names them
cheaply."""

from __future__ import annotations

from enum import StrEnum

#: Exit statuses a report gives its scan (0 when nothing needs fixing): see Report.exit_code.
#: A scan that made no check gives 2, as a usage error does: it is not "nothing to fix".
EXIT_FAILED, EXIT_NOTHING_CHECKED, EXIT_BROKEN = 1, 2, 3


class Format(StrEnum):
    """The formats a report can be written in."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"
