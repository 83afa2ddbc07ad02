"""Chromium-family discovery and reading on built recordings: platforms, layouts, broken input.

Real profiles written by Debian's chromium are tested in test_chromium.py.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.browser.chromium.collector import PROFILES, ChromiumCollector
from shadowaudit.facts.redact import HIDDEN
from shadowaudit.host import RecordedHost


def machine(
    tmp_path: Path, platform: str = "linux", home: str = "/home/ana", env: str = "{}"
) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "host.yaml").write_text(
        f"platform: {platform}\nhome: '{home}'\nnow: '2026-11-21T10:00:00+00:00'\nenv: {env}\n"
    )
    return tmp_path


def target(folder: Path, path: str) -> Path:
    where = folder / "files" / path.lstrip("/").replace(":", "")
    where.parent.mkdir(parents=True, exist_ok=True)
    return where


def put_json(folder: Path, path: str, data: Any) -> None:
    target(folder, path).write_text(json.dumps(data), encoding="utf-8")


def put_db(folder: Path, path: str, schema: str, rows: list[tuple[Any, ...]]) -> None:
    connection = sqlite3.connect(target(folder, path))
    connection.execute(schema)
    table = schema.split()[2]
    marks = ",".join("?" * len(rows[0])) if rows else ""
    if rows:
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    connection.commit()
    connection.close()


COOKIES = "CREATE TABLE cookies (host_key TEXT, name TEXT, value TEXT, encrypted_value BLOB)"
LOGINS = "CREATE TABLE logins (origin_url TEXT, password_value BLOB, blacklisted_by_user INT)"


def profiles(folder: Path) -> list[dict[str, Any]]:
    found = ChromiumCollector().collect(RecordedHost(folder))[PROFILES]
    assert isinstance(found, list)
    return found  # type: ignore[return-value]


def test_windows_chrome_with_secure_preferences_and_network_cookies(tmp_path: Path) -> None:
    folder = machine(
        tmp_path,
        "windows",
        "C:\\Users\\Ana",
        env="{LOCALAPPDATA: 'C:\\Users\\Ana\\AppData\\Local'}",
    )
    data = "C:/Users/Ana/AppData/Local/Google/Chrome/User Data"
    put_json(
        folder,
        f"{data}/Local State",
        {
            "profile": {
                "info_cache": {
                    "Default": {"name": "Ana"},
                    "Profile 3": {"name": "Work"},
                    "Guest Profile": {"name": "Guest"},
                }
            },
            "dns_over_https": {"mode": "off"},
            "user_experience_metrics": {"reporting_enabled": True},
        },
    )
    target(folder, f"{data}/Last Version").write_text("156.0.8078.73")
    put_json(
        folder,
        f"{data}/Default/Preferences",
        {
            "safebrowsing": {"enabled": True},
            "account_info": [{"email": "ana@example.org", "gaia": "123"}],
            "sync": {"has_setup_completed": True},
            "download": {"default_directory": "C:\\Users\\Ana\\Downloads"},
            "profile": {
                "content_settings": {
                    "exceptions": {
                        "media_stream_camera": {"https://meet.example.org:443,*": {"setting": 1}},
                        "geolocation": {"https://maps.example.com:443,*": {"setting": 2}},
                    }
                }
            },
        },
    )
    put_json(
        folder,
        f"{data}/Default/Secure Preferences",
        {
            "safebrowsing": {"enabled": False},
            "extensions": {
                "settings": {
                    "abcdefgh": {
                        "location": 4,
                        "from_webstore": False,
                        "disable_reasons": [],
                        "active_permissions": {
                            "api": ["cookies", "webRequest", "storage"],
                            "explicit_host": ["<all_urls>"],
                        },
                        "manifest": {"name": "Helper"},
                    },
                    "component1": {"location": 5},
                }
            },
        },
    )
    put_db(
        folder,
        f"{data}/Default/Network/Cookies",
        COOKIES,
        [(".facebook.com", "c_user", "", b"v10secret"), (".doubleclick.net", "IDE", "", b"")],
    )
    put_db(
        folder,
        f"{data}/Default/Login Data",
        LOGINS,
        [
            ("https://a.org", b"v10xxxx", 0),
            ("https://b.org", b"v20yyyy", 0),
            ("https://never.org", b"", 1),
        ],
    )
    put_json(folder, f"{data}/Profile 3/Preferences", {})
    found = {p["name"]: p for p in profiles(folder)}
    assert sorted(found) == ["Ana", "Work"]
    ana = found["Ana"]
    assert ana["label"] == "Chrome, profile Ana" and ana["kind"] == "chrome"
    assert ana["version"] == "156.0.8078.73" and ana["minimum_version"] == "154.0"
    assert ana["prefs"]["safebrowsing.enabled"] is False  # Secure Preferences wins
    assert ana["prefs"]["dns_over_https.mode"] == "off"
    assert "download.default_directory" not in ana["prefs"]
    assert ana["site_permissions"] == [{"site": "meet.example.org", "kind": "camera"}]
    assert (ana["saved_logins"], ana["password_store"]) == (2, "windows_account")
    assert ana["platform_sessions"] == ["Facebook"] and ana["tracker_companies"] == ["Google"]
    assert (ana["signed_in"], ana["sync_on"]) == (True, True)
    assert ana["extensions"] == [
        {
            "id": "abcdefgh",
            "name": "Helper",
            "enabled": True,
            "blocked_by_browser": "",
            "user_installed": True,
            "sideloaded": False,
            "all_sites": True,
            "sensitive_permissions": ["cookies", "webRequest"],
            "unsigned": True,
            "outside_store": True,
        }
    ]
    assert "several profiles" in ana["note"]
    assert "ana@example.org" not in json.dumps(found)


def test_linux_basic_store_and_policies(tmp_path: Path) -> None:
    folder = machine(tmp_path)
    data = "/home/ana/.config/chromium"
    put_json(folder, f"{data}/Local State", {"profile": {"info_cache": {"Default": {}}}})
    put_json(
        folder,
        f"{data}/Default/Preferences",
        {
            "session": {"restore_on_startup": 1},
            "homepage": "https://example.org/",
            "profile": {"cookie_controls_mode": 0},
        },
    )
    put_db(folder, f"{data}/Default/Login Data", LOGINS, [("https://a.org", b"v10zz", 0)])
    put_json(
        folder,
        "/etc/chromium/policies/managed/org.json",
        {"BlockThirdPartyCookies": True, "SafeBrowsingProtectionLevel": 2},
    )
    (profile,) = profiles(folder)
    assert profile["password_store"] == "weak"
    assert profile["session_restore"] is True
    assert profile["prefs"]["profile.cookie_controls_mode"] == 1  # the policy wins
    assert profile["prefs"]["safebrowsing.enhanced"] is True
    assert profile["managed"] == [
        "profile.cookie_controls_mode",
        "safebrowsing.enabled",
        "safebrowsing.enhanced",
    ]
    assert profile["note"] == ""
    assert profile["version"] == Missing(Reason.not_installed, profile["version"].detail)


def test_macos_keychain_and_opera_layout(tmp_path: Path) -> None:
    folder = machine(tmp_path, "macos", "/Users/ana")
    data = "/Users/ana/Library/Application Support/com.operasoftware.Opera"
    put_json(folder, f"{data}/Preferences", {"safebrowsing": {"enabled": True}})
    put_db(folder, f"{data}/Login Data", LOGINS, [("https://a.org", b"v10zz", 0)])
    (opera,) = profiles(folder)
    assert opera["label"] == "Opera, profile Default" and opera["kind"] == "opera"
    assert opera["password_store"] == "keychain"
    assert isinstance(opera["minimum_version"], Missing)


def test_broken_preferences_and_databases(tmp_path: Path) -> None:
    folder = machine(tmp_path)
    data = "/home/ana/.config/google-chrome"
    put_json(folder, f"{data}/Local State", {"profile": {"info_cache": {"Default": {}}}})
    target(folder, f"{data}/Default/Preferences").write_text("{not json")
    target(folder, f"{data}/Default/Cookies").write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    (profile,) = profiles(folder)
    assert profile["prefs"] == Missing(Reason.parse_error, "Preferences")
    assert isinstance(profile["cookie_count"], Missing)
    assert profile["cookie_count"].reason is Reason.parse_error
    assert profile["saved_logins"] == 0


def test_hidden_values_and_no_browser(tmp_path: Path) -> None:
    folder = machine(tmp_path / "a")
    data = "/home/ana/.config/BraveSoftware/Brave-Browser"
    put_json(folder, f"{data}/Local State", {"profile": {"info_cache": {"Default": {}}}})
    put_json(
        folder,
        f"{data}/Default/Preferences",
        {"webrtc": {"ip_handling_policy": "https://not-a-policy.example/"}},
    )
    (brave,) = profiles(folder)
    assert brave["prefs"]["webrtc.ip_handling_policy"] == HIDDEN
    assert profiles(machine(tmp_path / "b")) == []
