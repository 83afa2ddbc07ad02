"""Promise 1: a scan changes no byte of the person's files and locks nothing, even while the
browsers hold their databases as they do when running."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.promises.conftest import fingerprint

runner = CliRunner()

COMMANDS = [
    ["scan", "--format", "text"],
    ["scan", "--format", "md"],
    ["scan", "--format", "json"],
    ["scan", "--format", "html"],
    ["facts"],
    ["explain", "browser.firefox.tracker_cookies"],
    ["explain", "browser.chromium.saved_passwords_unprotected"],
]


def run_all(home: Path, share: Path) -> None:
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--home", str(home)])
        assert result.exit_code in (0, 1), (command, result.stderr)
    result = runner.invoke(
        app,
        ["scan", "--home", str(home), "--format", "json", "--no-questions", "--share", str(share)],
    )
    assert result.exit_code in (0, 1) and share.is_file(), result.stderr


def test_every_command_leaves_the_home_untouched(browser_home: Path, tmp_path: Path) -> None:
    before = fingerprint(browser_home)
    run_all(browser_home, tmp_path / "share.json")
    assert fingerprint(browser_home) == before


@contextmanager
def running_browsers(home: Path) -> Iterator[None]:
    """Hold every browser database as a running browser does: Firefox's in exclusive WAL mode
    with fresh writes only in the -wal, Chromium's inside an open exclusive transaction."""
    with ExitStack() as stack:
        for db in sorted(home.rglob("*.sqlite")):
            connection = sqlite3.connect(db)
            stack.callback(connection.close)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA locking_mode=EXCLUSIVE")
            connection.execute("CREATE TABLE IF NOT EXISTS shadowaudit_test_write (x)")
            connection.commit()
        for name in ("Cookies", "Login Data"):
            for db in sorted(home.rglob(name)):
                connection = sqlite3.connect(db, isolation_level=None)
                stack.callback(connection.close)
                connection.execute("BEGIN EXCLUSIVE")
                stack.callback(connection.execute, "ROLLBACK")
        yield


def test_running_browsers_are_read_and_left_alone(browser_home: Path, tmp_path: Path) -> None:
    with running_browsers(browser_home):
        before = fingerprint(browser_home)
        assert any(name.endswith("-wal") for name in before)
        result = runner.invoke(
            app,
            [
                "scan",
                "--home",
                str(browser_home),
                "--format",
                "json",
                "--no-questions",
                "--only",
                "browser",
            ],
        )
        assert result.exit_code in (0, 1), result.stderr
        assert fingerprint(browser_home) == before
    # Firefox's WAL databases were read whole; Chromium's locked ones were read or unknown.
    import json

    findings = json.loads(result.stdout)["findings"]
    statuses = {
        (f["rule"], f["subject"]["label"] if f["subject"] else ""): f["status"] for f in findings
    }
    assert statuses[("browser.firefox.platform_sessions", "Firefox, profile risky")] == "fail"
    assert "error" not in statuses.values()


def test_no_lock_or_sidecar_files_are_created(browser_home: Path) -> None:
    before = set(fingerprint(browser_home))
    runner.invoke(app, ["scan", "--home", str(browser_home), "--format", "json", "--no-questions"])
    after = set(fingerprint(browser_home))
    assert after == before, f"created: {sorted(after - before)}"
