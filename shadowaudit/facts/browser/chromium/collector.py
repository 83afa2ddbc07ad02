"""Chromium-family profiles (Chrome, Chromium, Brave, Edge, Vivaldi, Opera): where and what."""

from __future__ import annotations

import logging
import re
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
    reader,
)
from shadowaudit.facts.browser.chromium.defaults import build_of, defaults_for
from shadowaudit.facts.browser.chromium.policies import (
    Policies,
    policy_permissions,
    policy_prefs,
    read_policies,
)
from shadowaudit.facts.browser.chromium.profile import (
    PROFILE_FIELDS,
    PrefLayers,
    account,
    extensions,
    read_cookies,
    read_json,
    read_preferences,
    read_saved_logins,
    settings,
    site_permissions,
)
from shadowaudit.facts.browser.shared import (
    BROWSER_NAMES,
    BrowserPlace,
    minimum_version,
    place,
    policy_names,
)
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.computed import CHROMIUM_OPEN_HINT, PROFILE_LABEL
from shadowaudit.i18n.translator import N_

log = logging.getLogger(__name__)

PROFILES = "browser.chromium.profiles"

_SKIPPED = {"System Profile", "Guest Profile"}
#: The folders Chromium makes for profiles after the first ("Default"): "Profile 1", ...
_PROFILE_FOLDER = re.compile(r"Profile \d+")


def _existing(host: Host) -> list[BrowserPlace]:
    """The user data folders that are on this computer, in the order of `user_data_dirs`."""
    return [data_dir for data_dir in user_data_dirs(host) if host.is_dir(data_dir.path)]


def user_data_dirs(host: Host) -> list[BrowserPlace]:
    """Every place a Chromium-family browser keeps its profiles on this platform."""
    home = host.home
    if host.platform is Platform.windows:
        local_env, roaming_env = host.env("LOCALAPPDATA"), host.env("APPDATA")
        local = host.path(local_env) if local_env else home / "AppData" / "Local"
        roaming = host.path(roaming_env) if roaming_env else home / "AppData" / "Roaming"
        return [
            place(local / "Google/Chrome/User Data", "chrome"),
            place(local / "Chromium/User Data", "chromium"),
            place(local / "BraveSoftware/Brave-Browser/User Data", "brave"),
            place(local / "Microsoft/Edge/User Data", "edge"),
            place(local / "Vivaldi/User Data", "vivaldi"),
            place(roaming / "Opera Software/Opera Stable", "opera"),
        ]
    if host.platform is Platform.macos:
        support = home / "Library/Application Support"
        return [
            place(support / "Google/Chrome", "chrome"),
            place(support / "Chromium", "chromium"),
            place(support / "BraveSoftware/Brave-Browser", "brave"),
            place(support / "Microsoft Edge", "edge"),
            place(support / "Vivaldi", "vivaldi"),
            place(support / "com.operasoftware.Opera", "opera"),
        ]
    config = host.config_home()
    app = home / ".var/app"
    return [
        place(config / "google-chrome", "chrome"),
        place(app / "com.google.Chrome/config/google-chrome", "chrome", "Flatpak"),
        place(config / "chromium", "chromium"),
        place(app / "org.chromium.Chromium/config/chromium", "chromium", "Flatpak"),
        place(home / "snap/chromium/common/chromium", "chromium", "Snap"),
        place(config / "BraveSoftware/Brave-Browser", "brave"),
        place(app / "com.brave.Browser/config/BraveSoftware/Brave-Browser", "brave", "Flatpak"),
        place(config / "microsoft-edge", "edge"),
        place(app / "com.microsoft.Edge/config/microsoft-edge", "edge", "Flatpak"),
        place(config / "vivaldi", "vivaldi"),
        place(app / "com.vivaldi.Vivaldi/config/vivaldi", "vivaldi", "Flatpak"),
        place(config / "opera", "opera"),
        place(app / "com.opera.Opera/config/opera", "opera", "Flatpak"),
    ]


def profile_folders(
    host: Host, data_dir: PurePath, local_state: dict[str, object]
) -> list[tuple[str, str]]:
    """(folder name, profile name) of every profile: Local State's profile.info_cache, else
    the folders that hold Preferences (Opera keeps them in the data folder itself)."""
    profile = local_state.get("profile")
    cache = profile.get("info_cache") if isinstance(profile, dict) else None
    if isinstance(cache, dict) and cache:
        return [
            (
                str(folder),
                str(info.get("name") or folder) if isinstance(info, dict) else str(folder),
            )
            for folder, info in sorted(cache.items())
            if folder not in _SKIPPED
        ]
    try:
        names = host.list_dir(data_dir)
    except HostError:
        names = ["Default"]
    found = [
        (name, name)
        for name in names
        if (name == "Default" or _PROFILE_FOLDER.fullmatch(name))
        and host.is_file(data_dir / name / "Preferences")
    ]
    if not found and host.is_file(data_dir / "Preferences"):
        found = [(".", "Default")]
    return found


@reader()
def _version(host: Host, data_dir: PurePath) -> FactValue:
    """The browser version from the `Last Version` file beside Local State."""
    text = host.read_text(data_dir / "Last Version").strip()
    return text if text[:1].isdigit() and len(text) < 40 else Missing(Reason.parse_error)


def _several_hint(browser: str, name: str) -> str:
    """How a person opens one of several profiles of a Chromium browser."""
    return CHROMIUM_OPEN_HINT.format(browser=browser, profile=name)


