"""Our cookie reader agrees with plain SQL on a throw-away copy of the real browsers' databases.

browser-cookie3 was meant as this oracle, but on a machine without a desktop session bus it
raises KeyError('DBUS_SESSION_BUS_ADDRESS') before reading anything (and FileNotFoundError with
a bus address that leads nowhere), because it always fetches decryption keys first.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from shadowaudit.facts.browser.chromium.profile import read_cookies as chromium_cookies
from shadowaudit.facts.browser.firefox.profile import read_cookies as firefox_cookies
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

CASES = [
    (
        "linux-chromium",
        ".config/chromium/Profile 1/Cookies",
        "SELECT host_key FROM cookies",
        chromium_cookies,
    ),
    (
        "linux-firefox",
        ".config/mozilla/firefox/*.risky/cookies.sqlite",
        "SELECT host FROM moz_cookies",
        firefox_cookies,
    ),
]


@pytest.mark.parametrize(("machine", "pattern", "sql", "reader"), CASES)
def test_counts_and_sites_match_plain_sql(
    tmp_path: Path, machine: str, pattern: str, sql: str, reader: object
) -> None:
    home = host_folder(machine) / "files" / "home" / "ana"
    (database,) = home.glob(pattern)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(database, copy)
    with sqlite3.connect(copy) as connection:
        hosts = [row[0] for row in connection.execute(sql)]
    host = RecordedHost(host_folder(machine))
    profile = host.home.joinpath(*database.parent.relative_to(home).parts)
    facts = reader(host, profile)  # type: ignore[operator]
    assert facts["cookie_count"] == len(hosts) > 0
    assert facts["cookie_sites"] == len({".".join(h.lstrip(".").split(".")[-2:]) for h in hosts})
