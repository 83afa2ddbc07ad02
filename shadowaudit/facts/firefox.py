"""Firefox profiles: where they are (profiles.ini, installs.ini) and their settings (prefs.js)."""

from __future__ import annotations

import configparser
import logging
from dataclasses import dataclass
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    missing_from,
)
from shadowaudit.facts.firefox_prefs import parse_prefs_js
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

PROFILES = "browser.firefox.profiles"


@dataclass(frozen=True)
class ProfileRoot:
    """A folder that may hold Firefox's profiles.ini, and how to name it to a person."""

    path: PurePath
    label: str


@dataclass(frozen=True)
class ProfileEntry:
    """A profile listed in profiles.ini."""

    name: str
    path: PurePath
    is_default: bool


def profile_roots(host: Host) -> list[ProfileRoot]:
    """Every place Firefox keeps profiles on this platform, most common first."""
    home = host.home
    if host.platform is Platform.windows:
        appdata = host.env("APPDATA")
        base = host.path(appdata) if appdata else home / "AppData" / "Roaming"
        return [ProfileRoot(base / "Mozilla" / "Firefox", "Firefox")]
    if host.platform is Platform.macos:
        return [ProfileRoot(home / "Library/Application Support/Firefox", "Firefox")]
    xdg = host.env("XDG_CONFIG_HOME")
    config = host.path(xdg) if xdg and xdg.startswith("/") else home / ".config"
    flatpak = home / ".var/app/org.mozilla.firefox"
    return [
        ProfileRoot(config / "mozilla/firefox", "Firefox"),
        ProfileRoot(home / ".mozilla/firefox", "Firefox"),
        ProfileRoot(flatpak / "config/mozilla/firefox", "Firefox (Flatpak)"),
        ProfileRoot(flatpak / ".mozilla/firefox", "Firefox (Flatpak)"),
        ProfileRoot(home / "snap/firefox/common/.mozilla/firefox", "Firefox (Snap)"),
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


def _read_profiles(host: Host, root: ProfileRoot) -> list[ProfileEntry]:
    """The profiles a root's profiles.ini lists (HostError and configparser.Error escape)."""
    text = host.read_text(root.path / "profiles.ini")
    try:
        installs = host.read_text(root.path / "installs.ini")
    except NotFound:
        installs = ""
    entries = []
    for name, path, relative, default in parse_profiles_ini(text, installs):
        full = root.path.joinpath(*path.split("/")) if relative else host.path(path)
        entries.append(ProfileEntry(name=name, path=full, is_default=default))
    return entries


def _display_path(host: Host, path: PurePath) -> str:
    """A path shown to the person, relative to their home as ~/... when inside it."""
    try:
        return "~/" + path.relative_to(host.home).as_posix()
    except ValueError:
        return path.as_posix()


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


def _open_hint(name: str) -> str:
    """How a person opens a profile that Firefox does not start by default."""
    return (
        f'Firefox does not open the profile "{name}" by default. To open it, type '
        'about:profiles in the address bar, press Enter, and click "Launch profile in new '
        f'browser" under "{name}".'
    )


def _is_used(host: Host, profile: PurePath) -> bool:
    """A profile Firefox has run has prefs.js, written at every exit.

    NOTE: times.json is no sign of use: Firefox 153 writes one into the unused legacy
    `default` profile it creates beside the real one (seen with the real browser).
    """
    return host.is_file(profile / "prefs.js")


class FirefoxCollector(Collector):
    """Finds every Firefox profile and reads its settings."""

    name = "firefox"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=PROFILES,
            kind=FactKind.subjects,
            description="Every Firefox profile that has been used, in every place Firefox keeps "
            "them (new ~/.config/mozilla/firefox, legacy ~/.mozilla/firefox, Flatpak, Snap, "
            "macOS and Windows folders).",
            fields={
                "name": "the profile's name in profiles.ini",
                "is_default": "true when Firefox starts this profile by default",
                "path": "the profile folder, shown as ~/...",
                "prefs": "settings stored in prefs.js and user.js, by pref name; a setting "
                "that is absent has the browser's default value",
                "note": "how to open this profile, when Firefox does not open it by default",
            },
            none_found="No Firefox profile was found on this computer.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read every profile of every profile root."""
        subjects: list[FactValue] = []
        seen: set[PurePath] = set()
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
                subjects.append(
                    {
                        "id": f"{root.label}:{entry.path.name}",
                        "label": f"{root.label}, profile {entry.name}",
                        "name": entry.name,
                        "is_default": entry.is_default,
                        "path": _display_path(host, entry.path),
                        "prefs": read_prefs(host, entry.path),
                        "note": "" if entry.is_default else _open_hint(entry.name),
                    }
                )
        return {PROFILES: subjects}

    @staticmethod
    def _broken_root(host: Host, root: ProfileRoot, problem: Missing) -> FactValue:
        """A subject standing for a profile folder whose list of profiles could not be read."""
        shown = _display_path(host, root.path)
        return {
            "id": f"{root.label}:{shown}",
            "label": f"{root.label}, profiles in {shown}",
            "name": problem,
            "is_default": problem,
            "path": shown,
            "prefs": problem,
        }
