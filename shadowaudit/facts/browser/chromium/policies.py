"""Chromium-family policies: what an organisation or a program enforces or recommends.

Chromium has two tiers. A mandatory policy beats everything; a recommended one is only a
default: the person's own setting beats it. So for each pref the value in force is: mandatory
policy, else the person's pref, else the recommended policy, else the browser's default.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from msgspec import Struct, field

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue
from shadowaudit.facts.browser.shared import policy_site
from shadowaudit.facts.decode import json_loads, load_plist
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

#: Per browser: Linux policy folder, Windows registry key, macOS managed preference domain.
POLICY_PLACES = {
    "chrome": ("/etc/opt/chrome/policies", "Google\\Chrome", "com.google.Chrome"),
    "chromium": ("/etc/chromium/policies", "Chromium", "org.chromium.Chromium"),
    "brave": ("/etc/brave/policies", "BraveSoftware\\Brave", "com.brave.Browser"),
    "edge": ("/etc/opt/edge/policies", "Microsoft\\Edge", "com.microsoft.Edge"),
    "vivaldi": ("/etc/vivaldi/policies", "Vivaldi", "com.vivaldi.Vivaldi"),
    "opera": ("/etc/opera/policies", "Opera Software\\Opera", "com.operasoftware.Opera"),
}
_SAFE_BROWSING = {0: (False, False), 1: (True, False), 2: (True, True)}
_ALLOW = 1

#: Default*Setting policies whose value 1 lets every site use something without asking:
#: policy -> (the content-setting pref it sets, the words the report uses). Chromium's
#: policy templates (components/policy/resources/templates/policy_definitions/
#: ContentSettings/) accept 1 only for these; DefaultMediaStreamSetting, DefaultClipboardSetting
#: and the *GuardSetting policies take only 2 (block) and 3 (ask).
DEFAULT_SETTINGS = {
    "DefaultGeolocationSetting": ("geolocation", "location"),
    "DefaultNotificationsSetting": ("notifications", "notifications"),
    "DefaultPopupsSetting": ("popups", "pop-ups"),
    "DefaultSensorsSetting": ("sensors", "sensors"),
}
#: Policies that list the sites allowed to use something without asking, with the words
#: the report uses. AutoSelectCertificateForUrls is not a permission and is not here.
ALLOW_LISTS = {
    "VideoCaptureAllowedUrls": "camera",
    "AudioCaptureAllowedUrls": "microphone",
    "ScreenCaptureAllowedByOrigins": "screen",
    "WindowCaptureAllowedByOrigins": "screen",
    "TabCaptureAllowedByOrigins": "screen",
    "NotificationsAllowedForUrls": "notifications",
    "PopupsAllowedForUrls": "pop-ups",
    "ClipboardAllowedForUrls": "clipboard",
    "SensorsAllowedForUrls": "sensors",
    "SerialAllowAllPortsForUrls": "serial",
    "WebHidAllowAllDevicesForUrls": "usb",
    "WindowManagementAllowedForUrls": "window management",
    "LocalFontsAllowedForUrls": "fonts",
    "AutoplayAllowlist": "autoplay",
}
#: Policies holding a list of {devices, urls}: the sites get the devices without asking.
DEVICE_LISTS = {"WebUsbAllowDevicesForUrls": "usb", "SerialAllowUsbDevicesForUrls": "serial"}


class Policies(Struct, frozen=True):
    """The policies of one browser on this computer, by tier."""

    mandatory: dict[str, object] = field(default_factory=dict)
    recommended: dict[str, object] = field(default_factory=dict)


def policy_prefs(policies: Mapping[str, object]) -> dict[str, FactValue]:
    """The prefs that a set of Chromium policies sets."""
    prefs: dict[str, FactValue] = {}
    level = policies.get("SafeBrowsingProtectionLevel")
    if isinstance(level, int) and level in _SAFE_BROWSING:
        enabled, enhanced = _SAFE_BROWSING[level]
        prefs.update({"safebrowsing.enabled": enabled, "safebrowsing.enhanced": enhanced})
    elif isinstance(policies.get("SafeBrowsingEnabled"), bool):
        prefs["safebrowsing.enabled"] = bool(policies["SafeBrowsingEnabled"])
    if isinstance(policies.get("BlockThirdPartyCookies"), bool):
        prefs["profile.cookie_controls_mode"] = 1 if policies["BlockThirdPartyCookies"] else 0
    https = policies.get("HttpsOnlyMode")
    if https in ("force_enabled", "force_balanced_enabled", "disallowed"):
        # NOTE: "disallowed" turns every HTTPS-First mode off, Chrome 154's default included.
        prefs["https_only_mode_enabled"] = https == "force_enabled"
        prefs["https_first_balanced_mode_enabled"] = https == "force_balanced_enabled"
    if policies.get("DnsOverHttpsMode") in ("off", "automatic", "secure"):
        prefs["dns_over_https.mode"] = str(policies["DnsOverHttpsMode"])
    if isinstance(policies.get("MetricsReportingEnabled"), bool):
        prefs["user_experience_metrics.reporting_enabled"] = bool(
            policies["MetricsReportingEnabled"]
        )
    if isinstance(policies.get("PasswordManagerEnabled"), bool):
        prefs["credentials_enable_service"] = bool(policies["PasswordManagerEnabled"])
    if isinstance(policies.get("RestoreOnStartup"), int):
        prefs["session.restore_on_startup"] = int(str(policies["RestoreOnStartup"]))
    settings = {"DefaultCookiesSetting": ("cookies", ""), **DEFAULT_SETTINGS}
    for name, (target, _words) in settings.items():
        value = policies.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2, 3, 4):
            prefs[f"profile.default_content_setting_values.{target}"] = value
    return prefs


def _sites(value: object) -> list[str]:
    """The site names in a policy's list of URL patterns (never a path or a query)."""
    if not isinstance(value, list):
        return []
    return sorted({site for item in value if isinstance(item, str) and (site := policy_site(item))})


