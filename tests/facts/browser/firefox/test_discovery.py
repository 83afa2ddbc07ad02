"""Firefox profile discovery and reading on built recordings: every location, broken inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.browser.firefox.collector import (
    PROFILES,
    FirefoxCollector,
    parse_profiles_ini,
)
from shadowaudit.host import RecordedHost

PROFILES_INI = """[Profile1]
Name=work
IsRelative=1
Path=abcd.work

[Profile0]
Name=default
IsRelative=1
Path=wxyz.default
Default=1

[General]
StartWithLastProfile=1
Version=2
"""


def machine(
    tmp_path: Path,
    platform: str = "linux",
    home: str = "/home/ana",
    env: str = "{}",
    unreadable: str = "[]",
) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "host.yaml").write_text(
        f"platform: {platform}\nhome: '{home}'\nnow: '2026-11-21T10:00:00+00:00'\n"
        f"env: {env}\nunreadable: {unreadable}\n"
    )
    return tmp_path


def put(folder: Path, path: str, text: str) -> None:
    target = folder / "files" / path.lstrip("/").replace(":", "")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def profiles(folder: Path) -> list[dict[str, object]]:
    value = FirefoxCollector().collect(RecordedHost(folder))[PROFILES]
    assert isinstance(value, list)
    return value  # type: ignore[return-value]


def test_parse_profiles_ini_prefers_the_install_default() -> None:
    expected = [("work", "abcd.work", True, True), ("default", "wxyz.default", True, False)]
    installs_ini = "[4F96D1932A9F858E]\nDefault=abcd.work\nLocked=1\n"
    assert parse_profiles_ini(PROFILES_INI, installs_ini) == expected
    install_section = "\n[Install4F96D1932A9F858E]\nDefault=abcd.work\nLocked=1\n"
    assert parse_profiles_ini(PROFILES_INI + install_section) == expected
    assert [p[3] for p in parse_profiles_ini(PROFILES_INI)] == [False, True]


def test_every_used_profile_in_both_linux_locations(tmp_path: Path) -> None:
    folder = machine(tmp_path)
    root = "/home/ana/.config/mozilla/firefox"
    put(folder, f"{root}/profiles.ini", PROFILES_INI)
    put(folder, f"{root}/abcd.work/prefs.js", 'user_pref("network.cookie.cookieBehavior", 0);\n')
    put(folder, f"{root}/wxyz.default/prefs.js", "")
    put(folder, f"{root}/wxyz.default/user.js", 'user_pref("dom.security.https_only_mode", true);')
    legacy = "/home/ana/.mozilla/firefox"
    put(folder, f"{legacy}/profiles.ini", "[Profile0]\nName=old\nIsRelative=1\nPath=old.default\n")
    put(folder, f"{legacy}/old.default/prefs.js", "")
    found = profiles(folder)
    assert [(p["label"], p["path"], p["prefs"]) for p in found] == [
        (
            "Firefox, profile work",
            "~/.config/mozilla/firefox/abcd.work",
            {"network.cookie.cookieBehavior": 0},
        ),
        (
            "Firefox, profile default",
            "~/.config/mozilla/firefox/wxyz.default",
            {"dom.security.https_only_mode": True},
        ),
        ("Firefox, profile old", "~/.mozilla/firefox/old.default", {}),
    ]
    assert [p["is_default"] for p in found] == [False, True, False]


def test_unused_and_vanished_profiles_are_skipped(tmp_path: Path) -> None:
    folder = machine(tmp_path)
    root = "/home/ana/.mozilla/firefox"
    put(folder, f"{root}/profiles.ini", PROFILES_INI)
    put(folder, f"{root}/abcd.work/cert9.db", "")  # never started: no prefs.js
    put(folder, f"{root}/wxyz.default/times.json", "{}")  # Firefox writes this even unused
    assert profiles(folder) == []


def test_absolute_profile_path_and_xdg_config_home(tmp_path: Path) -> None:
    folder = machine(tmp_path, env="{XDG_CONFIG_HOME: /home/ana/cfg}")
    put(
        folder,
        "/home/ana/cfg/mozilla/firefox/profiles.ini",
        "[Profile0]\nName=usb\nIsRelative=0\nPath=/media/ana/usb/ff\n",
    )
    put(folder, "/media/ana/usb/ff/prefs.js", 'user_pref("browser.startup.page", 1);')
    assert [(p["path"], p["prefs"]) for p in profiles(folder)] == [
        ("/media/ana/usb/ff", {"browser.startup.page": 1})
    ]


@pytest.mark.parametrize(
    ("root", "label"),
    [
        (".var/app/org.mozilla.firefox/.mozilla/firefox", "Firefox (Flatpak), profile p"),
        ("snap/firefox/common/.mozilla/firefox", "Firefox (Snap), profile p"),
    ],
)
def test_flatpak_and_snap(tmp_path: Path, root: str, label: str) -> None:
    folder = machine(tmp_path)
    put(folder, f"/home/ana/{root}/profiles.ini", "[Profile0]\nName=p\nPath=p.default\n")
    put(folder, f"/home/ana/{root}/p.default/prefs.js", "")
    assert [p["label"] for p in profiles(folder)] == [label]


def test_windows_and_macos_locations(tmp_path: Path) -> None:
    win = machine(
        tmp_path / "w",
        "windows",
        "C:\\Users\\Ana",
        env="{APPDATA: 'C:\\Users\\Ana\\AppData\\Roaming'}",
    )
    base = "C:/Users/Ana/AppData/Roaming/Mozilla/Firefox"
    put(
        win,
        f"{base}/profiles.ini",
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/k2.default-release\n",
    )
    put(
        win,
        f"{base}/Profiles/k2.default-release/prefs.js",
        'user_pref("browser.contentblocking.category", "strict");\r\n',
    )
    assert [(p["label"], p["prefs"]) for p in profiles(win)] == [
        ("Firefox, profile default-release", {"browser.contentblocking.category": "strict"})
    ]
    mac = machine(tmp_path / "m", "macos", "/Users/ana")
    base = "/Users/ana/Library/Application Support/Firefox"
    put(mac, f"{base}/profiles.ini", "[Profile0]\nName=default\nPath=Profiles/q.default\n")
    put(mac, f"{base}/Profiles/q.default/prefs.js", "")
    assert [p["path"] for p in profiles(mac)] == [
        "~/Library/Application Support/Firefox/Profiles/q.default"
    ]


def test_broken_inputs_become_missing_not_crashes(tmp_path: Path) -> None:
    folder = machine(tmp_path / "a", unreadable="[/home/ana/.mozilla/firefox/p.one/prefs.js]")
    root = "/home/ana/.mozilla/firefox"
    put(
        folder,
        f"{root}/profiles.ini",
        "[Profile0]\nName=one\nPath=p.one\n[Profile1]\nName=two\nPath=p.two\n",
    )
    put(folder, f"{root}/p.one/prefs.js", "")
    put(folder, f"{root}/p.two/prefs.js", "\x00\x01 not prefs at all (")
    found = profiles(folder)
    reasons = [p["prefs"].reason for p in found if isinstance(p["prefs"], Missing)]
    assert reasons == [Reason.permission_denied, Reason.parse_error]
    broken = machine(tmp_path / "b")
    put(broken, f"{root}/profiles.ini", "no sections here\n")
    (subject,) = profiles(broken)
    assert subject["label"] == "Firefox, profiles in ~/.mozilla/firefox"
    assert isinstance(subject["prefs"], Missing) and subject["prefs"].reason is Reason.parse_error


def test_no_firefox_at_all(tmp_path: Path) -> None:
    assert profiles(machine(tmp_path)) == []


def one_profile(tmp_path: Path, prefs_js: str, policies: dict[str, object]) -> Path:
    """A machine with one Firefox profile holding prefs_js, and /etc's policies.json."""
    folder = machine(tmp_path)
    root = "/home/ana/.mozilla/firefox"
    put(folder, f"{root}/profiles.ini", "[Profile0]\nName=p\nPath=p.default\n")
    put(folder, f"{root}/p.default/prefs.js", prefs_js)
    put(folder, "/etc/firefox/policies/policies.json", json.dumps({"policies": policies}))
    return folder


