"""Firefox-family profiles (Firefox, LibreWolf, Tor Browser): where they are and what they hold."""

from __future__ import annotations

import configparser
import logging
from pathlib import PurePath

from msgspec import Struct

from shadowaudit.errors import HostError, NotFound, PermissionDenied
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    display_path,
    missing_from,
)
from shadowaudit.facts.browser.firefox.policies import SystemPrefs, read_system_prefs
from shadowaudit.facts.browser.firefox.prefs import parse_prefs_js
from shadowaudit.facts.browser.firefox.profile import (
    PROFILE_FIELDS,
    read_cookies,
    read_extensions,
    read_primary_password,
    read_saved_logins,
    read_site_permissions,
    read_sync_signed_in,
    read_version,
)
from shadowaudit.facts.browser.shared import (
    BROWSER_NAMES,
    BrowserPlace,
    minimum_version,
    place,
)
from shadowaudit.facts.redact import FIREFOX_PREFS, is_kept, kept_settings
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.computed import FIREFOX_OPEN_HINT, PROFILE_LABEL, PROFILES_FOLDER_LABEL
from shadowaudit.i18n.translator import N_

log = logging.getLogger(__name__)

PROFILES = "browser.firefox.profiles"


class ProfileEntry(Struct, frozen=True):
    """A profile listed in profiles.ini."""

    name: str
    path: PurePath
    is_default: bool


def profile_roots(host: Host) -> list[BrowserPlace]:
    """Every place a Firefox-family browser keeps profiles on this platform."""
    home = host.home
    tor_data = PurePath("Browser/TorBrowser/Data/Browser")
    if host.platform is Platform.windows:
        appdata = host.env("APPDATA")
        roaming = host.path(appdata) if appdata else home / "AppData" / "Roaming"
        return [
            place(roaming / "Mozilla" / "Firefox", "firefox"),
            place(roaming / "librewolf", "librewolf"),
            place(home / "Desktop" / "Tor Browser" / tor_data, "tor_browser"),
        ]
    if host.platform is Platform.macos:
        support = home / "Library/Application Support"
        return [
            place(support / "Firefox", "firefox"),
            place(support / "librewolf", "librewolf"),
            place(support / "TorBrowser-Data/Browser", "tor_browser"),
        ]
    config = host.config_home()
    flatpak = home / ".var/app/org.mozilla.firefox"
    launcher = "torbrowser/tbb/x86_64/tor-browser" / tor_data
    return [
        place(config / "mozilla/firefox", "firefox"),
        place(home / ".mozilla/firefox", "firefox"),
        place(flatpak / "config/mozilla/firefox", "firefox", "Flatpak"),
        place(flatpak / ".mozilla/firefox", "firefox", "Flatpak"),
        place(home / "snap/firefox/common/.mozilla/firefox", "firefox", "Snap"),
        place(home / ".librewolf", "librewolf"),
        place(home / ".var/app/io.gitlab.librewolf-community/.librewolf", "librewolf", "Flatpak"),
        place(home / ".local/share" / launcher, "tor_browser"),
        place(
            home / ".var/app/org.torproject.torbrowser-launcher/data" / launcher,
            "tor_browser",
            "Flatpak",
        ),
        place(home / "tor-browser" / tor_data, "tor_browser"),
    ]


