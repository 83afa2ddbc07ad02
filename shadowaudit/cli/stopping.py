"""Ctrl-C: stop at once with exit 130, write nothing, and offer to keep the answers given."""

from __future__ import annotations

import sys
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


__all__ = ["EXIT_STOPPED", "QuestionsStopped", "offer_to_keep", "say_saved", "stops_on_ctrl_c"]
