"""Driving a real terminal (tmux) in tests: send keys, read the screen."""

from __future__ import annotations

import os
import subprocess
import time

#: A tmux server of this test process alone: another run's tests (a second clone, a helper)
#: ending the last session of a shared server would end ours with it.
SOCKET = f"shadowaudit-tests-{os.getpid()}"


def tmux(*args: str) -> str:
    """Run a tmux command on this process's own server and return what it printed."""
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True, timeout=20
    ).stdout


def kill_session(session: str) -> None:
    """End a session (and the private server with its last session); never fails."""
    subprocess.run(
        ["tmux", "-L", SOCKET, "kill-session", "-t", session],
        capture_output=True,
        check=False,
        timeout=20,
    )


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
