"""What starts by itself and who used the camera stay in the person's own report."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.scan import load_selected_rules
from shadowaudit.workshop.handout import handout_items
from shadowaudit.workshop.watching import may_watch
from tests.conftest import host_folder

runner = CliRunner()
PRESENCE = {
    "presence.autostart_unknown",
    "presence.preload",
    "presence.camera_microphone_recent",
}


def test_presence_results_never_reach_a_share_file(tmp_path: Path) -> None:
    for machine in ("debian12-autostart", "windows11-24h2"):
        share, report = tmp_path / f"{machine}.json", tmp_path / f"{machine}.md"
        folder = str(host_folder(machine))
        argv = f"scan --recorded {folder} -f md -o {report} --no-questions --share {share}"
        result = runner.invoke(app, argv.split())
        assert result.exit_code == 1, result.stderr
        own = report.read_text()
        assert "Programs that start by themselves" in own and "syncbox" in own.lower()
        text = share.read_text()
        assert not PRESENCE & {r["rule"] for r in json.loads(text)["results"]}
        assert "syncbox" not in text.lower() and "presence" not in text
        assert "CANARY" not in own and "CANARY" not in result.stdout


def test_presence_rules_are_kept_from_rooms_and_handouts() -> None:
    rules = {rule.id: rule for rule in load_selected_rules()}
    assert set(rules) >= PRESENCE
    assert all(may_watch(rules[rule].tags) for rule in PRESENCE)
    assert not PRESENCE & {item.rule.id for item in handout_items(rules.values())}