def policy_permissions(policies: Mapping[str, object]) -> list[FactValue]:
    """What mandatory policies let sites do without asking, as {site, kind}; "*" is every
    site (a Default*Setting of 1)."""
    granted: set[tuple[str, str]] = set()
    for name, (_target, words) in DEFAULT_SETTINGS.items():
        if policies.get(name) == _ALLOW and not isinstance(policies.get(name), bool):
            granted.add(("*", words))
    for name, words in ALLOW_LISTS.items():
        granted.update((site, words) for site in _sites(policies.get(name)))
    for name, words in DEVICE_LISTS.items():
        entries = policies.get(name)
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                granted.update((site, words) for site in _sites(entry.get("urls")))
    return [{"site": site, "kind": kind} for site, kind in sorted(granted)]


def _json_folder(host: Host, folder: str, tier: str) -> dict[str, object]:
    """Policies from the JSON files of one tier of a Linux policy folder."""
    found: dict[str, object] = {}
    path = host.path(folder, tier)
    try:
        names = sorted(n for n in host.list_dir(path) if n.endswith(".json"))
    except HostError:
        return found
    for name in names:
        try:
            data = json_loads(host.read_text(path / name))
        except (HostError, ValueError):
            log.info("chromium: a policy file could not be read")
            continue
        if isinstance(data, dict):
            found.update(data)
    return found


def _linux(host: Host, folder: str) -> Policies:
    """Policies from managed/ (mandatory) and recommended/ of a Linux policy folder."""
    return Policies(
        _json_folder(host, folder, "managed"), _json_folder(host, folder, "recommended")
    )


def _registry_key(host: Host, key: str) -> dict[str, object]:
    """Policy values of one registry key, HKCU then HKLM (the machine wins); a list policy is a
    subkey of numbered values."""
    found: dict[str, object] = {}
    for hive in ("HKCU", "HKLM"):
        base = f"{hive}\\SOFTWARE\\Policies\\{key}"
        try:
            values = dict(host.registry_values(base))
        except HostError:
            values = {}
        for k, v in values.items():
            found[k] = (
                bool(v)
                if isinstance(v, int) and v in (0, 1) and k.endswith(("Enabled", "Cookies"))
                else v
            )
        for name in (*ALLOW_LISTS, *DEVICE_LISTS):
            try:
                items = host.registry_values(f"{base}\\{name}")
            except HostError:
                continue
            listed = [items[k] for k in sorted(items, key=lambda n: (len(n), n))]
            found[name] = [
                json_loads(v) if name in DEVICE_LISTS and isinstance(v, str) else v for v in listed
            ]
    return found


def _windows(host: Host, key: str) -> Policies:
    """Policies under SOFTWARE\\Policies\\<brand> (mandatory) and its Recommended subkey."""
    return Policies(_registry_key(host, key), _registry_key(host, f"{key}\\Recommended"))


def _plist(host: Host, path: str) -> dict[str, object]:
    """The top-level values of one preference plist; empty when absent or unreadable."""
    try:
        data = load_plist(host.read_bytes(host.path(path)))
    except (HostError, ValueError):
        return {}
    return dict(data) if isinstance(data, dict) else {}


def _macos(host: Host, domain: str) -> Policies:
    """Forced values (/Library/Managed Preferences, the user's own folder there first) are
    mandatory; values in the person's own ~/Library/Preferences are only recommended."""
    user = host.env("USER") or host.home.name
    mandatory = _plist(host, f"/Library/Managed Preferences/{domain}.plist")
    mandatory.update(_plist(host, f"/Library/Managed Preferences/{user}/{domain}.plist"))
    recommended = _plist(host, str(host.home / "Library/Preferences" / f"{domain}.plist"))
    return Policies(mandatory, recommended)


def read_policies(host: Host, kind: str) -> Policies:
    """Both tiers of this computer's policies for one Chromium-family browser."""
    folder, key, domain = POLICY_PLACES.get(kind, ("", "", ""))
    if not folder:
        return Policies()
    try:
        if host.platform is Platform.windows:
            return _windows(host, key)
        if host.platform is Platform.macos:
            return _macos(host, domain)
        return _linux(host, folder)
    except ValueError:
        log.info("chromium: a policy value could not be read")
        return Policies()
