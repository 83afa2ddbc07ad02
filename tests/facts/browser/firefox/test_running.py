"""A running Firefox holds its databases exclusively with a write-ahead log: we still read them,
see its newest writes, and change nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from shadowaudit.facts.browser.firefox.collector import PROFILES, FirefoxCollector
from shadowaudit.host import LocalHost
from tests.conftest import host_folder


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
            p.stat().st_mode,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def profile_facts(home: Path, name: str) -> dict[str, object]:
    found = FirefoxCollector().collect(LocalHost(home))[PROFILES]
    assert isinstance(found, list)
    return next(p for p in found if isinstance(p, dict) and p["name"] == name)


def test_running_firefox_databases(tmp_path: Path) -> None:
    home = tmp_path / "ana"
    shutil.copytree(host_folder("linux-firefox") / "files" / "home" / "ana", home)
    before_running = profile_facts(home, "risky")
    profile = Path(str(before_running["path"]).replace("~", str(home), 1))
    # NOTE: what Firefox does while it runs: WAL journal, exclusive lock, recent writes only in
    # the -wal file.
    browser = sqlite3.connect(profile / "cookies.sqlite")
    browser.execute("PRAGMA journal_mode=WAL")
    browser.execute("PRAGMA locking_mode=EXCLUSIVE")
    columns = [row[1] for row in browser.execute("PRAGMA table_info(moz_cookies)")]
    values = {
        "name": "li_at",
        "host": ".linkedin.com",
        "value": "CANARY-LIVE",
        "originAttributes": "",
        "path": "/",
    }
    browser.execute(
        f"INSERT INTO moz_cookies ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    browser.commit()
    assert "host" in columns and (profile / "cookies.sqlite-wal").stat().st_size > 0
    with sqlite3.connect(f"file:{profile / 'cookies.sqlite'}?mode=ro", uri=True) as other:
        try:
            other.execute("SELECT count(*) FROM moz_cookies").fetchall()
            locked = False
        except sqlite3.OperationalError:
            locked = True
    assert locked, "the simulated browser must hold the database exclusively"
    files_before = snapshot(home)
    running = profile_facts(home, "risky")
    assert snapshot(home) == files_before
    assert running["cookie_count"] == before_running["cookie_count"] + 1  # type: ignore[operator]
    assert "LinkedIn" in running["platform_sessions"]  # type: ignore[operator]
    assert "LinkedIn" not in before_running["platform_sessions"]  # type: ignore[operator]
    browser.execute(
        "INSERT INTO moz_cookies (name, host, value, originAttributes, path) "
        "VALUES ('later', '.example.org', 'x', '', '/')"
    )
    browser.commit()  # the browser still writes: we held no lock
    browser.close()
