"""Firefox profiles written by the real firefox-esr 153 (tests/fixtures/make_firefox_homes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shadowaudit.facts.browser.firefox.collector import PROFILES, FirefoxCollector
from shadowaudit.host import RecordedHost

Recorded = Callable[[str], RecordedHost]


def by_name(host: RecordedHost) -> dict[str, dict[str, Any]]:
    profiles = FirefoxCollector().collect(host)[PROFILES]
    assert isinstance(profiles, list)
    return {p["name"]: p for p in profiles}  # type: ignore[index,misc]


def test_new_xdg_location_with_three_used_profiles(recorded: Recorded) -> None:
    profiles = by_name(recorded("linux-firefox"))
    # The legacy "default" profile Firefox creates beside the real one was never used.
    assert sorted(profiles) == ["default-esr", "hardened", "risky"]
    assert {n: p["is_default"] for n, p in profiles.items()} == {
        "default-esr": True,
        "hardened": False,
        "risky": False,
    }
    assert all(p["path"].startswith("~/.config/mozilla/firefox/") for p in profiles.values())
    assert profiles["default-esr"]["label"] == "Firefox, profile default-esr"


def test_prefs_as_firefox_wrote_them(recorded: Recorded) -> None:
    profiles = by_name(recorded("linux-firefox"))
    default, hardened, risky = (profiles[n]["prefs"] for n in ("default-esr", "hardened", "risky"))
    assert default["browser.contentblocking.category"] == "standard"
    assert "dom.security.https_only_mode" not in default  # absent means Firefox's default
    assert "network.cookie.cookieBehavior" not in default
    assert hardened["browser.contentblocking.category"] == "strict"
    assert hardened["dom.security.https_only_mode"] is True
    assert risky["network.cookie.cookieBehavior"] == 0
    assert risky["browser.contentblocking.category"] == "custom"


def test_legacy_location(recorded: Recorded) -> None:
    profiles = by_name(recorded("linux-firefox-legacy"))
    assert sorted(profiles) == ["default-esr"]
    (profile,) = profiles.values()
    assert profile["path"].startswith("~/.mozilla/firefox/")
    assert profile["is_default"] is True
    assert profile["prefs"]["dom.security.https_only_mode"] is True
    assert profile["prefs"]["network.cookie.cookieBehavior"] == 1


def test_what_the_real_browser_saved(recorded: Recorded) -> None:
    profiles = by_name(recorded("linux-firefox"))
    risky, hardened, default = (profiles[n] for n in ("risky", "hardened", "default-esr"))
    assert (risky["saved_logins"], risky["primary_password"]) == (2, False)
    assert (hardened["saved_logins"], hardened["primary_password"]) == (1, True)
    assert (default["saved_logins"], default["primary_password"]) == (0, False)
    assert risky["platform_sessions"] == [
        "Facebook",
        "Google (Gmail, YouTube and more)",
        "X (Twitter)",
    ]
    assert risky["tracker_companies"] == ["Google"]
    # Total Cookie Protection keeps default-esr's doubleclick cookie in a jar for one site.
    assert (default["cookie_count"], default["tracker_companies"]) == (1, [])
    assert sorted(p["kind"] for p in risky["site_permissions"]) == [
        "camera",
        "location",
        "microphone",
        "notifications",
    ]
    (extension,) = risky["extensions"]
    assert extension == {
        "id": "coupon-helper@example.org",
        "name": "Coupon Helper",
        "enabled": True,
        "blocked_by_browser": "",
        "user_installed": True,
        "sideloaded": False,
        "all_sites": True,
        "sensitive_permissions": ["cookies", "tabs", "webRequest"],
        "unsigned": True,
        "outside_store": True,
    }
    assert hardened["prefs"]["network.trr.mode"] == 3
    # The DNS server's address is a setting no rule judges: counted, never kept.
    assert "network.trr.uri" not in hardened["prefs"] and hardened["other_prefs"] > 0
    assert risky["prefs"]["browser.startup.page"] == 3
    assert {p["version"] for p in profiles.values()} == {"153.7.0"}
    assert all(p["sync_signed_in"] is False for p in profiles.values())
