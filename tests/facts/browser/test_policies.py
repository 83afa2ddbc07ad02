"""Policies in force: recorded with the real browsers (make_policy_machines.py), and the
Windows and macOS shapes from the vendors' documentation."""

from __future__ import annotations

import plistlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shadowaudit.facts.browser.chromium.collector import PROFILES as CHROMIUM
from shadowaudit.facts.browser.chromium.collector import ChromiumCollector
from shadowaudit.facts.browser.chromium.policies import (
    Policies,
    policy_permissions,
    read_policies,
)
from shadowaudit.facts.browser.chromium.profile import PrefLayers, settings
from shadowaudit.facts.browser.firefox.collector import PROFILES as FIREFOX
from shadowaudit.facts.browser.firefox.collector import FirefoxCollector
from shadowaudit.facts.browser.shared import policy_site
from shadowaudit.host import RecordedHost

Recorded = Callable[[str], RecordedHost]
MACHINE = "linux-browser-policies"


def only(host: RecordedHost, collector: Any, name: str) -> dict[str, Any]:
    (profile,) = collector.collect(host)[name]
    assert isinstance(profile, dict)
    return profile


def test_chromium_policies_recorded_with_the_real_browser(recorded: Recorded) -> None:
    profile = only(recorded(MACHINE), ChromiumCollector(), CHROMIUM)
    # What Chromium answered "granted" for (README.md), as site names and kinds only
    assert profile["policy_permissions"] == [
        {"site": "*", "kind": "location"},
        {"site": "meet.example.org", "kind": "camera"},
        {"site": "meet.example.org", "kind": "microphone"},
        {"site": "news.example.com", "kind": "notifications"},
    ]
    prefs = profile["prefs"]
    assert prefs["profile.default_content_setting_values.geolocation"] == 1  # mandatory
    assert "profile.default_content_setting_values.geolocation" in profile["managed"]
    # The recommendation said "allow third-party cookies"; the person chose "block": theirs wins
    assert prefs["profile.cookie_controls_mode"] == 1
    # The person never touched Safe Browsing: the recommendation (enhanced) is in force
    assert prefs["safebrowsing.enhanced"] is True
    assert profile["recommended"] == ["safebrowsing.enabled", "safebrowsing.enhanced"]


def test_firefox_policies_recorded_with_the_real_browser(recorded: Recorded) -> None:
    profile = only(recorded(MACHINE), FirefoxCollector(), FIREFOX)
    assert profile["policy_permissions"] == [
        {"site": "*", "kind": "pop-ups"},
        {"site": "maps.example.com", "kind": "location"},
        {"site": "meet.example.org", "kind": "camera"},
        {"site": "meet.example.org", "kind": "microphone"},
    ]
    assert profile["site_permissions"] == []  # Firefox never wrote them to permissions.sqlite
    prefs = profile["prefs"]
    assert prefs["network.trr.mode"] == 2  # an unlocked policy: only a default
    assert prefs["dom.security.https_only_mode"] is False  # the person beat a policy default
    assert profile["managed"] == []


def test_precedence_pref_by_pref() -> None:
    name = "profile.cookie_controls_mode"
    layers = {
        "default": PrefLayers(defaults={name: 2}),
        "recommended": PrefLayers(defaults={name: 2}, recommended={name: 0}),
        "mandatory": PrefLayers(recommended={name: 0}, mandatory={name: 1}),
        "fixed": PrefLayers(mandatory={name: 1}, fixed={name: 0}),
    }
    own: dict[str, object] = {"profile": {"cookie_controls_mode": 1}}
    assert settings({}, {}, layers["default"]).prefs[name] == 2
    assert settings({}, {}, layers["recommended"]).prefs[name] == 0
    assert settings({}, {}, layers["recommended"]).recommended == [name]
    assert settings(own, {}, layers["recommended"]).prefs[name] == 1  # the person beats it
    assert settings(own, {}, layers["recommended"]).recommended == []
    assert (
        settings({"profile": {"cookie_controls_mode": 0}}, {}, layers["mandatory"]).prefs[name] == 1
    )
    assert settings(own, {}, layers["fixed"]).prefs[name] == 0


def test_site_names_never_paths() -> None:
    assert policy_site("https://meet.example.org:443/room/42?key=secret") == "meet.example.org"
    assert policy_site("[*.]example.org") == "example.org"
    assert policy_site("https://user@meet.example.org/") == "meet.example.org"
    assert policy_site("*") == "*"
    assert policy_site("not a site") == ""
    granted = policy_permissions({"VideoCaptureAllowedUrls": ["https://a.example/x?y", 3]})
    assert granted == [{"site": "a.example", "kind": "camera"}]
    assert policy_permissions({"DefaultGeolocationSetting": True}) == []  # not the number 1


