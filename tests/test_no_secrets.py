"""Planted secrets in the real browsers' files never reach any output.

The fixture builders planted canary cookie values (CANARYCOOKIE...), saved-login usernames
(canary-user-...) and passwords (CANARY-PASSWORD-..., a Primary Password) through the browsers.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder

CANARIES = ("CANARY", "canary-user", "mail.example.org", "forum.example.net")
MACHINES = ["linux-firefox", "linux-chromium", "windows11-browsers", "macos15-browsers"]


@pytest.mark.parametrize("machine", MACHINES)
@pytest.mark.parametrize(
    "command",
    [
        ["facts"],
        ["scan", "--format", "json"],
        ["scan", "--format", "text"],
        ["scan", "--format", "md"],
        ["explain", "browser.firefox.saved_passwords_unprotected"],
        ["explain", "browser.chromium.saved_passwords_unprotected"],
    ],
)
def test_no_canary_in_any_output(machine: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, ["-v", *command, "--recorded", str(host_folder(machine))])
    assert result.exit_code in (0, 1)
    output = result.stdout + result.stderr
    assert len(output) > 100
    for canary in CANARIES:
        assert canary.lower() not in output.lower(), canary
