"""What one Firefox-family profile holds, read file by file: never a secret, only counts and names.

Each reader returns a fact value or Missing; none raises for a missing, locked, unreadable or
broken file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactMap, FactValue, Missing, Reason, missing_from, reader
from shadowaudit.facts.browser.cookies import (
    COOKIE_FIELDS,
    read_cookie_summary,
    summarize_cookies,
)
from shadowaudit.facts.browser.firefox.der import DerError
from shadowaudit.facts.browser.firefox.key4 import primary_password_is_set
from shadowaudit.facts.browser.shared import SENSITIVE_PERMISSIONS
from shadowaudit.facts.decode import read_json_file
from shadowaudit.host.base import Host
from shadowaudit.host.sqlite import query

log = logging.getLogger(__name__)

_VERSION = re.compile(r"^LastVersion=([0-9][0-9a-z.]*)", re.MULTILINE)
#: Permission types that matter for a person's safety, with the words the report uses.
PERMISSION_KINDS = {
    "camera": "camera",
    "microphone": "microphone",
    "geo": "location",
    "desktop-notification": "notifications",
    "screen": "screen sharing",
}
_SHIPPED_LOCATIONS = {
    "app-builtin",
    "app-builtin-addons",
    "app-system-addons",
    "app-system-defaults",
    "app-system-profile",
}
_SIDELOADED_LOCATIONS = {
    "app-system-share",
    "app-system-user",
    "app-global",
    "app-system-local",
    "winreg-app-user",
    "winreg-app-global",
}
_ALL_SITES = {"<all_urls>", "*://*/*", "http://*/*", "https://*/*"}


@reader()
def read_version(host: Host, profile: PurePath) -> FactValue:
    """The browser version that last ran the profile (compatibility.ini LastVersion)."""
    match = _VERSION.search(host.read_text(profile / "compatibility.ini"))
    return match.group(1).split("_")[0] if match else Missing(Reason.parse_error, "LastVersion")


@reader(absent=0)
def read_saved_logins(host: Host, profile: PurePath) -> FactValue:
    """How many saved logins logins.json holds (Firefox Accounts keys excluded). Only counted."""
    data = read_json_file(host, profile / "logins.json")
    logins = data.get("logins") if isinstance(data, dict) else None
    if not isinstance(logins, list):
        return Missing(Reason.parse_error, "logins.json has no list of logins")
    return sum(
        1
        for login in logins
        if isinstance(login, dict) and not str(login.get("hostname", "")).startswith("chrome://")
    )


def read_primary_password(host: Host, profile: PurePath) -> FactValue:
    """Whether a Primary Password protects the saved logins, from key4.db."""
    try:
        rows = query(
            host, profile / "key4.db", "SELECT item1, item2 FROM metaData WHERE id = 'password'"
        )
    except NotFound:
        if host.is_file(profile / "key3.db"):
            return Missing(Reason.unsupported, "key3.db from Firefox 57 or older")
        return False
    except HostError as exc:
        return missing_from(exc)
    if not rows:
        return False
    item1, item2 = rows[0]
    if not isinstance(item1, bytes) or not isinstance(item2, bytes):
        return Missing(Reason.parse_error, "key4.db metaData")
    try:
        return primary_password_is_set(item1, item2)
    except DerError:
        return Missing(Reason.parse_error, "key4.db password check")


def read_cookies(host: Host, profile: PurePath) -> FactMap:
    """Cookie facts from cookies.sqlite, grouped in SQL by host; values never read."""
    try:
        return read_cookie_summary(
            host,
            profile / "cookies.sqlite",
            "moz_cookies",
            "host",
            "originAttributes LIKE '%partitionKey=%'",
            host_index=False,
        )
    except NotFound:
        return summarize_cookies([])
    except HostError as exc:
        return dict.fromkeys(COOKIE_FIELDS, missing_from(exc))


def _site(origin: str) -> str:
    """'https://meet.example.org^userContextId=1' -> 'meet.example.org'."""
    origin = origin.split("^", 1)[0]
    return origin.split("://", 1)[-1].split("/", 1)[0]


@reader(absent=[])
def read_site_permissions(host: Host, profile: PurePath) -> FactValue:
    """Sites allowed, for good, to use the camera, microphone, location or notifications."""
    kinds = ", ".join(f"'{kind}'" for kind in PERMISSION_KINDS)
    rows = query(
        host,
        profile / "permissions.sqlite",
        f"SELECT origin, type FROM moz_perms WHERE permission = 1 AND expireType = 0 "
        f"AND type IN ({kinds}) ORDER BY type, origin",
    )
    return [
        {"site": _site(str(origin)), "kind": PERMISSION_KINDS[str(kind)]} for origin, kind in rows
    ]


def _location(addon: dict[str, object]) -> str:
    """Where an add-on was installed from ("app-profile", "app-system-defaults", ...)."""
    location = addon.get("location")
    return location if isinstance(location, str) else ""


def browser_verdict(addon: Mapping[str, object]) -> str:
    """What Firefox's blocklist decided about an add-on (nsIBlocklistService states):
    "harmful" when hard-blocked (2: malware or a policy violation), "unwanted" when
    soft-blocked (1, or softDisabled), "vulnerable" (4 and 5), or "" when not flagged."""
    state = addon.get("blocklistState")
    if state == 2:
        return "harmful"
    if state == 1 or addon.get("softDisabled") is True:
        return "unwanted"
    if state in (4, 5):
        return "vulnerable"
    return ""


def _extension(addon: dict[str, object]) -> dict[str, FactValue]:
    """The facts of one add-on from extensions.json (no file paths)."""
    locale = addon.get("defaultLocale")
    name = locale.get("name") if isinstance(locale, dict) else None
    permissions = addon.get("userPermissions")
    granted: set[str] = set()
    if isinstance(permissions, dict):
        for key in ("permissions", "origins"):
            values = permissions.get(key)
            if isinstance(values, list):
                granted.update(str(v) for v in values)
    location = _location(addon)
    signed = addon.get("signedState")
    source = str(addon.get("sourceURI") or "")
    return {
        "id": str(addon.get("id") or ""),
        "name": str(name or addon.get("id") or "unnamed add-on"),
        "blocked_by_browser": browser_verdict(addon),
        "enabled": bool(addon.get("active")) and not addon.get("userDisabled"),
        "user_installed": location == "app-profile",
        "sideloaded": location in _SIDELOADED_LOCATIONS or bool(addon.get("foreignInstall")),
        "all_sites": bool(granted & _ALL_SITES),
        "sensitive_permissions": list[FactValue](sorted(granted & SENSITIVE_PERMISSIONS)),
        "unsigned": isinstance(signed, int) and not isinstance(signed, bool) and signed <= 0,
        "outside_store": location == "app-temporary"
        or (
            bool(source)
            and "addons.mozilla.org" not in source
            and not source.startswith("resource:")
        ),
    }


@reader(absent=[])
def read_extensions(host: Host, profile: PurePath) -> FactValue:
    """Add-ons the person (or another program) installed, from extensions.json."""
    data = read_json_file(host, profile / "extensions.json")
    addons = data.get("addons") if isinstance(data, dict) else None
    if not isinstance(addons, list):
        return Missing(Reason.parse_error, "extensions.json has no add-on list")
    return [
        _extension(addon)
        for addon in addons
        if isinstance(addon, dict)
        and addon.get("type") == "extension"
        and _location(addon) not in _SHIPPED_LOCATIONS
    ]


def read_sync_signed_in(host: Host, profile: PurePath, prefs: FactValue) -> FactValue:
    """True when the profile is signed in to a Mozilla account (signedInUser.json)."""
    try:
        data = read_json_file(host, profile / "signedInUser.json")
    except NotFound:
        if isinstance(prefs, dict):
            return "services.sync.username" in prefs
        return False
    except HostError as exc:
        return missing_from(exc)
    return isinstance(data, dict) and isinstance(data.get("accountData"), dict)


#: The profile fields these readers provide, for the fact catalogue.
PROFILE_FIELDS = {
    "version": "the browser version that last ran this profile (compatibility.ini)",
    "saved_logins": "how many passwords are saved (counted, never read)",
    "primary_password": "true when a Primary Password protects the saved passwords",
    **COOKIE_FIELDS,
    "site_permissions": "sites allowed for good to use the camera, microphone, location or "
    "notifications, as {site, kind}",
    "policy_permissions": "what policies (Permissions, PopupBlocking) let sites do without "
    "asking, as {site, kind}: site is a site name, or * for every site",
    "extensions": "add-ons not shipped with the browser, as {id, name, enabled, "
    "blocked_by_browser, user_installed, sideloaded, all_sites, sensitive_permissions, unsigned, "
    "outside_store}; blocked_by_browser is harmful, unwanted or vulnerable when Mozilla's "
    "blocklist flagged it, else empty",
    "sync_signed_in": "true when the profile is signed in to a Mozilla account",
}
