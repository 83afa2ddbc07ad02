"""No account name, e-mail, server path or token of the sync and backup settings reaches any
output of the machines made for them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder

#: Account details, and the place recorded in the photos and the video (48.8577, 2.2950).
SECRETS = ("canary", "4242424242", "5A1C9D3E", "48.85", "2.295")
MACHINES = ["windows11-sync", "macos15-sync", "debian12-sync-backup"]


@pytest.mark.parametrize("machine", MACHINES)
@pytest.mark.parametrize(
    "command", [["facts"], ["scan", "--format", "json"], ["scan", "--format", "text"]]
)
def test_no_account_detail_in_any_output(machine: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, ["-v", *command, "--recorded", str(host_folder(machine))])
    assert result.exit_code in (0, 1)
    output = result.stdout + result.stderr
    assert "traces.cloud_sync" in output or "cloud" in output.lower()
    for secret in SECRETS:
        assert secret.lower() not in output.lower(), secret