class ChromiumCollector(Collector):
    """Finds every Chromium-family profile and reads what it holds."""

    name = "chromium"
    queries_databases = True
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=PROFILES,
            kind=FactKind.subjects,
            description="Every profile of Chrome, Chromium, Brave, Edge, Vivaldi and Opera "
            "listed in the browser's Local State, native, Flatpak and Snap.",
            fields={
                "kind": "chrome, chromium, brave, edge, vivaldi or opera",
                "name": "the profile's name",
                "folder": "the profile folder's name (Default, Profile 1, ...)",
                "note": "how to open this profile, when there are several",
                "prefs": "settings in force by Chromium pref name, pref by pref: a mandatory "
                "policy, else the person's own setting (Local State and Preferences), else a "
                "recommended policy, else the build's default (rules/data/"
                "browser_defaults.yaml); a value the build always uses beats them all. A "
                "setting still absent has no known default. Only the settings rules judge are "
                "kept (shadowaudit/facts/redact.py)",
                "other_prefs": "how many other settings are set; their names are not kept, as "
                "a name can hold a site or an address",
                "managed": "names of prefs that a mandatory policy sets",
                "policies": "names of the mandatory policies in force for this browser, "
                "whatever they set (never their values)",
                "recommended": "names of prefs whose value in force comes from a recommended "
                "policy (the person did not change them)",
                "build": "debian for Debian's own Chromium package, else empty",
                "version": "the browser version (the Last Version file)",
                "minimum_version": "the oldest version still supported "
                "(rules/data/browser_versions.yaml)",
                "session_restore": "true when the browser reopens the last tabs at start",
                **PROFILE_FIELDS,
            },
            none_found=N_(
                "shadowaudit found no Chrome, Chromium, Brave, Edge, Vivaldi or Opera "
                "profile on this computer."
            ),
        ),
    )

    @classmethod
    def places(cls, host: Host) -> int:
        """The user data folders there are: shares of the collector read them apart."""
        return len(_existing(host))

    def collect(self, host: Host) -> FactMap:
        """Read every profile of every user data folder (of this collector's share)."""
        subjects: list[FactValue] = []
        for data_dir in self.share(_existing(host)):
            local_state: dict[str, object] | Missing
            try:
                local_state = read_json(host, data_dir.path / "Local State")
            except NotFound:
                local_state = {}
            except HostError as exc:
                # NOTE: the profiles are still found (by their folders), but the settings in
                # force are not known without Local State: they are "could not check".
                log.info("chromium: Local State unreadable: %s", type(exc).__name__)
                local_state = missing_from(exc)
            known = local_state if isinstance(local_state, dict) else {}
            folders = profile_folders(host, data_dir.path, known)
            policies = read_policies(host, data_dir.kind) if folders else Policies()
            version = _version(host, data_dir.path)
            build = build_of(host, data_dir)
            built = defaults_for(data_dir.kind, build, version, host.now())
            layers = PrefLayers(
                defaults=built.defaults,
                recommended=policy_prefs(policies.recommended),
                mandatory=policy_prefs(policies.mandatory),
                fixed=built.fixed,
            )
            granted = policy_permissions(policies.mandatory)
            for folder, name in folders:
                subjects.append(
                    self._profile(
                        host,
                        data_dir,
                        folder,
                        name,
                        local_state,
                        (layers, granted, build, policy_names(policies.mandatory)),
                        version,
                        several=len(folders) > 1,
                    )
                )
        return {PROFILES: subjects}

    @staticmethod
    def _profile(
        host: Host,
        data_dir: BrowserPlace,
        folder: str,
        name: str,
        local_state: dict[str, object] | Missing,
        policy: tuple[PrefLayers, list[FactValue], str, list[FactValue]],
        version: FactValue,
        several: bool,
    ) -> FactValue:
        """All facts of one profile."""
        layers, granted, build, enforced = policy
        path = data_dir.path if folder == "." else data_dir.path / folder
        preferences = read_preferences(host, path)
        browser = BROWSER_NAMES[data_dir.kind]
        base: dict[str, FactValue] = {
            "id": f"{data_dir.label}:{folder}",
            "label": PROFILE_LABEL.format(browser=data_dir.label, profile=name),
            "kind": data_dir.kind,
            "name": name,
            "folder": folder,
            "note": _several_hint(browser, name) if several else "",
            "managed": list[FactValue](sorted(layers.mandatory)),
            "policies": enforced,
            "build": build,
            "policy_permissions": granted,
            "version": version,
            "minimum_version": minimum_version(data_dir.kind),
            **read_saved_logins(host, path),
            **read_cookies(host, path),
        }
        if isinstance(preferences, Missing):
            unreadable = (
                "prefs",
                "other_prefs",
                "recommended",
                "session_restore",
                "site_permissions",
                "extensions",
                "signed_in",
                "sync_on",
            )
            return {**base, **dict.fromkeys(unreadable, preferences)}
        if isinstance(local_state, Missing):
            in_force = ("prefs", "other_prefs", "session_restore", "recommended")
            return {
                **base,
                **dict.fromkeys(in_force, local_state),
                "site_permissions": site_permissions(preferences),
                "extensions": extensions(host, path, preferences),
                **account(preferences),
            }
        found = settings(preferences, local_state, layers)
        return {
            **base,
            "prefs": found.prefs,
            "other_prefs": found.other_prefs,
            "recommended": list[FactValue](found.recommended),
            "session_restore": found.prefs.get("session.restore_on_startup", 5) == 1,
            "site_permissions": site_permissions(preferences),
            "extensions": extensions(host, path, preferences),
            **account(preferences),
        }
