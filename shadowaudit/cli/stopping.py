"""How the program stops: at once on Ctrl-C (exit 130, nothing written, the answers given kept
if the person wants), and at its end without Python freeing each object (`leave`)."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from shadowaudit.cli.guided import STOPPED
from shadowaudit.cli.options import err, stop
from shadowaudit.i18n.translator import N_, _, ngettext

#: The exit status of a program stopped by Ctrl-C (128 + SIGINT), as shells report it.
EXIT_STOPPED = 130
KEEP_ANSWERS = N_(
    "To keep your answers for next time, type a file name and press Enter. "
    "To stop without keeping them, press Enter."
)


class QuestionsStopped(KeyboardInterrupt):
    """Ctrl-C during the questions, with the answers given before it."""

    def __init__(self, answers: dict[str, str | list[str]]) -> None:
        """Keep the answers given before Ctrl-C."""
        super().__init__()
        self.answers = answers


def _typed(prompt: str) -> str:
    """A line typed on the terminal (the prompt on stderr, as the questions)."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return input()


def say_saved(path: Path, count: int) -> None:
    """Say where the answers went and how to use them."""
    said = ngettext(
        "%(num)d answer saved to %(file)s. Keep this file private. "
        "Use it with: shadowaudit scan --answers %(file)s",
        "%(num)d answers saved to %(file)s. Keep this file private. "
        "Use it with: shadowaudit scan --answers %(file)s",
        count,
    )
    err.print(said % {"num": count, "file": path}, markup=False)


def offer_to_keep(answers: dict[str, str | list[str]], read: Callable[[str], str] = _typed) -> None:
    """Ask for a file name to keep the answers in (0600, never replacing a file); Enter, the
    end of input or a second Ctrl-C keeps nothing."""
    from shadowaudit.cli.output import write_failed
    from shadowaudit.cli.questionnaire import save_answers

    err.print(_(KEEP_ANSWERS), markup=False)
    try:
        name = read("> ").strip()
    except (EOFError, KeyboardInterrupt):
        return
    if not name:
        return
    try:
        save_answers(Path(name), answers, force=False)
    except OSError as exc:
        write_failed(Path(name), exc)
        return
    say_saved(Path(name), len(answers))


@contextmanager
def stops_on_ctrl_c(read: Callable[[str], str] = _typed) -> Iterator[None]:
    """Turn Ctrl-C anywhere in a command into exit 130 and one line; after questions were
    answered, first offer to keep the answers (the only file then written, by name)."""
    try:
        yield
    except (KeyboardInterrupt, typer.Abort) as exc:
        if isinstance(exc, QuestionsStopped) and exc.answers:
            offer_to_keep(exc.answers, read)
        raise stop(_(STOPPED), EXIT_STOPPED) from None


def others_running() -> bool:
    """True while a thread that Python would wait for at exit (not a daemon) still runs."""
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def leave(code: object) -> None:
    """End the process now with `code` (as `sys.exit(code)` would) once its exit handlers have
    run and its output is flushed. Python's own ending frees every module and object one by
    one (15-20 ms of a scan); the system takes back the whole process at once.

    Returns, so that Python ends as usual, when the ending is not a plain one: a status that
    is not a number, a thread Python would wait for, or output that cannot be flushed (a
    closed pipe: Python then says so and ends with its own status)."""
    if code is None:
        code = 0
    if not isinstance(code, int) or isinstance(code, bool) or others_running():
        return
    # NOTE: the exit handlers run here as they would at exit (the scan's private folders are
    # removed, logging is flushed), last registered first; once run, they are forgotten.
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


__all__ = [
    "EXIT_STOPPED",
    "QuestionsStopped",
    "leave",
    "offer_to_keep",
    "others_running",
    "say_saved",
    "stops_on_ctrl_c",
]
