"""No office user name reaches any output; the rule fails on the recorded machines that set one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app

HOSTS = Path(__file__).resolve().parents[3] / "fixtures" / "hosts"
#: The names recorded in LibreOffice's settings and in Office's registry key (as words: a
#: reference names "eyeWitness to Atrocities").
SECRETS = (re.compile(r"\bWitness\b"), re.compile("CANARY-OFFICE"))
MACHINES = ["debian12-messengers", "windows11-24h2"]


@pytest.mark.parametrize("machine", MACHINES)
@pytest.mark.parametrize(
    "command",
    [
        ["facts"],
        ["scan", "--format", "json", "--no-questions"],
        ["scan", "--format", "text", "--no-questions"],
        ["scan", "--format", "md", "--no-questions"],
        ["explain", "traces.office_adds_your_name"],
    ],
)
def test_no_name_in_any_output(machine: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, ["-v", *command, "--recorded", str(HOSTS / machine)])
    assert result.exit_code in (0, 1), result.output
    output = result.stdout + result.stderr
    assert len(output) > 100
    for secret in SECRETS:
        assert not secret.search(output), secret.pattern


@pytest.mark.parametrize("machine", MACHINES)
def test_the_rule_fails_where_a_name_is_set(machine: str) -> None:
    result = CliRunner().invoke(
        app, ["scan", "--format", "json", "--no-questions", "--recorded", str(HOSTS / machine)]
    )
    report = json.loads(result.stdout)
    found = [f for f in report["findings"] if f["rule"] == "traces.office_adds_your_name"]
    assert [f["status"] for f in found] == ["fail"]