def _ini(text: str) -> configparser.ConfigParser:
    """An INI parser as lenient as Firefox's: case kept, no interpolation, repeats allowed."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def parse_profiles_ini(text: str, installs_ini: str = "") -> list[tuple[str, str, bool, bool]]:
    """Read profiles.ini (and installs.ini) into (name, path, is_relative, is_default) tuples.

    A profile is the default when an install names it: an `[Install<hash>]` section of
    profiles.ini or a `[<hash>]` section of installs.ini (what Firefox starts). Without any,
    the legacy `Default=1` decides. Raises `configparser.Error` when the text is not INI.
    """
    profiles_ini = _ini(text)
    installs = _ini(installs_ini)
    defaults = {
        profiles_ini[s].get("Default", "")
        for s in profiles_ini.sections()
        if s.startswith("Install")
    }
    defaults |= {installs[s].get("Default", "") for s in installs.sections()}
    defaults.discard("")
    profiles = []
    for section in profiles_ini.sections():
        entry = profiles_ini[section]
        if not section.startswith("Profile") or "Path" not in entry:
            continue
        path = entry["Path"]
        relative = entry.get("IsRelative", "1").strip() != "0"
        legacy_default = entry.get("Default", "0").strip() == "1"
        default = path in defaults if defaults else legacy_default
        profiles.append((entry.get("Name", path), path, relative, default))
    return profiles


def _read_profiles(host: Host, root: BrowserPlace) -> list[ProfileEntry]:
    """The profiles of a root (HostError and configparser.Error escape).

    Tor Browser may keep a single `profile.default` folder without any profiles.ini.
    """
    try:
        text = host.read_text(root.path / "profiles.ini")
    except NotFound:
        if host.is_file(root.path / "profile.default" / "prefs.js"):
            return [ProfileEntry("default", root.path / "profile.default", True)]
        raise
    try:
        installs = host.read_text(root.path / "installs.ini")
    except NotFound:
        installs = ""
    entries = []
    for name, path, relative, default in parse_profiles_ini(text, installs):
        full = root.path.joinpath(*path.split("/")) if relative else host.path(path)
        entries.append(ProfileEntry(name=name, path=full, is_default=default))
    return entries


def read_prefs(host: Host, profile: PurePath) -> FactValue:
    """The profile's own settings: prefs.js overlaid by user.js. Absent settings are defaults."""
    values: dict[str, FactValue] = {}
    for file_name in ("prefs.js", "user.js"):
        try:
            text = host.read_text(profile / file_name)
        except NotFound:
            continue
        except HostError as exc:
            return missing_from(exc)
        parsed = parse_prefs_js(text)
        if parsed.errors and not parsed.values:
            return Missing(Reason.parse_error, f"{file_name}: no readable setting")
        values.update(parsed.values)
    return values


def effective_prefs(own: FactValue, system: SystemPrefs) -> FactValue:
    """Distribution defaults, then the profile's own prefs, then what policies enforce (all of
    them, unfiltered: only for the collector's own use)."""
    if isinstance(own, Missing):
        return own
    merged: dict[str, FactValue] = dict(system.defaults)
    merged.update(own if isinstance(own, dict) else {})
    merged.update(system.managed)
    return merged


def shown_prefs(prefs: FactValue) -> tuple[FactValue, FactValue]:
    """(the prefs a rule judges, made safe; how many others the profile holds), from the
    allow-list in `shadowaudit.facts.redact`."""
    if not isinstance(prefs, dict):
        return prefs, prefs
    return kept_settings(prefs, FIREFOX_PREFS)


def _is_used(host: Host, profile: PurePath) -> bool:
    """A profile Firefox has run has prefs.js, written at every exit.

    NOTE: times.json is no sign of use: Firefox 153 writes one into the unused legacy
    `default` profile it creates beside the real one (seen with the real browser).
    """
    if host.is_file(profile / "prefs.js"):
        return True
    try:
        host.list_dir(profile)
    except PermissionDenied:
        return True  # a profile we may not look into is "could not check", never hidden
    except HostError:
        return False
    return False


