"""A scan of the wrong home: sudo stops with what to run instead; a scan that checked nothing
never says all is well (exit 2); root beside people's browsers is told so."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.cli.wrong_home import other_homes_with_browsers, started_with_sudo
from shadowaudit.host import LocalHost, RecordedHost
from tests.conftest import host_folder

runner = CliRunner()


def _as_root(tmp_path: Path, machine: str, home: str, **env: str) -> Path:
    """A copy of a recorded machine, scanned as root with this home and these variables."""
    folder = tmp_path / machine
    shutil.copytree(host_folder(machine), folder)
    meta = yaml.safe_load((folder / "host.yaml").read_text(encoding="utf-8"))
    meta.update(home=home, user="root", administrator=True)
    meta["env"] = {**meta.get("env", {}), "HOME": home, "USER": "root", **env}
    (folder / "host.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return folder


def _scan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["scan", "--no-questions", *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_sudo_stops_before_the_scan_and_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = _as_root(tmp_path, "linux-firefox", "/root", SUDO_USER="ana")
    typed = ["scan", "--no-questions", "--recorded", str(machine)]
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/shadowaudit", *typed])
    code, out, err = _scan("--recorded", str(machine))
    assert code == 2 and out == ""
    assert "You started shadowaudit with sudo" in err
    # What to run instead is the person's own command, without sudo.
    assert f"Run it again without sudo: shadowaudit {shlex.join(typed)}" in err


def test_sudo_is_told_in_the_persons_language(tmp_path: Path) -> None:
    machine = _as_root(tmp_path, "linux-firefox", "/root", SUDO_USER="ana")
    result = runner.invoke(app, ["--lang", "fr", "scan", "--recorded", str(machine)])
    assert result.exit_code == 2
    assert "Vous avez lancé shadowaudit avec sudo" in result.stderr


def test_root_beside_browsers_is_told_and_the_rest_of_the_scan_goes_on(tmp_path: Path) -> None:
    machine = _as_root(tmp_path, "linux-firefox", "/root")
    host = RecordedHost(machine)
    assert not started_with_sudo(host)
    assert other_homes_with_browsers(host) == 1
    code, out, err = _scan("--recorded", str(machine))
    assert code in (0, 1) and "Disk encryption" in out
    assert "Other home folders on this computer have browsers" in err


def test_root_beside_browsers_with_only_browser_checks_exits_2(tmp_path: Path) -> None:
    machine = _as_root(tmp_path, "linux-firefox", "/root")
    code, out, err = _scan("--recorded", str(machine), "--only", "browser", "--format", "json")
    assert code == 2
    assert '"status": "pass"' not in out and '"status": "fail"' not in out
    assert "run shadowaudit again, without sudo or su" in err
    assert "shadowaudit made no check" not in err


def test_a_scan_that_checked_nothing_exits_2_and_never_says_all_is_well(tmp_path: Path) -> None:
    code, out, err = _scan("--home", str(tmp_path), "--only", "browser")
    assert code == 2
    assert "shadowaudit made 0 checks" in " ".join(out.split())
    assert "Nothing it could check needs your attention" not in out
    assert "cannot tell you that all is well" in " ".join(out.split())
    assert "This does not mean that all is well. Run shadowaudit scan" in err


def test_the_persons_own_scan_as_themselves_is_not_questioned() -> None:
    code, _, err = _scan("--recorded", str(host_folder("linux-firefox")))
    assert code in (0, 1)
    assert "sudo" not in err and "administrator" not in err


def test_sudo_as_root_itself_and_plain_root_are_not_sudo(tmp_path: Path) -> None:
    assert not started_with_sudo(RecordedHost(_as_root(tmp_path, "linux-firefox", "/root")))
    again = _as_root(tmp_path / "again", "linux-firefox", "/root", SUDO_USER="root")
    assert not started_with_sudo(RecordedHost(again))


def test_windows_and_a_machine_without_other_homes_have_none(tmp_path: Path) -> None:
    windows = RecordedHost(host_folder("windows11-browsers"))
    assert not windows.administrator() and other_homes_with_browsers(windows) == 0
    alone = RecordedHost(_as_root(tmp_path, "ubuntu2404-plain", "/root"))
    assert other_homes_with_browsers(alone) == 0


def test_this_computer_says_whether_it_runs_as_root() -> None:
    assert LocalHost().administrator() is (os.geteuid() == 0)