def test_policies_and_distribution_defaults(tmp_path: Path) -> None:
    policies = {
        "HttpsOnlyMode": "force_enabled",
        "Cookies": {"Behavior": "reject-tracker-and-partition-foreign"},
        "DNSOverHTTPS": {"Enabled": True, "Fallback": False},
        "Preferences": {"browser.startup.page": {"Value": 1, "Status": "locked"}},
    }
    folder = one_profile(
        tmp_path,
        'user_pref("dom.security.https_only_mode", false);\nuser_pref("a.b", 1);\n',
        policies,
    )
    put(
        folder,
        "/etc/firefox-esr/firefox-esr.js",
        'pref("datareporting.healthreport.uploadEnabled", false);\nlockPref("x.locked", 2);\n',
    )
    (profile,) = profiles(folder)
    prefs = profile["prefs"]
    assert prefs["dom.security.https_only_mode"] is True  # the policy wins over the person
    assert prefs["network.cookie.cookieBehavior"] == 5
    assert prefs["network.trr.mode"] == 3
    assert prefs["browser.startup.page"] == 1
    assert prefs["datareporting.healthreport.uploadEnabled"] is False  # Debian's default
    assert "a.b" not in prefs and profile["other_prefs"] == 2  # no rule judges a.b, x.locked
    # Cookies and DNSOverHTTPS without "Locked" only change defaults (setDefaultPref)
    assert profile["managed"] == ["browser.startup.page", "dom.security.https_only_mode"]


