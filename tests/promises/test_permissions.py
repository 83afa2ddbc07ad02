"""Promise 4 and 7: files the person's account cannot read are "could not check", not a crash.

CI runs as root, and root reads every file. The scan therefore runs with every capability
dropped (setpriv), which leaves root bound by file permissions like any other account.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import host_folder

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file modes are POSIX")


def _unprivileged() -> list[str]:
    """The prefix that runs a command without the right to read every file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to drop that right")
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all"]


def _scan(home: Path, output_format: str) -> str:
    done = subprocess.run(
        [*_unprivileged(), sys.executable, "-m", "shadowaudit", "scan", "--home", str(home)]
        + ["--format", output_format, "--no-questions"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.fixture
def locked_home(tmp_path: Path) -> Iterator[Path]:
    """A home whose Firefox settings files and .ssh folder its owner may not read."""
    home = tmp_path / "ana"
    shutil.copytree(host_folder("linux-firefox") / "files" / "home" / "ana", home)
    shutil.copytree(
        host_folder("linux-accounts") / "files" / "home" / "ana" / ".ssh", home / ".ssh"
    )
    for prefs in home.glob(".mozilla/firefox/*/prefs.js"):
        prefs.chmod(0)
    for prefs in home.glob(".config/mozilla/firefox/*/prefs.js"):
        prefs.chmod(0)
    (home / ".ssh").chmod(0)
    yield home
    (home / ".ssh").chmod(0o700)


def test_unreadable_files_are_could_not_check(locked_home: Path) -> None:
    findings = json.loads(_scan(locked_home, "json"))["findings"]
    by_rule: dict[str, list[dict[str, object]]] = {}
    for finding in findings:
        by_rule.setdefault(str(finding["rule"]), []).append(finding)
    for rule in ("browser.firefox.tracking_protection", "browser.firefox.https_only"):
        assert by_rule[rule], rule
        assert {(f["status"], f["reason"]) for f in by_rule[rule]} == {
            ("unknown", "permission_denied")
        }
    assert [(f["status"], f["reason"]) for f in by_rule["accounts.ssh_keys"]] == [
        ("unknown", "permission_denied")
    ]
    # What could be read was still judged.
    assert any(
        str(f["rule"]).startswith("browser.firefox.") and f["status"] in ("pass", "fail")
        for f in findings
    )


def test_the_report_says_why_and_what_to_do(locked_home: Path) -> None:
    text = _scan(locked_home, "text")
    assert "This computer did not let shadowaudit read it." in text
