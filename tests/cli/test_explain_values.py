"""`explain` prints values, never the program's own objects (`FactRef(fact=...)`)."""

from __future__ import annotations

from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder

runner = CliRunner()


def explain(rule: str, machine: str) -> str:
    result = runner.invoke(app, ["explain", rule, "--recorded", str(host_folder(machine))])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_comparison_with_another_fact_shows_its_value() -> None:
    out = explain("browser.firefox.outdated", "linux-firefox")
    assert "FactRef" not in out and "fact=" not in out
    assert "version is a version at least minimum_version ('140.0') (found: '153.7.0')" in out


def test_a_count_is_said_in_words() -> None:
    out = explain("system.antimalware", "windows11-24h2")
    assert "the number of system.windows.antivirus_products is at least 1 (counting" in out
    assert "{'ge'" not in out
    out = explain("browser.firefox.risky_extensions", "linux-firefox")
    assert "the number of extensions is 0 (counting the items for which the lines above" in out
