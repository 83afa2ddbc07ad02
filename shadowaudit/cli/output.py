"""Where a report goes: standard output, a private file, or a styled terminal view."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from shadowaudit.cli.options import EXIT_USAGE, err, stop
from shadowaudit.i18n.translator import N_, _
from shadowaudit.report.formats import Format
from shadowaudit.report.values import json_safe, printable, visible

if TYPE_CHECKING:
    import logging

    from shadowaudit.report.model import Report

REPORT_WRITTEN = N_(
    "Report written to %(file)s. It describes weaknesses of this computer: keep it private."
)


class NotReplaceable(OSError):
    """The name given for a report is a device, a pipe, a socket, or a link to one."""


def refuse_special(path: Path) -> None:
    """Raise NotReplaceable when `path` exists and is not a regular file or a link to one (or
    a broken link). Replacing /dev/null with a report, as --force would, breaks the computer."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # nothing there (or no way there): the other checks say why
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a folder has its own message
        raise NotReplaceable(errno.EINVAL, os.strerror(errno.EINVAL))


def write_failed(path: Path, problem: OSError) -> typer.Exit:
    """Say why a file could not be created (it exists, or the system refused); exit 2."""
    if isinstance(problem, NotReplaceable):
        return stop(
            _("%(file)s is not an ordinary file. shadowaudit does not write over it.")
            % {"file": path},
            EXIT_USAGE,
        )
    if isinstance(problem, FileExistsError):
        return stop(
            _("%(file)s already exists. Use --force to replace it.") % {"file": path}, EXIT_USAGE
        )
    return stop(
        _("Cannot write %(file)s: %(problem)s") % {"file": path, "problem": problem.strerror},
        EXIT_USAGE,
    )


def write_private(path: Path, text: str, force: bool) -> None:
    """Write text to a new file readable by its owner only (mode 0600).

    An existing file (or link) is never opened: without `force` that is an error, and with it
    the text goes to a new file beside it, is flushed to the disk, and then takes its name in
    one step. So a link is replaced, never followed, and the old mode is never kept. A device,
    a pipe or a socket (or a link to one) is never written over: NotReplaceable.
    """
    refuse_special(path)
    if not force:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
        except BaseException:
            # NOTE: Ctrl-C or a full disk halfway: no partial report is left behind.
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        return
    import secrets  # NOTE: lazy, like every import `--help` does not need.

    beside = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    descriptor = os.open(beside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(beside, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(beside)
        raise


def check_writable(path: Path, force: bool) -> None:
    """Stop (exit 2) now, before any question is asked, when a file could not be written to
    `path` later: a folder, a folder that is missing or closed to us, or a file that exists
    (without `force`)."""
    folder = path.parent
    try:
        refuse_special(path)
    except NotReplaceable as exc:
        raise write_failed(path, exc) from exc
    if path.is_dir():
        raise write_failed(path, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if not folder.is_dir():
        raise stop(_("There is no folder %(folder)s.") % {"folder": folder}, EXIT_USAGE)
    if not force and (path.exists() or path.is_symlink()):
        raise write_failed(path, FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise write_failed(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))


def write_report(text: str, output: Path | None, force: bool, said: str = REPORT_WRITTEN) -> None:
    """Write text to stdout, or to a new file readable by its owner only (replaced only with
    `force`), and say where it went with `said` (a message with %(file)s)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_private(output, text, force)
    except OSError as exc:
        raise write_failed(output, exc) from exc
    err.print(_(said) % {"file": output}, markup=False)


def scan_command(arguments: list[str], *extra: str) -> str:
    """The command that runs this scan again with other output options (`extra`): the same
    arguments without --format, --output, --force and --full."""
    import shlex

    kept: list[str] = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
            continue
        name = argument.split("=", 1)[0]
        if name in ("--format", "-f", "--output", "-o", "--force", "--full"):
            skip = "=" not in argument and name not in ("--force", "--full")
            continue
        kept.append(argument)
    return shlex.join(["shadowaudit", *kept, *extra])


def show_in_terminal(report: Report, full: bool, arguments: list[str]) -> None:
    """Show a report in the terminal: the terminal view (the whole report with `full`), with
    the commands that give the whole report, urgency in colour, through a pager when long."""
    from datetime import datetime

    from shadowaudit.cli.guided import new_report_path
    from shadowaudit.cli.pager import colour_here, coloured, columns, page
    from shadowaudit.report.render import SEVERITY_WORDS, render, render_terminal

    html = scan_command(
        arguments, "--format", "html", "-o", str(new_report_path(Path(), datetime.now()))
    )
    if full:
        text = render(report, Format.text, html_command=html)
    else:
        text = render_terminal(report, columns(), html, scan_command(arguments, "--full"))
    if colour_here():
        text = coloured(text, {key: _(word) for key, word in SEVERITY_WORDS.items()})
    page(text)


def say(text: str) -> None:
    """Print a command's text on stdout, inert: a name from the computer or from a rule file
    cannot move the cursor, retitle the terminal or reverse the line."""
    sys.stdout.write(printable(text))


def say_json(data: object) -> None:
    """Print data as indented JSON on stdout, inert in a terminal (same JSON value)."""
    import json

    say(json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def inert_log_handler() -> logging.Handler:
    """Where log lines go (`-v`): standard error, each message on one line and no control
    character. `logging` is imported here, not for `--help` (7 ms of its 0.1 s)."""
    import logging

    class InertFormatter(logging.Formatter):
        """Log lines with each message on one line and no control character."""

        def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's)
            """The message line, with line breaks and controls shown as `\\n`, `[U+001B]`."""
            return visible(super().formatMessage(record))

        def format(self, record: logging.LogRecord) -> str:
            """The whole record, a traceback included, made inert."""
            return printable(super().format(record))

    handler = logging.StreamHandler()
    handler.setFormatter(InertFormatter("%(levelname)s %(name)s: %(message)s"))
    return handler
