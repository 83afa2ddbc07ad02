"""`shadowaudit demo`: a fictional person's report, from machines shipped with the package."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.cli.workshop import demo_machines

runner = CliRunner()


def test_three_demo_machines_ship() -> None:
    assert {"windows-laptop", "macbook", "linux-laptop"} <= set(demo_machines())


@pytest.mark.parametrize("machine", ["windows-laptop", "macbook", "linux-laptop"])
def test_demo_reports(machine: str) -> None:
    result = runner.invoke(app, ["demo", "--machine", machine])
    assert result.exit_code == 0, result.stderr
    assert "This is a demonstration" in result.stderr
    assert "FIX THESE FIRST" in result.stdout and "WHAT IS FINE" in result.stdout


def test_unknown_demo_machine_lists_the_others() -> None:
    result = runner.invoke(app, ["demo", "--machine", "nowhere"])
    assert result.exit_code == 2 and "windows-laptop" in result.stderr
