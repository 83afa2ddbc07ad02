"""What one Chromium-family profile holds: settings, counts and names, never a secret.

Chromium keeps only changed settings in `Preferences` (and, on Windows and macOS, tracked ones in
`Secure Preferences`); its databases use a rollback journal and are read in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import PurePath

from msgspec import Struct, field

from shadowaudit.errors import Damaged, HostError, NotFound
from shadowaudit.facts.base import FactMap, FactValue, Missing, missing_from
from shadowaudit.facts.browser.cookies import (
    COOKIE_FIELDS,
    read_cookie_summary,
    summarize_cookies,
)
from shadowaudit.facts.browser.shared import SENSITIVE_PERMISSIONS
from shadowaudit.facts.decode import read_json_file
from shadowaudit.facts.redact import CHROMIUM_PREFS, could_hold, kept_settings
from shadowaudit.host.base import Host, Platform
from shadowaudit.host.sqlite import query

log = logging.getLogger(__name__)

#: Site-permission types, with the words the report uses.
PERMISSION_KINDS = {
    "media_stream_camera": "camera",
    "media_stream_mic": "microphone",
    "geolocation": "location",
    "notifications": "notifications",
}
#: extensions.settings location codes: 1 store, 2/3/6 external (another program), 4 unpacked,
#: 5/10 component, 7/9 policy, 8 command line.
_USER_LOCATIONS = {1, 2, 3, 4, 6, 8}
_SIDELOADED = {2, 3, 6}
_UNPACKED = {4, 8}
_ALL_SITES = {"<all_urls>", "*://*/*", "http://*/*", "https://*/*"}
#: extensions.settings.<id>.disable_reasons bits (extensions/browser/disable_reason.h):
#: 1 << 9 DISABLE_GREYLIST (a policy violation or unwanted, from the store's verdict),
#: 1 << 18 DISABLE_REMOTELY_FOR_MALWARE (older versions). Newer versions keep a list of them.
_GREYLISTED, _MALWARE_DISABLED = 1 << 9, 1 << 18
#: Blocklist-state prefs (extensions/browser/blocklist_extension_prefs.cc) and their values
#: (blocklist_state.h): 1 malware, 2 security vulnerability, then policy violation and
#: potentially unwanted (3 and 4 in the old enum, 4 and 8 in the bit map).
_BLOCKLIST_KEYS = (
    "blacklist_state",
    "omaha_blocklist_state",
    "acknowledged_blocklist_state",
    "extension_telemetry_service_blocklist_state",
)


def browser_verdict(entry: Mapping[str, object]) -> str:
    """What the browser itself decided about an extension: "malware", "unwanted",
    "vulnerable", or "" when it did not flag it."""
    reasons = entry.get("disable_reasons")
    bits = 0
    if isinstance(reasons, int):
        bits = reasons
    elif isinstance(reasons, list):
        for reason in reasons:
            bits |= reason if isinstance(reason, int) else 0
    states = {entry.get(key) for key in _BLOCKLIST_KEYS} - {None, 0}
    if entry.get("blacklist") is True or bits & _MALWARE_DISABLED or 1 in states:
        return "malware"
    if bits & _GREYLISTED or states & {3, 4, 8}:
        return "unwanted"
    if 2 in states:
        return "vulnerable"
    return ""


def _is_mapping(value: object) -> bool:
    """True for a JSON object (the exact type first: this runs for every setting)."""
    return type(value) is dict or isinstance(value, dict)


def _is_setting(value: object) -> bool:
    """True for a setting's plain value: a JSON scalar, list or null."""
    kind = type(value)
    return kind in _PLAIN or value is None or isinstance(value, bool | int | float | str | list)


def flatten(
    data: Mapping[str, object], kept: tuple[str, ...] | None = None
) -> tuple[dict[str, FactValue], int]:
    """Nested settings as Chromium names them: {"safebrowsing": {"enabled": x}} ->
    {"safebrowsing.enabled": x}, every setting that holds a plain value or a list (walked
    without recursion, however deep the file); and 0.

    With `kept`, a branch whose names cannot be on that allow-list is not named but counted:
    (the settings of the other branches, how many settings the skipped branches hold).
    """
    flat: dict[str, FactValue] = {}
    skipped = 0
    pending: list[tuple[str, Mapping[str, object]]] = [("", data)]
    # NOTE: a long-used profile holds 600,000 settings, most of them site exceptions no rule
    # reads (profile.content_settings.*): naming each of them took a third of a heavy scan.
    while pending:
        prefix, mapping = pending.pop()
        for key, value in mapping.items():
            if _is_mapping(value):
                branch = f"{prefix}{key}."
                if kept is None or could_hold(branch, kept):
                    pending.append((branch, value))  # type: ignore[arg-type]
                else:
                    skipped += count_settings(value)  # type: ignore[arg-type]
            elif _is_setting(value):
                flat[f"{prefix}{key}"] = value  # type: ignore[assignment]
    return flat, skipped


