"""Checklists select rules for a short session; handouts print them for everyone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.resources import rules_dir
from shadowaudit.scan import load_selected_rules, select_rules
from shadowaudit.workshop.checklists import load_checklists
from tests.conftest import host_folder

runner = CliRunner()
CHECKLISTS = load_checklists([rules_dir()])


@pytest.mark.parametrize("name", sorted(CHECKLISTS))
def test_every_checklist_entry_selects_rules(name: str) -> None:
    rules = load_selected_rules()
    for entry in CHECKLISTS[name].rules:
        assert select_rules(rules, [entry]), f"{name}: {entry} selects no rule"


def test_shipped_checklists() -> None:
    assert {"basics", "browser", "travel", "accounts"} <= set(CHECKLISTS)


def test_scan_with_a_checklist_and_a_trainers_own(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "scan",
            "--recorded",
            str(host_folder("ubuntu2404-plain")),
            "--checklist",
            "travel",
            "--format",
            "json",
            "--no-questions",
        ],
    )
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert rules == set(CHECKLISTS["travel"].rules)
    own = tmp_path / "mine" / "checklists"
    own.mkdir(parents=True)
    (own / "quick.yaml").write_text(
        "id: quick\ntitle: Quick look\ndescription: Two checks "
        "for a short break.\nminutes: 10\nrules: [system.firewall, "
        "system.screen_lock]\n"
    )
    result = runner.invoke(
        app,
        [
            "scan",
            "--recorded",
            str(host_folder("ubuntu2404-plain")),
            "--rules",
            str(tmp_path / "mine"),
            "--checklist",
            "quick",
            "--format",
            "json",
            "--no-questions",
        ],
    )
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {
        "system.firewall",
        "system.screen_lock",
    }
    missing = runner.invoke(app, ["scan", "--checklist", "nothing"])
    assert missing.exit_code == 2 and "There is no checklist nothing" in missing.stderr


def test_handout_has_the_steps_for_every_platform(tmp_path: Path) -> None:
    md = runner.invoke(app, ["handout", "--checklist", "basics", "--format", "md"])
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith("# The basics")
    assert "## ☐ Disk encryption" in md.stdout
    for platform in ("**Windows:**", "**macOS:**", "**Linux:**"):
        assert platform in md.stdout
    assert "FileVault" in md.stdout and "BitLocker" in md.stdout
    html = tmp_path / "handout.html"
    result = runner.invoke(app, ["handout", "--checklist", "travel", "-o", str(html)])
    assert result.exit_code == 0 and "you can share it" in result.stderr
    page = html.read_text()
    assert "<script" not in page and "Before you travel" in page
