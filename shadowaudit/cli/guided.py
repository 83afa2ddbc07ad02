"""Double-clicked: say what will happen, ask, write the HTML report privately, and open it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from shadowaudit.cli.options import EXIT_USAGE, apply_language, err
from shadowaudit.i18n.translator import N_, _

INTRO = N_(
    "shadowaudit will look at this computer and ask you a few questions. It changes nothing "
    "and sends nothing anywhere. At the end, your report opens in your web browser."
)
OPEN_IT_YOURSELF = N_("Open this file in your web browser to read your report: %(file)s")
PRESS_ENTER = N_("Press Enter to close this window.")
STOPPED = N_("Stopped. No report was written.")

#: Runs the shadowaudit command with these arguments and gives its exit status.
Runner = Callable[[list[str]], int]


def double_clicked(argv: Sequence[str]) -> bool:
    """True when the standalone program was started with no arguments (from a file manager)."""
    return bool(getattr(sys, "frozen", False)) and len(argv) == 1


def report_folder() -> Path:
    """A private folder for the reports, Documents/shadowaudit (0700), made when missing."""
    from platformdirs import user_documents_dir

    folder = Path(user_documents_dir()) / "shadowaudit"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def new_report_path(folder: Path, now: datetime) -> Path:
    """A file name not taken yet: shadowaudit-2026-12-06-2130.html, then -2, -3 ..."""
    stem = f"shadowaudit-{now:%Y-%m-%d-%H%M}"
    candidate, number = folder / f"{stem}.html", 2
    while candidate.exists():
        candidate, number = folder / f"{stem}-{number}.html", number + 1
    return candidate


def guided(
    run: Runner,
    wait: Callable[[str], str] = input,
    open_file: Callable[[str], bool] | None = None,
) -> int:
    """The whole double-click session; returns the scan's exit status (130 when stopped).

    The report opens with `open_file` (the system's web browser unless told otherwise)."""
    apply_language(None)
    if open_file is None:
        import webbrowser

        open_file = webbrowser.open
    err.print(_(INTRO), markup=False)
    try:
        folder = report_folder()
    except OSError as exc:
        problem = {"file": exc.filename, "problem": exc.strerror}
        err.print(_("Cannot write %(file)s: %(problem)s") % problem, markup=False)
        return EXIT_USAGE
    try:
        path = new_report_path(folder, datetime.now())
        status = run(["scan", "--questions", "--format", "html", "--output", str(path)])
        if path.is_file() and not open_file(path.as_uri()):
            err.print(_(OPEN_IT_YOURSELF) % {"file": path}, markup=False)
    except KeyboardInterrupt:
        err.print(_(STOPPED), markup=False)
        status = 130
    if sys.stdin.isatty():
        with contextlib.suppress(EOFError, KeyboardInterrupt):
            wait(_(PRESS_ENTER))
    return status