def count_settings(data: Mapping[str, object]) -> int:
    """How many settings `flatten` would name in `data`, as JSON gives it (exact dicts: every
    other value is a setting)."""
    count = 0
    level = [data]
    # NOTE: one level at a time, in comprehensions: this runs for most of 600,000 settings
    # (a 6 MB Preferences file: 22 -> 15 ms).
    while level:
        values = [value for mapping in level for value in mapping.values()]
        level = [value for value in values if type(value) is dict]
        count += len(values) - len(level)
    return count


def holds(data: Mapping[str, object], name: str) -> bool:
    """True when `flatten(data)` would name the setting `name` (keys may hold dots)."""
    pending = [(data, name)]
    while pending:
        mapping, rest = pending.pop()
        for key, value in mapping.items():
            if key == rest and _is_setting(value):
                return True
            if rest.startswith(f"{key}.") and _is_mapping(value):
                pending.append((value, rest[len(key) + 1 :]))  # type: ignore[arg-type]
    return False


#: The types of a setting's plain value, as JSON gives them.
_PLAIN = frozenset((bool, int, float, str, list))


def read_json(host: Host, path: PurePath) -> dict[str, object]:
    """A JSON object file; Damaged when broken or not an object, like every HostError."""
    data = read_json_file(host, path)
    if not isinstance(data, dict):
        raise Damaged(path.name)
    return data


def read_preferences(host: Host, profile: PurePath) -> dict[str, object] | Missing:
    """Preferences with Secure Preferences over it (the tracked copy wins), as raw data."""
    try:
        merged = read_json(host, profile / "Preferences")
    except HostError as exc:
        return missing_from(exc)
    try:
        secure = read_json(host, profile / "Secure Preferences")
    except HostError:
        secure = {}
    _deep_merge(merged, secure)
    return merged


def _deep_merge(base: dict[str, object], over: Mapping[str, object]) -> None:
    """Merge `over` into `base`, mappings key by key."""
    for key, value in over.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _deep_merge(current, value)
        else:
            base[key] = value


class PrefLayers(Struct, frozen=True):
    """Pref values from outside the profile, by how strongly they apply: the build's
    `defaults`, then `recommended` policies (the person's own setting beats them), then
    `mandatory` policies, then `fixed` values the build uses whatever the pref says."""

    defaults: Mapping[str, FactValue] = field(default_factory=dict)
    recommended: Mapping[str, FactValue] = field(default_factory=dict)
    mandatory: Mapping[str, FactValue] = field(default_factory=dict)
    fixed: Mapping[str, FactValue] = field(default_factory=dict)


class InForce(Struct, frozen=True):
    """The settings in force that a rule judges, and where they come from."""

    prefs: dict[str, FactValue]
    other_prefs: int
    recommended: list[str]


def settings(
    preferences: Mapping[str, object], local_state: Mapping[str, object], layers: PrefLayers
) -> InForce:
    """The settings in force, pref by pref: a mandatory policy, else the person's own setting
    (Local State and Preferences), else a recommended policy, else the build's default; a value
    the build always uses beats them all. Only the allow-list in `shadowaudit.facts.redact` is
    kept; the others are counted."""
    own, _ = flatten(local_state)
    named, skipped = flatten(preferences, CHROMIUM_PREFS)
    # A setting in a branch of Preferences that was counted, not named, may be named by Local
    # State or a layer too: it counts once.
    layered = {*layers.recommended, *layers.defaults, *layers.mandatory, *layers.fixed}
    skipped -= sum(1 for n in {*own, *layered} - named.keys() if holds(preferences, n))
    own.update(named)
    # (`not_own` is only read for kept names, which are never in a skipped branch.)
    not_own = [name for name in layers.recommended if name not in own]
    # NOTE: `own` becomes the merged settings in place (it can hold 600,000 of them): the
    # recommended policies and the defaults only fill names the person did not set.
    merged = own
    for name, value in layers.recommended.items():
        merged.setdefault(name, value)
    for name, value in layers.defaults.items():
        merged.setdefault(name, value)
    merged.update(layers.mandatory)
    merged.update(layers.fixed)
    prefs, other_prefs = kept_settings(merged, CHROMIUM_PREFS)
    recommended = sorted(name for name in not_own if name not in layers.mandatory and name in prefs)
    return InForce(prefs, other_prefs + skipped, recommended)