def test_an_unlocked_policy_is_only_a_default_the_person_beats(tmp_path: Path) -> None:
    policies = {
        "DNSOverHTTPS": {"Enabled": True, "Fallback": False},
        "HttpsOnlyMode": "enabled",
        "Cookies": {"Behavior": "reject-foreign", "Locked": True},
        "Preferences": {"permissions.default.geo": {"Value": 1, "Status": "default"}},
    }
    folder = one_profile(
        tmp_path,
        'user_pref("network.trr.mode", 5);\nuser_pref("dom.security.https_only_mode", false);\n'
        'user_pref("network.cookie.cookieBehavior", 0);\n',
        policies,
    )
    (profile,) = profiles(folder)
    prefs = profile["prefs"]
    assert prefs["network.trr.mode"] == 5  # the person's own choice beats a default
    assert prefs["dom.security.https_only_mode"] is False
    assert prefs["network.cookie.cookieBehavior"] == 1  # a locked policy beats the person
    assert prefs["permissions.default.geo"] == 1  # a default the person never changed
    assert profile["managed"] == ["network.cookie.cookieBehavior"]


def test_tor_browser_and_librewolf(tmp_path: Path) -> None:
    folder = machine(tmp_path)
    tor = "/home/ana/.local/share/torbrowser/tbb/x86_64/tor-browser/Browser/TorBrowser/Data/Browser"
    put(
        folder,
        f"{tor}/profile.default/prefs.js",
        'user_pref("browser.security_level.security_slider", 2);\n',
    )
    put(folder, "/home/ana/.librewolf/profiles.ini", "[Profile0]\nName=default\nPath=lw.default\n")
    put(folder, "/home/ana/.librewolf/lw.default/prefs.js", "")
    put(
        folder,
        "/etc/firefox/policies/policies.json",
        json.dumps({"policies": {"HttpsOnlyMode": "force_enabled"}}),
    )
    found = {p["kind"]: p for p in profiles(folder)}
    assert found["tor_browser"]["label"] == "Tor Browser, profile default"
    assert found["tor_browser"]["prefs"] == {"browser.security_level.security_slider": 2}
    assert found["librewolf"]["label"] == "LibreWolf, profile default"
    assert found["librewolf"]["managed"] == []  # Firefox's system policies are not LibreWolf's
