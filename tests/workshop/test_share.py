"""The share summary holds rule ids, statuses and severities: never anything that identifies."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import msgspec
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.workshop.share import ShareSummary
from tests.conftest import host_folder

runner = CliRunner()
CANARIES = {
    "user": "canaryuser",
    "host": "canaryhost",
    "profile": "canaryprofile",
    "domain": "canarydomain",
    "extension": "canaryextension",
    "path": "canarypath",
}


def canary_machine(tmp_path: Path) -> Path:
    """The real Firefox home, moved to a canary user, host, path, profile and extension."""
    folder = tmp_path / "machine"
    shutil.copytree(host_folder("linux-firefox"), folder)
    old, new = folder / "files/home/ana", folder / "files/home/canaryuser/canarypath"
    new.parent.mkdir(parents=True)
    old.rename(new)
    (folder / "host.yaml").write_text(
        "platform: linux\nhome: /home/canaryuser/canarypath\nuser: canaryuser\n"
        "hostname: canaryhost\nnow: '2026-11-21T10:00:00+00:00'\n"
    )
    root = new / ".config/mozilla/firefox"
    ini = (root / "profiles.ini").read_text().replace("Name=risky", "Name=canaryprofile")
    (root / "profiles.ini").write_text(ini)
    (risky,) = root.glob("*.risky")
    extensions = (risky / "extensions.json").read_text().replace("Coupon Helper", "canaryextension")
    (risky / "extensions.json").write_text(extensions)
    (folder / "processes.yaml").write_text("- {name: canaryprocess}\n")
    return folder


def test_share_summary_names_nothing(tmp_path: Path) -> None:
    machine, share = canary_machine(tmp_path), tmp_path / "share.json"
    result = runner.invoke(
        app,
        [
            "scan",
            "--recorded",
            str(machine),
            "--format",
            "md",
            "--no-questions",
            "--share",
            str(share),
        ],
    )
    assert result.exit_code == 1, result.stderr
    # The canaries really are in what shadowaudit read: the report shows them.
    assert "canaryprofile" in result.stdout and "canaryextension" in result.stdout
    text = share.read_text()
    for canary in [*CANARIES.values(), "canaryprocess", "/home", "~/"]:
        assert canary not in text, canary
    summary = msgspec.convert(json.loads(text), ShareSummary)
    assert set(json.loads(text)) == {
        "schema",
        "run_id",
        "tool_version",
        "ruleset_version",
        "platform",
        "results",
    }
    assert all(set(r) == {"rule", "status", "severity"} for r in json.loads(text)["results"])
    assert {r.rule for r in summary.results} >= {
        "browser.firefox.https_only",
        "system.disk_encryption",
    }
    # One status per rule, the most pressing of its subjects (risky fails https_only).
    statuses = {r.rule: r.status.value for r in summary.results}
    assert statuses["browser.firefox.https_only"] == "fail"
    assert stat.S_IMODE(os.stat(share).st_mode) == 0o600
    # Shown in plain words before it is written: every check it names, by its title.
    preview = result.stderr
    assert "Your share summary tells the trainer only this:" in preview
    assert "Your kind of computer: Linux." in preview
    assert '"run_id"' not in preview and "{" not in preview
    failing = [r.rule for r in summary.results if r.status.value == "fail"]
    titles = {
        f["rule"]: f["title"]
        for f in json.loads(
            runner.invoke(
                app, ["scan", "--recorded", str(machine), "--format", "json", "--no-questions"]
            ).stdout
        )["findings"]
    }
    for rule in failing:
        assert f"    - {titles[rule]}\n" in preview.split("Needs fixing:")[1].split("Fine:")[0]
    fine = sum(r.status.value == "pass" for r in summary.results)
    assert f"Fine: {fine} checks." in preview


def test_each_run_has_its_own_id_and_no_time(tmp_path: Path) -> None:
    ids = set()
    for index in range(2):
        share = tmp_path / f"share{index}.json"
        runner.invoke(
            app,
            [
                "scan",
                "--recorded",
                str(host_folder("debian12-luks-lvm")),
                "--format",
                "json",
                "--no-questions",
                "--share",
                str(share),
            ],
        )
        data = json.loads(share.read_text())
        ids.add(data["run_id"])
        assert "2026" not in share.read_text() and "10:00" not in share.read_text()
    assert len(ids) == 2


def test_monitoring_and_remote_control_results_stay_on_the_computer(tmp_path: Path) -> None:
    """ubuntu2404-plain runs a remote-control program: the person's own report says so, with
    the helpline; the share summary and its preview never name it."""
    share, report = tmp_path / "share.json", tmp_path / "report.md"
    result = runner.invoke(
        app,
        [
            "scan",
            "--recorded",
            str(host_folder("ubuntu2404-plain")),
            "-f",
            "md",
            "-o",
            str(report),
            "--no-questions",
            "--share",
            str(share),
        ],
    )
    assert result.exit_code == 1, result.stderr
    own = report.read_text()
    assert "Remote-control programs" in own and "https://www.accessnow.org/help/" in own
    shared = json.loads(share.read_text())
    watching = {"system.remote_access_tools", "system.monitoring_software"}
    assert not watching & {r["rule"] for r in shared["results"]}
    assert "Remote-control programs" not in result.stderr.split("Their results stay")[0]
    assert "Checks for spying or remote-control programs are never in it." in result.stderr
    assert "Access Now's Digital Security Helpline (https://www.accessnow.org/help/)" in (
        " ".join(result.stderr.split())
    )