def _recording(tmp_path: Path, platform: str, home: str, registry: str = "") -> Path:
    folder = tmp_path / "machine"
    (folder / "files").mkdir(parents=True)
    (folder / "host.yaml").write_text(
        f"platform: {platform}\nhome: '{home}'\nuser: ana\nnow: '2026-11-21T10:00:00+00:00'\n"
    )
    if registry:
        (folder / "registry.yaml").write_text(registry)
    return folder


# Shapes from Google's Chrome Enterprise policy list (chromeenterprise.google/policies):
# "Windows (Windows registry)" examples, e.g. Software\Policies\Google\Chrome\
# VideoCaptureAllowedUrls\1 = "https://www.example.com/"; recommended values sit under
# ...\Google\Chrome\Recommended (Chrome's policy_templates, "Recommended" key).
WINDOWS_REGISTRY = r"""
'HKLM\SOFTWARE\Policies\Google\Chrome':
  DefaultGeolocationSetting: 1
'HKLM\SOFTWARE\Policies\Google\Chrome\VideoCaptureAllowedUrls':
  '1': 'https://www.example.com/'
  '2': 'https://[*.]example.edu/'
'HKLM\SOFTWARE\Policies\Google\Chrome\WebUsbAllowDevicesForUrls':
  '1': '{"devices": [{"vendor_id": 1234, "product_id": 5678}], "urls": ["https://google.com"]}'
'HKLM\SOFTWARE\Policies\Google\Chrome\Recommended':
  BlockThirdPartyCookies: 0
"""


def test_windows_registry_shapes(tmp_path: Path) -> None:
    host = RecordedHost(_recording(tmp_path, "windows", r"C:\Users\Ana", WINDOWS_REGISTRY))
    policies = read_policies(host, "chrome")
    assert policies.recommended == {"BlockThirdPartyCookies": False}
    assert policy_permissions(policies.mandatory) == [
        {"site": "*", "kind": "location"},
        {"site": "example.edu", "kind": "camera"},
        {"site": "google.com", "kind": "usb"},
        {"site": "www.example.com", "kind": "camera"},
    ]


def test_macos_forced_and_not_forced(tmp_path: Path) -> None:
    # Chrome on macOS: values forced by a configuration profile (/Library/Managed
    # Preferences) are mandatory; the person's own ~/Library/Preferences values are only
    # recommended (Chrome Enterprise help, "Set Chrome browser policies on Mac").
    folder = _recording(tmp_path, "macos", "/Users/ana")
    managed = folder / "files/Library/Managed Preferences/com.google.Chrome.plist"
    managed.parent.mkdir(parents=True)
    managed.write_bytes(plistlib.dumps({"AudioCaptureAllowedUrls": ["https://meet.example.org"]}))
    own = folder / "files/Users/ana/Library/Preferences/com.google.Chrome.plist"
    own.parent.mkdir(parents=True)
    own.write_bytes(plistlib.dumps({"DnsOverHttpsMode": "secure", "LastRunVersion": "x"}))
    policies = read_policies(RecordedHost(folder), "chrome")
    assert policy_permissions(policies.mandatory) == [
        {"site": "meet.example.org", "kind": "microphone"}
    ]
    assert policies.recommended["DnsOverHttpsMode"] == "secure"
    assert read_policies(RecordedHost(folder), "unknown") == Policies()


# Mozilla's policy templates (mozilla/policy-templates, README "Permissions"):
# Software\Policies\Mozilla\Firefox\Permissions\Camera\Allow\1 = "https://example.org"
FIREFOX_REGISTRY = r"""
'HKLM\SOFTWARE\Policies\Mozilla\Firefox\Permissions\Camera\Allow':
  '1': 'https://example.org'
'HKLM\SOFTWARE\Policies\Mozilla\Firefox\PopupBlocking':
  Default: 0
"""


def test_firefox_registry_shapes(tmp_path: Path) -> None:
    from shadowaudit.facts.browser.firefox.policies import read_system_prefs

    host = RecordedHost(_recording(tmp_path, "windows", r"C:\Users\Ana", FIREFOX_REGISTRY))
    assert read_system_prefs(host).granted == [
        {"site": "*", "kind": "pop-ups"},
        {"site": "example.org", "kind": "camera"},
    ]
