"""The questions and the terminal view of the report in a real terminal (tmux), as a person
meets them."""

from __future__ import annotations

import shutil
import sys
import uuid
from pathlib import Path

from tests.cli.tmux import kill_session, tmux, wait_for
from tests.conftest import host_folder

SESSION_WIDTH, SESSION_HEIGHT = "100", "50"


def test_questions_and_report_in_a_real_terminal(tmp_path: Path) -> None:
    assert shutil.which("tmux"), "tmux is needed for this test: apt-get install -y tmux"
    session = f"sa-{uuid.uuid4().hex[:8]}"
    command = (
        f"{sys.executable} -m shadowaudit scan --recorded "
        f"{host_folder('linux-accounts')} --only accounts.phone_lock; "
        f"echo EXIT=$?; sleep 30"
    )
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        SESSION_WIDTH,
        "-y",
        SESSION_HEIGHT,
        "-e",
        "NO_COLOR=1",
        command,
    )
    try:
        screen = wait_for(session, "How is your phone locked?", history=True)
        assert "Press Enter to skip a question" in screen
        tmux("send-keys", "-t", session, "1", "Enter")
        screen = wait_for(session, "EXIT=", history=True)
        assert "EXIT=0" in screen
        assert "1 thing is already fine." in screen  # the terminal view counts what is fine
        assert "Fine: 1 · Could not check: 0" in screen
    finally:
        kill_session(session)