class FirefoxCollector(Collector):
    """Finds every Firefox, LibreWolf and Tor Browser profile and reads what it holds."""

    name = "firefox"
    queries_databases = True
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=PROFILES,
            kind=FactKind.subjects,
            description="Every used profile of Firefox, LibreWolf and Tor Browser, in every "
            "place they keep them (new ~/.config/mozilla/firefox, legacy ~/.mozilla/firefox, "
            "Flatpak, Snap, macOS and Windows folders).",
            fields={
                "kind": "firefox, librewolf or tor_browser",
                "name": "the profile's name in profiles.ini",
                "is_default": "true when the browser starts this profile by default",
                "path": "the profile folder, shown as ~/...",
                "note": "how to open this profile, when the browser does not open it by default",
                "prefs": "settings in force, by pref name: distribution defaults, then prefs.js "
                "and user.js, then policies; an absent setting has the browser's default. "
                "Only the settings rules judge are kept (shadowaudit/facts/redact.py)",
                "other_prefs": "how many other settings are set; their names are not kept, as "
                "a name can hold a site or an address",
                "managed": "names of the kept prefs that a policy or a locked default sets",
                "policies": "names of the enterprise policies in force for Firefox on this "
                "computer, whatever they set (never their values)",
                "minimum_version": "the oldest version still supported "
                "(rules/data/browser_versions.yaml)",
                **PROFILE_FIELDS,
            },
            none_found=N_(
                "shadowaudit found no Firefox, LibreWolf or Tor Browser profile on this computer."
            ),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read every profile of every profile root."""
        subjects: list[FactValue] = []
        seen: set[PurePath] = set()
        system: SystemPrefs | None = None
        for root in profile_roots(host):
            if not host.is_dir(root.path):
                continue
            try:
                entries = _read_profiles(host, root)
            except NotFound:
                continue
            except (HostError, configparser.Error, UnicodeError) as exc:
                log.info("firefox: cannot read profiles.ini in a profile folder: %s", type(exc))
                problem = (
                    missing_from(exc)
                    if isinstance(exc, HostError)
                    else Missing(Reason.parse_error, type(exc).__name__)
                )
                subjects.append(self._broken_root(host, root, problem))
                continue
            for entry in entries:
                if entry.path in seen or not _is_used(host, entry.path):
                    continue
                seen.add(entry.path)
                if system is None:
                    system = read_system_prefs(host)
                applies = system if root.kind == "firefox" else SystemPrefs()
                subjects.append(self._profile(host, root, entry, applies))
        return {PROFILES: subjects}

    @staticmethod
    def _profile(
        host: Host, root: BrowserPlace, entry: ProfileEntry, system: SystemPrefs
    ) -> FactValue:
        """All facts of one used profile."""
        own = read_prefs(host, entry.path)
        every_pref = effective_prefs(own, system)
        prefs, other_prefs = shown_prefs(every_pref)
        browser = BROWSER_NAMES[root.kind]
        hint = FIREFOX_OPEN_HINT.format(browser=browser, profile=entry.name)
        return {
            "id": f"{root.label}:{entry.path.name}",
            "label": PROFILE_LABEL.format(browser=root.label, profile=entry.name),
            "kind": root.kind,
            "name": entry.name,
            "is_default": entry.is_default,
            "path": display_path(host, entry.path),
            "note": "" if entry.is_default else hint,
            "prefs": prefs,
            "other_prefs": other_prefs,
            "managed": list[FactValue](
                sorted(name for name in system.managed if is_kept(name, FIREFOX_PREFS))
            ),
            "policies": system.policies,
            "version": read_version(host, entry.path),
            "minimum_version": minimum_version(root.kind),
            "saved_logins": read_saved_logins(host, entry.path),
            "primary_password": read_primary_password(host, entry.path),
            **read_cookies(host, entry.path),
            "site_permissions": read_site_permissions(host, entry.path),
            "policy_permissions": system.granted,
            "extensions": read_extensions(host, entry.path),
            "sync_signed_in": read_sync_signed_in(host, entry.path, every_pref),
        }

    @staticmethod
    def _broken_root(host: Host, root: BrowserPlace, problem: Missing) -> FactValue:
        """A subject standing for a profile folder whose list of profiles could not be read."""
        shown = display_path(host, root.path)
        fields = FirefoxCollector.facts[0].fields
        return {
            **dict.fromkeys(fields, problem),
            "id": f"{root.label}:{shown}",
            "label": PROFILES_FOLDER_LABEL.format(browser=root.label, folder=shown),
            "kind": root.kind,
            "path": shown,
            "note": "",
            "managed": [],
            "policies": [],
        }
