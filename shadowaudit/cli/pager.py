"""The report in a terminal: urgency in colour (beside its word), and a pager for long text.

Only when standard output is a terminal: a report piped into a file or a program is written
as it is, with no colour. The pager (`$PAGER`, else `less -R -F -X`) gets the text on its input
and nothing else; a pager that cannot start leaves the text printed as usual. Ctrl-C belongs
to the pager while it runs (as with git). NO_COLOR and TERM=dumb turn colour off.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping

#: Terminal colours (SGR codes) by severity: never alone, always around the urgency's word.
COLOURS = {"critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": "2"}

#: What `less` does when $LESS says nothing: keep colours (-R), quit at once when the text fits
#: on one screen (-F), leave the text on the screen afterwards (-X).
LESS_OPTIONS = "-R -F -X"


def pager_command(env: Mapping[str, str], which: object = shutil.which) -> list[str]:
    """The pager to use: $PAGER (split like a shell would), else `less -R -F -X` when there is
    a `less`; an empty list when there is none, or when $PAGER is empty or `cat`."""
    chosen = env.get("PAGER")
    if chosen is not None:
        try:
            command = shlex.split(chosen)
        except ValueError:
            return []
        return [] if not command or command[0] == "cat" else command
    assert callable(which)
    return ["less", *LESS_OPTIONS.split()] if which("less") else []


def pager_environment(env: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: this one, with LESS set to -R -F -X unless it is set already."""
    return {**env, "LESS": env.get("LESS", LESS_OPTIONS.replace(" ", "").replace("-", ""))}


def use_colour(env: Mapping[str, str], terminal: bool) -> bool:
    """True when colour may be used: a terminal, not NO_COLOR, not TERM=dumb, not the old
    Windows console (which shows the codes instead of obeying them)."""
    return (
        terminal
        and not env.get("NO_COLOR")
        and env.get("TERM") != "dumb"
        and (sys.platform != "win32" or "WT_SESSION" in env)
    )


def colour_here() -> bool:
    """True when the report shown on standard output may use colour (see use_colour)."""
    return use_colour(os.environ, sys.stdout.isatty())


def columns() -> int:
    """The terminal's width in columns (80 when it cannot be told)."""
    return shutil.get_terminal_size().columns


def coloured(text: str, words: Mapping[str, str]) -> str:
    """The text with each urgency in brackets ("[urgent]") in its colour; `words` maps a
    severity (critical, high ...) to its word in the report's language."""
    for severity, word in words.items():
        code = COLOURS.get(severity)
        if code:
            text = text.replace(f"[{word}]", f"\x1b[{code}m[{word}]\x1b[0m")
    return text


def fits(text: str, lines: int | None = None) -> bool:
    """True when the text fits in the terminal's height (or in `lines`)."""
    height = lines if lines is not None else shutil.get_terminal_size().lines
    return text.count("\n") < height


@contextlib.contextmanager
def _ctrl_c_for_the_pager() -> Iterator[None]:
    """While the pager runs, Ctrl-C is the pager's: this program ignores it."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def page(text: str) -> None:
    """Write text to standard output, through a pager when it is a terminal and the text is
    longer than the screen."""
    if not sys.stdout.isatty() or fits(text):
        sys.stdout.write(text)
        return
    command = pager_command(os.environ)
    if not command:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    encoding = sys.stdout.encoding or "utf-8"
    with _ctrl_c_for_the_pager():
        try:
            pager = subprocess.Popen(
                command, stdin=subprocess.PIPE, env=pager_environment(os.environ)
            )
        except OSError:
            sys.stdout.write(text)
            return
        assert pager.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the person left the pager early
            pager.stdin.write(text.encode(encoding, errors="replace"))
        with contextlib.suppress(BrokenPipeError):
            pager.stdin.close()
        pager.wait()