def _logins_file(host: Host, path: PurePath) -> tuple[int, set[bytes]]:
    """(saved passwords, their storage markers) of one Login Data file; 0 when absent."""
    try:
        rows = query(
            host,
            path,
            "SELECT substr(password_value, 1, 3) FROM logins WHERE blacklisted_by_user = 0",
        )
    except NotFound:
        return 0, set()
    markers = {bytes(row[0]) for row in rows if isinstance(row[0], bytes | bytearray)}
    return len(rows), markers


def read_saved_logins(host: Host, profile: PurePath) -> FactMap:
    """How many passwords are saved and how their store is protected. Only the 3-byte format
    marker of each stored value is read (v10/v11/v20), never the value."""
    counts: dict[str, int] = {}
    markers: set[bytes] = set()
    try:
        for name in ("Login Data", "Login Data For Account"):
            counts[name], found = _logins_file(host, profile / name)
            markers |= found
    except HostError as exc:
        missing = missing_from(exc)
        return dict.fromkeys(("saved_logins", "account_logins", "password_store"), missing)
    total = sum(counts.values())
    return {
        "saved_logins": total,
        "account_logins": counts["Login Data For Account"],
        "password_store": _store(host.platform, markers, total),
    }


def _store(platform: Platform, markers: set[bytes], total: int) -> FactValue:
    """How saved passwords are protected, from their format markers."""
    if total == 0:
        return "none"
    if platform is Platform.linux:
        # NOTE: v10 on Linux uses Chromium's fixed key ("peanuts"): anyone who copies the file
        # can read the passwords. v11 uses a key from the desktop keyring.
        return "weak" if b"v10" in markers or not markers else "keyring"
    return "keychain" if platform is Platform.macos else "windows_account"


def _cookie_summary(host: Host, path: PurePath) -> FactMap:
    """Cookie facts of one Cookies file; older databases have no partition column."""
    try:
        return read_cookie_summary(host, path, "cookies", "host_key", "top_frame_site_key != ''")
    except Damaged:
        return read_cookie_summary(host, path, "cookies", "host_key", "0")


def read_cookies(host: Host, profile: PurePath) -> FactMap:
    """Cookie facts from Cookies (Network/Cookies on Windows); values never read."""
    for path in (profile / "Network" / "Cookies", profile / "Cookies"):
        try:
            return _cookie_summary(host, path)
        except NotFound:
            continue
        except HostError as exc:
            return dict.fromkeys(COOKIE_FIELDS, missing_from(exc))
    return summarize_cookies([])


def _site(pattern: str) -> str:
    """'https://meet.example.org:443,*' -> 'meet.example.org'."""
    origin = pattern.split(",", 1)[0]
    return origin.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].removeprefix("[*.]")


def site_permissions(preferences: Mapping[str, object]) -> FactValue:
    """Sites allowed (setting 1) to use the camera, microphone, location or notifications."""
    profile = preferences.get("profile")
    content = profile.get("content_settings") if isinstance(profile, dict) else None
    exceptions = content.get("exceptions") if isinstance(content, dict) else None
    if not isinstance(exceptions, dict):
        return []
    allowed: list[FactValue] = []
    for kind, words in PERMISSION_KINDS.items():
        sites = exceptions.get(kind)
        if not isinstance(sites, dict):
            continue
        for pattern, setting in sorted(sites.items()):
            if isinstance(setting, dict) and setting.get("setting") == 1:
                allowed.append({"site": _site(str(pattern)), "kind": words})
    return allowed


