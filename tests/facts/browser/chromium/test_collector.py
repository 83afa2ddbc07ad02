"""Chromium profiles written by Debian's real chromium 156 (make_chromium_homes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shadowaudit.facts.browser.chromium.collector import PROFILES, ChromiumCollector
from shadowaudit.host import RecordedHost

Recorded = Callable[[str], RecordedHost]


def by_name(host: RecordedHost) -> dict[str, dict[str, Any]]:
    profiles = ChromiumCollector().collect(host)[PROFILES]
    assert isinstance(profiles, list)
    return {p["name"]: p for p in profiles}  # type: ignore[index,misc]


def test_three_profiles_from_local_state(recorded: Recorded) -> None:
    profiles = by_name(recorded("linux-chromium"))
    assert sorted(profiles) == ["Your Chromium", "hardened", "risky"]
    assert {p["folder"] for p in profiles.values()} == {"Default", "Profile 1", "Profile 2"}
    assert all(
        p["kind"] == "chromium" and p["version"] == "156.0.8078.79" for p in profiles.values()
    )
    assert profiles["risky"]["label"] == "Chromium, profile risky"


def test_risky_profile(recorded: Recorded) -> None:
    risky = by_name(recorded("linux-chromium"))["risky"]
    assert risky["prefs"]["safebrowsing.enabled"] is False
    assert risky["prefs"]["profile.cookie_controls_mode"] == 0
    assert risky["session_restore"] is True
    assert (risky["saved_logins"], risky["password_store"]) == (2, "weak")
    assert risky["cookie_count"] == 7
    assert risky["tracker_companies"] == ["Comscore", "Google"]
    assert risky["platform_sessions"] == [
        "Facebook",
        "Google (Gmail, YouTube and more)",
        "X (Twitter)",
    ]
    assert sorted(risky["site_permissions"], key=str) == sorted(
        [
            {"site": "meet.example.org", "kind": "camera"},
            {"site": "meet.example.org", "kind": "microphone"},
            {"site": "meet.example.org", "kind": "location"},
            {"site": "news.example.com", "kind": "notifications"},
        ],
        key=str,
    )
    (extension,) = risky["extensions"]
    assert extension == {
        "id": "bcbfidliglcidgdijoliehabimkliega",
        "name": "Coupon Helper",
        "enabled": True,
        "blocked_by_browser": "",
        "user_installed": True,
        "sideloaded": True,
        "all_sites": True,
        "sensitive_permissions": ["cookies", "tabs", "webRequest"],
        "unsigned": False,
        "outside_store": True,
    }


def test_hardened_and_default_profiles(recorded: Recorded) -> None:
    profiles = by_name(recorded("linux-chromium"))
    hardened = profiles["hardened"]
    assert hardened["prefs"]["https_only_mode_enabled"] is True
    assert hardened["prefs"]["safebrowsing.enhanced"] is True
    assert hardened["prefs"]["profile.cookie_controls_mode"] == 1
    assert hardened["prefs"]["dns_over_https.mode"] == "secure"  # from Local State
    assert (hardened["saved_logins"], hardened["password_store"]) == (0, "none")
    assert hardened["extensions"] == [] and hardened["cookie_count"] == 0
    default = profiles["Your Chromium"]
    # Not in Preferences: the value is Debian's build default (rules/data/browser_defaults.yaml)
    assert default["build"] == "debian"
    assert default["prefs"]["profile.cookie_controls_mode"] == 1
    # Unbranded Chromium never sends usage statistics, whatever the pref says
    assert default["prefs"]["user_experience_metrics.reporting_enabled"] is False
    assert default["session_restore"] is False


def test_defaults_older_than_their_shelf_life_are_not_assumed(
    recorded: Recorded, monkeypatch: Any
) -> None:
    from datetime import timedelta

    from shadowaudit.facts.datalists import browser_defaults

    host = recorded("linux-chromium")
    listed = browser_defaults()
    last_day = listed.as_of + timedelta(days=listed.shelf_life_days)
    for day, assumed in ((last_day, True), (last_day + timedelta(days=1), False)):
        moment = host.now().replace(year=day.year, month=day.month, day=day.day)
        monkeypatch.setattr(host, "now", lambda moment=moment: moment)
        default = by_name(host)["Your Chromium"]
        assert ("profile.cookie_controls_mode" in default["prefs"]) is assumed
