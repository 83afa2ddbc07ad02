"""Private copies never outlive the scan: a scan killed while it reads a database with a pending
write-ahead log leaves no copy behind, whichever signal stops it and whenever."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shadowaudit.host import scratch
from tests.conftest import host_folder

posix = pytest.mark.skipif(os.name != "posix", reason="SIGHUP and SIGTERM as POSIX sends them")


def test_remove_all_removes_every_private_folder(tmp_path: Path) -> None:
    made = [scratch.private_folder() for _ in range(3)]
    scratch.write_private(made[0], "snapshot.sqlite", b"secret cookie value")
    scratch.remove_all()
    assert not any(os.path.exists(folder) for folder in made)


def _home_with_pending_log(home: Path) -> sqlite3.Connection:
    """A copy of the Firefox home whose risky profile's cookie database has a large pending
    -wal; the writer stays open, as a running browser's does."""
    shutil.copytree(host_folder("linux-firefox") / "files" / "home" / "ana", home)
    (db,) = home.glob(".config/mozilla/firefox/*.risky/cookies.sqlite")
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE padding (x BLOB)")
    writer.executemany(
        "INSERT INTO padding VALUES (randomblob(1024 * 1024))", [() for _ in range(48)]
    )
    writer.commit()
    assert db.with_name("cookies.sqlite-wal").stat().st_size > 40 * 1024 * 1024
    return writer


@posix
@pytest.mark.parametrize(
    ("number", "after"),
    [(signal.SIGTERM, 0.0), (signal.SIGHUP, 0.005), (signal.SIGINT, 0.02), (signal.SIGTERM, 0.05)],
)
def test_a_killed_scan_leaves_no_private_copy(tmp_path: Path, number: int, after: float) -> None:
    home = tmp_path / "home"
    writer = _home_with_pending_log(home)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    try:
        scan = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "shadowaudit",
                "scan",
                "--home",
                str(home),
                "--no-questions",
                "--format",
                "json",
                "--only",
                "browser.firefox",
            ],
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait for the private copy to appear, then stop the scan `after` seconds later.
        deadline = time.monotonic() + 60
        while scan.poll() is None and not any(runtime.iterdir()):
            assert time.monotonic() < deadline, "the scan made no copy in a minute"
            time.sleep(0.001)
        time.sleep(after)
        if scan.poll() is None:
            scan.send_signal(number)
        scan.wait(timeout=60)
    finally:
        writer.close()
    assert sorted(p.name for p in runtime.iterdir()) == []
