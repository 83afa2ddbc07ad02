"""Promise 5: a command that never answers, or a slow collector, does not stall the scan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec
from shadowaudit.facts.collectors import COLLECTORS
from shadowaudit.host.base import Host, Platform
from shadowaudit.host.recorded import RecordedHost
from shadowaudit.scan import collect_facts
from tests.conftest import host_folder

#: Every program the Linux collectors run; each is replaced by one that never answers.
LINUX_COMMANDS = ("systemctl", "gsettings", "apt-config")
#: A marker in the fake programs' child, to find any that outlive the scan; unique to this
#: test run, so that another run of the suite on the same machine is not mistaken for ours.
MARKER = f"61.{os.getpid()}"
#: Longest a scan may take when every command hangs: the longest timeout, twice, plus slack.
BOUND = 40.0

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fake commands are shell scripts")


@pytest.fixture
def hanging_path(tmp_path: Path) -> Path:
    """A PATH folder where every command sleeps (in a child) far past its timeout."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in LINUX_COMMANDS:
        script = folder / name
        script.write_text(f"#!/bin/sh\n/bin/sleep {MARKER}\necho late\n", encoding="utf-8")
        script.chmod(0o755)
    return folder


def test_hanging_commands_time_out_and_the_scan_finishes(
    hanging_path: Path, browser_home: Path
) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "shadowaudit", "scan", "--home", str(browser_home)]
        + ["--format", "json", "--no-questions"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(hanging_path)},
        timeout=BOUND * 2,
        check=False,
    )
    took = time.monotonic() - started
    assert done.returncode in (0, 1), done.stderr
    assert took < BOUND, f"the scan took {took:.1f} s with hanging commands"
    findings = json.loads(done.stdout)["findings"]
    firewall = [f for f in findings if f["rule"] == "system.firewall"]
    assert firewall and firewall[0]["status"] == "unknown"
    assert firewall[0]["reason"] == "timeout"
    # The browsers were still read: a hanging system does not hide them.
    assert any(
        f["rule"].startswith("browser.firefox.") and f["status"] in ("pass", "fail")
        for f in findings
    )
    # What the hanging programs started was stopped, not left running.
    left = subprocess.run(["pgrep", "-f", f"sleep {MARKER}"], capture_output=True, check=False)
    assert left.stdout == b""


class _Waiting(Collector):
    """A collector that waits until every other collector has reported."""

    name = "waiting"
    platforms: ClassVar[frozenset[Platform]] = frozenset(Platform)
    facts = (FactSpec("waiting.value", FactKind.boolean, "A test fact."),)
    release = threading.Event()
    released_in_time: ClassVar[list[bool]] = []

    def collect(self, host: Host) -> FactMap:
        self.released_in_time.append(self.release.wait(timeout=20))
        return {"waiting.value": True}


def test_a_slow_collector_does_not_hold_the_others() -> None:
    host = RecordedHost(host_folder("linux-firefox"))
    # NOTE: a step that derives its facts from the others' (`needs`) runs after all of them.
    others = [c for c in COLLECTORS if host.platform in c.platforms and not c.needs]
    reported: list[str] = []

    def progress(name: str) -> None:
        reported.append(name)
        if len(reported) == len(others):
            _Waiting.release.set()

    facts = collect_facts(host, [_Waiting, *others], progress)
    assert _Waiting.released_in_time == [True]
    assert reported[-1] == "waiting"
    assert facts["waiting.value"] is True
