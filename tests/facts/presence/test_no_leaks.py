"""Planted passwords, PAC paths and queries, account names, proxy hosts and certificate bytes
of the interception machines never reach any output."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder

#: What must never show: planted canaries, proxy hosts (identifiers), certificate text.
NEVER = (
    "CANARY",
    "proxy.example",
    "10.0.0.8",
    "203.0.113.40",
    "wpad.example.org",
    "pac.example.com",
    "BEGIN CERTIFICATE",
    "MII",
)
MACHINES = ["linux-intercepted", "windows11-managed", "macos15-managed", "debian12-intercepted"]


@pytest.mark.parametrize("machine", MACHINES)
@pytest.mark.parametrize(
    "command",
    [
        ["facts"],
        ["scan", "--format", "json"],
        ["scan", "--format", "md"],
        ["explain", "presence.proxy"],
        ["explain", "presence.added_root_certificates"],
    ],
)
def test_no_secret_of_interception_in_any_output(machine: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, ["-v", *command, "--recorded", str(host_folder(machine))])
    assert result.exit_code in (0, 1)
    output = result.stdout + result.stderr
    assert len(output) > 100
    for canary in NEVER:
        assert canary.lower() not in output.lower(), canary
