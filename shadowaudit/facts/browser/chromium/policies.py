"""Chromium-family policies: what an organisation or a program enforces, as the prefs it sets."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue
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


def policy_prefs(policies: Mapping[str, object]) -> dict[str, FactValue]:
    """The prefs that a set of Chromium policies enforces."""
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
        prefs["https_only_mode_enabled"] = https == "force_enabled"
        if https == "force_balanced_enabled":
            prefs["https_first_balanced_mode_enabled"] = True
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
    if isinstance(policies.get("DefaultCookiesSetting"), int):
        prefs["profile.default_content_setting_values.cookies"] = int(
            str(policies["DefaultCookiesSetting"])
        )
    return prefs


def _linux(host: Host, folder: str) -> dict[str, object]:
    """Policies from the JSON files of a Linux policy folder (managed ones win)."""
    found: dict[str, object] = {}
    for tier in ("recommended", "managed"):
        path = host.path(folder, tier)
        try:
            names = [n for n in host.list_dir(path) if n.endswith(".json")]
        except HostError:
            continue
        for name in names:
            try:
                data = json_loads(host.read_text(path / name))
            except (HostError, ValueError):
                log.info("chromium: a policy file could not be read")
                continue
            if isinstance(data, dict):
                found.update(data)
    return found


def _windows(host: Host, key: str) -> dict[str, object]:
    """Top-level policy values from HKCU then HKLM (the machine wins)."""
    found: dict[str, object] = {}
    for hive in ("HKCU", "HKLM"):
        try:
            found.update(host.registry_values(f"{hive}\\SOFTWARE\\Policies\\{key}"))
        except HostError:
            continue
    return {
        k: (
            bool(v)
            if isinstance(v, int) and v in (0, 1) and k.endswith(("Enabled", "Cookies"))
            else v
        )
        for k, v in found.items()
    }


def _macos(host: Host, domain: str) -> dict[str, object]:
    """Policies from /Library/Managed Preferences (a plist per domain, user-specific first)."""
    found: dict[str, object] = {}
    for path in (host.path(f"/Library/Managed Preferences/{domain}.plist"),):
        try:
            data = load_plist(host.read_bytes(path))
        except HostError:
            continue
        if isinstance(data, dict):
            found.update(data)
    return found


def read_policy_prefs(host: Host, kind: str) -> dict[str, FactValue]:
    """The prefs that this computer's policies enforce for one Chromium-family browser."""
    folder, key, domain = POLICY_PLACES.get(kind, ("", "", ""))
    if not folder:
        return {}
    if host.platform is Platform.windows:
        policies = _windows(host, key)
    elif host.platform is Platform.macos:
        policies = _macos(host, domain)
    else:
        policies = _linux(host, folder)
    return policy_prefs(policies)
