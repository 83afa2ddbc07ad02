"""Driving a real terminal (tmux) in tests: send keys, read the screen."""

from __future__ import annotations

import subprocess
import time


def tmux(*args: str) -> str:
    """Run a tmux command and return what it printed."""
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, check=True, timeout=20
    ).stdout


def wait_for(session: str, text: str, seconds: float = 40, *, history: bool = False) -> str:
    """The screen of `session` once it shows `text` (with `history`, the last 200 lines
    too); AssertionError with the last screen when `seconds` pass first."""
    deadline = time.monotonic() + seconds
    screen = ""
    extra = ["-S", "-200"] if history else []
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session, *extra)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared on the terminal; it showed:\n{screen}")