def _manifest_name(host: Host, profile: PurePath, ext_id: str) -> str | None:
    """An extension's name from its manifest.json (through _locales for __MSG_x__ names)."""
    folder = profile / "Extensions" / ext_id
    try:
        versions = host.list_dir(folder)
        manifest = read_json(host, folder / versions[-1] / "manifest.json") if versions else {}
    except (HostError, IndexError):
        return None
    name = manifest.get("name")
    if isinstance(name, str) and name.startswith("__MSG_") and name.endswith("__"):
        locale = str(manifest.get("default_locale", "en"))
        try:
            messages = read_json(
                host, folder / versions[-1] / "_locales" / locale / "messages.json"
            )
            entry = messages.get(name[6:-2]) or messages.get(name[6:-2].lower())
            name = entry.get("message") if isinstance(entry, dict) else None
        except HostError:
            name = None
    return name if isinstance(name, str) else None


def _extension(
    host: Host, profile: PurePath, ext_id: str, entry: Mapping[str, object]
) -> dict[str, FactValue]:
    """The facts of one installed extension."""
    location = entry.get("location")
    code = location if isinstance(location, int) else 0
    active = entry.get("active_permissions")
    granted: set[str] = set()
    if isinstance(active, dict):
        for key in ("api", "explicit_host", "scriptable_host"):
            values = active.get(key)
            if isinstance(values, list):
                granted.update(str(v) for v in values)
    reasons = entry.get("disable_reasons")
    enabled = not reasons if reasons is not None else entry.get("state", 1) == 1
    manifest = entry.get("manifest")
    name = _manifest_name(host, profile, ext_id) or (
        manifest.get("name") if isinstance(manifest, dict) else None
    )
    return {
        "id": ext_id,
        "name": str(name or ext_id),
        "enabled": bool(enabled),
        "blocked_by_browser": browser_verdict(entry),
        "user_installed": code in _USER_LOCATIONS,
        "sideloaded": code in _SIDELOADED,
        "all_sites": bool(granted & _ALL_SITES),
        "sensitive_permissions": list[FactValue](sorted(granted & SENSITIVE_PERMISSIONS)),
        "unsigned": code in _UNPACKED,
        "outside_store": code in _USER_LOCATIONS and not entry.get("from_webstore"),
    }


def extensions(host: Host, profile: PurePath, preferences: Mapping[str, object]) -> FactValue:
    """Extensions not shipped with the browser, from extensions.settings."""
    section = preferences.get("extensions")
    installed = section.get("settings") if isinstance(section, dict) else None
    if not isinstance(installed, dict):
        return []
    found: list[FactValue] = []
    for ext_id, entry in sorted(installed.items()):
        if not isinstance(entry, dict) or entry.get("was_installed_by_default"):
            continue
        if entry.get("location") in (5, 10):  # parts of the browser itself
            continue
        found.append(_extension(host, profile, str(ext_id), entry))
    return found


def account(preferences: Mapping[str, object]) -> FactMap:
    """Whether the profile is signed in to a vendor account, and syncing. No email is kept."""
    accounts = preferences.get("account_info")
    signed_in = isinstance(accounts, list) and len(accounts) > 0
    services = preferences.get("google")
    consented = (
        isinstance(services, dict)
        and isinstance(services.get("services"), dict)
        and services["services"].get("consented_to_sync") is True
    )
    sync = preferences.get("sync")
    completed = isinstance(sync, dict) and sync.get("has_setup_completed") is True
    return {"signed_in": signed_in, "sync_on": signed_in and (consented or completed)}


#: The profile fields these readers provide, for the fact catalogue.
PROFILE_FIELDS = {
    "saved_logins": "how many passwords are saved (counted, never read)",
    "account_logins": "how many of them are saved to the browser maker's account (Login Data "
    "For Account), which happens when signed in even without sync",
    "password_store": "how saved passwords are protected: none (no passwords), weak (Linux "
    "fixed key), keyring, keychain or windows_account",
    **COOKIE_FIELDS,
    "site_permissions": "sites the person allowed to use the camera, microphone, location or "
    "notifications, as {site, kind}",
    "policy_permissions": "what mandatory policies let sites do without asking, as {site, "
    "kind}: site is a site name, or * for every site; kind is camera, microphone, location, "
    "screen, notifications, pop-ups, clipboard, sensors, serial, usb, window management, "
    "fonts or autoplay",
    "extensions": "extensions not shipped with the browser, as {id, name, enabled, "
    "blocked_by_browser, user_installed, sideloaded, all_sites, sensitive_permissions, unsigned, "
    "outside_store}; blocked_by_browser is malware, unwanted or vulnerable when the browser "
    "flagged it (Safe Browsing), else empty",
    "signed_in": "true when the profile is signed in to the vendor's account",
    "sync_on": "true when that account syncs the profile's data",
}
