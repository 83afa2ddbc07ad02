"""Firefox settings that do not live in the profile: enterprise policies and distribution defaults.

Policies (policies.json, the Windows registry) override what a person chose and are never
written into prefs.js; distributions (Debian's /etc/firefox-esr/firefox-esr.js) change defaults.
Both are turned into pref values here, so rules judge the setting that is really in force and
the report can say that a policy sets it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import PurePath

from msgspec import Struct, field

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue
from shadowaudit.facts.browser.firefox.prefs import PrefValue, parse_prefs_js
from shadowaudit.facts.browser.shared import policy_names, policy_site
from shadowaudit.facts.decode import json_loads, load_plist
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

_COOKIE_BEHAVIOR = {
    "accept": 0,
    "reject-foreign": 1,
    "reject": 2,
    "limit-foreign": 3,
    "reject-tracker": 4,
    "reject-tracker-and-partition-foreign": 5,
}
#: The `Permissions` policy's kinds, with the words the report uses (the same as Chromium's).
PERMISSION_POLICIES = {
    "Camera": "camera",
    "Microphone": "microphone",
    "Location": "location",
    "Notifications": "notifications",
    "Autoplay": "autoplay",
    "ScreenShare": "screen",
}


class SystemPrefs(Struct):
    """Pref values set outside the profile: `defaults` change defaults, `managed` are enforced."""

    defaults: dict[str, PrefValue] = field(default_factory=dict)
    managed: dict[str, PrefValue] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    granted: list[FactValue] = field(default_factory=list)
    #: Base names of the certificate files the `Certificates.Install` policy adds as roots.
    installed_roots: list[str] = field(default_factory=list)
    #: Names of the policies in force (policies.json, the registry, a macOS plist).
    policies: list[FactValue] = field(default_factory=list)


def _install_folders(host: Host) -> list[PurePath]:
    """Where Firefox is usually installed on this platform."""
    if host.platform is Platform.windows:
        return [
            host.path("C:/Program Files/Mozilla Firefox"),
            host.path("C:/Program Files (x86)/Mozilla Firefox"),
        ]
    if host.platform is Platform.macos:
        return [host.path("/Applications/Firefox.app/Contents/Resources")]
    return [
        host.path(p)
        for p in ("/usr/lib/firefox", "/usr/lib/firefox-esr", "/usr/lib64/firefox", "/opt/firefox")
    ]


def _put(prefs: SystemPrefs, name: str, value: PrefValue, locked: object = True) -> None:
    """A pref that a policy sets: enforced when locked, else only its default (Firefox's
    Policies.sys.mjs uses setAndLockPref or setDefaultPref, by the policy's `Locked`)."""
    (prefs.managed if locked is True else prefs.defaults)[name] = value


def policy_prefs(policies: Mapping[str, object]) -> SystemPrefs:
    """The pref values that a `policies` object of policies.json sets: `managed` ones are
    locked, `defaults` only change the default (the person's own pref beats them)."""
    prefs = SystemPrefs()
    if policies.get("DisableTelemetry") is True:
        for name in (
            "datareporting.healthreport.uploadEnabled",
            "datareporting.usage.uploadEnabled",
            "datareporting.policy.dataSubmissionEnabled",
        ):
            _put(prefs, name, False)
    https = policies.get("HttpsOnlyMode")
    if https in ("force_enabled", "disallowed"):
        _put(prefs, "dom.security.https_only_mode", https == "force_enabled")
    elif https == "enabled":
        _put(prefs, "dom.security.https_only_mode", True, locked=False)
    doh = policies.get("DNSOverHTTPS")
    if isinstance(doh, dict) and isinstance(doh.get("Enabled"), bool):
        mode = (3 if doh.get("Fallback") is False else 2) if doh["Enabled"] else 5
        _put(prefs, "network.trr.mode", mode, doh.get("Locked"))
    cookies = policies.get("Cookies")
    if isinstance(cookies, dict) and str(cookies.get("Behavior")) in _COOKIE_BEHAVIOR:
        behavior = _COOKIE_BEHAVIOR[str(cookies["Behavior"])]
        _put(prefs, "network.cookie.cookieBehavior", behavior, cookies.get("Locked"))
    tracking = policies.get("EnableTrackingProtection")
    if isinstance(tracking, dict) and isinstance(tracking.get("Value"), bool):
        _put(prefs, "privacy.trackingprotection.enabled", tracking["Value"], tracking.get("Locked"))
    if isinstance(policies.get("PasswordManagerEnabled"), bool):
        _put(prefs, "signon.rememberSignons", bool(policies["PasswordManagerEnabled"]))
    sanitize = policies.get("SanitizeOnShutdown")
    if sanitize is True:
        _put(prefs, "privacy.sanitize.sanitizeOnShutdown", True)
    elif isinstance(sanitize, dict):
        _put(prefs, "privacy.sanitize.sanitizeOnShutdown", True, sanitize.get("Locked"))
    certificates = policies.get("Certificates")
    if isinstance(certificates, dict) and certificates.get("ImportEnterpriseRoots") is True:
        _put(prefs, "security.enterprise_roots.enabled", True)
    if policies.get("DisableFirefoxAccounts") is True:
        _put(prefs, "identity.fxaccounts.enabled", False)
    prefs.managed.update(preference_policy(policies, ("locked", "user", None)))
    prefs.defaults.update(preference_policy(policies, ("default",)))
    return prefs


def preference_policy(
    policies: Mapping[str, object], statuses: tuple[str | None, ...]
) -> dict[str, PrefValue]:
    """The prefs of the `Preferences` policy whose Status is one of `statuses`: "locked" (or
    none) enforces a value, "user" sets it again at every start; "default" only changes the
    default, so the person's own pref beats it (Firefox's counterpart of a Chromium
    recommendation)."""
    prefs: dict[str, PrefValue] = {}
    preferences = policies.get("Preferences")
    if isinstance(preferences, dict):
        for name, setting in preferences.items():
            value = setting.get("Value") if isinstance(setting, dict) else setting
            status = setting.get("Status") if isinstance(setting, dict) else "locked"
            if isinstance(value, bool | int | str) and status in statuses:
                prefs[str(name)] = value
    return prefs


#: Longest certificate file name kept from the `Certificates.Install` policy.
MAX_FILE_NAME = 100


def installed_roots(policies: Mapping[str, object]) -> list[str]:
    """The base names of the files the `Certificates.Install` policy adds as roots (Firefox's
    Policies.sys.mjs imports each into the profile's certificate database, trusted for sites).
    A name or a path: only the file's own name is kept, never its folders."""
    certificates = policies.get("Certificates")
    files = certificates.get("Install") if isinstance(certificates, dict) else None
    if not isinstance(files, list):
        return []
    names = [
        PurePath(path.replace("\\", "/")).name[:MAX_FILE_NAME]
        for path in files[:MAX_FILE_NAME]
        if isinstance(path, str)
    ]
    return list(dict.fromkeys(name for name in names if name))


def _allowed_sites(section: object) -> list[str]:
    """The site names of a policy section's `Allow` list (never a path or a query)."""
    allow = section.get("Allow") if isinstance(section, dict) else None
    if not isinstance(allow, list):
        return []
    return sorted({site for url in allow if isinstance(url, str) and (site := policy_site(url))})


def policy_permissions(policies: Mapping[str, object]) -> list[FactValue]:
    """What policies let sites do without asking, as {site, kind}; "*" is every site (pop-ups
    allowed by `PopupBlocking` Default false, autoplay by `Permissions.Autoplay.Default`)."""
    granted: set[tuple[str, str]] = set()
    permissions = policies.get("Permissions")
    sections = permissions if isinstance(permissions, dict) else {}
    for name, words in PERMISSION_POLICIES.items():
        granted.update((site, words) for site in _allowed_sites(sections.get(name)))
    autoplay = sections.get("Autoplay")
    if isinstance(autoplay, dict) and autoplay.get("Default") == "allow-audio-video":
        granted.add(("*", "autoplay"))
    popups = policies.get("PopupBlocking")
    granted.update((site, "pop-ups") for site in _allowed_sites(popups))
    if isinstance(popups, dict) and popups.get("Default") is False:
        granted.add(("*", "pop-ups"))
    return [{"site": site, "kind": kind} for site, kind in sorted(granted)]


def _registry_policies(host: Host) -> dict[str, object]:
    """Top-level Firefox policies from the Windows registry (machine wins over user)."""
    policies: dict[str, object] = {}
    if host.platform is not Platform.windows:
        return policies
    for hive in ("HKCU", "HKLM"):
        base = f"{hive}\\SOFTWARE\\Policies\\Mozilla\\Firefox"
        try:
            values = dict(host.registry_values(base))
        except HostError:
            values = {}
        for name, value in values.items():
            policies[name] = bool(value) if isinstance(value, int) and value in (0, 1) else value
        policies.update(_registry_sections(host, base))
    return policies


def _registry_list(host: Host, key: str) -> list[object] | None:
    """A list policy stored as a key of numbered values; None when absent."""
    try:
        values = host.registry_values(key)
    except HostError:
        return None
    return [values[k] for k in sorted(values, key=lambda n: (len(n), n))]


def _registry_sections(host: Host, base: str) -> dict[str, object]:
    """The `Permissions` and `PopupBlocking` policies, which the registry keeps as subkeys
    (Mozilla's policy templates: Permissions\\Camera\\Allow\\1 = URL)."""
    found: dict[str, object] = {}
    permissions: dict[str, object] = {}
    for name in PERMISSION_POLICIES:
        allow = _registry_list(host, f"{base}\\Permissions\\{name}\\Allow")
        if allow is not None:
            permissions[name] = {"Allow": allow}
    if permissions:
        found["Permissions"] = permissions
    found.update(_registry_certificates(host, base))
    try:
        popups: dict[str, object] = {
            k: bool(v) if isinstance(v, int) else v
            for k, v in host.registry_values(f"{base}\\PopupBlocking").items()
        }
    except HostError:
        return found
    allow = _registry_list(host, f"{base}\\PopupBlocking\\Allow")
    if allow is not None:
        popups["Allow"] = allow
    found["PopupBlocking"] = popups
    return found


def _registry_certificates(host: Host, base: str) -> dict[str, object]:
    """The `Certificates` policy, a subkey in the registry (Mozilla's policy templates:
    Certificates\\ImportEnterpriseRoots = 1, Certificates\\Install\\1 = a file)."""
    try:
        values = host.registry_values(f"{base}\\Certificates")
    except HostError:
        return {}
    certificates: dict[str, object] = {}
    if values.get("ImportEnterpriseRoots") in (0, 1):
        certificates["ImportEnterpriseRoots"] = values["ImportEnterpriseRoots"] == 1
    install = _registry_list(host, f"{base}\\Certificates\\Install")
    if install is not None:
        certificates["Install"] = install
    return {"Certificates": certificates}


#: Where macOS keeps Firefox's policies (domain org.mozilla.firefox): what configuration
#: profiles force (the person's own folder over the computer's), then what an administrator
#: wrote with `defaults write /Library/Preferences/org.mozilla.firefox`. Firefox reads them
#: only when EnterprisePoliciesEnabled is true (Mozilla's policy-templates, macOS).
_MACOS_POLICY_FILES = (
    "/Library/Preferences/org.mozilla.firefox.plist",
    "/Library/Managed Preferences/org.mozilla.firefox.plist",
)


def _macos_policies(host: Host) -> dict[str, object]:
    """Firefox policies from macOS preference plists (top-level keys are policy names)."""
    if host.platform is not Platform.macos:
        return {}
    policies: dict[str, object] = {}
    paths = [
        *(host.path(p) for p in _MACOS_POLICY_FILES),
        host.path("/Library/Managed Preferences", host.home.name, "org.mozilla.firefox.plist"),
    ]
    for path in paths:
        try:
            data = load_plist(host.read_bytes(path))
        except NotFound:
            continue
        except (HostError, ValueError):
            log.info("firefox: a policy plist could not be read")
            continue
        if isinstance(data, dict):
            policies.update(data)
    return policies if policies.get("EnterprisePoliciesEnabled") is True else {}


def _policy_files(host: Host) -> list[PurePath]:
    """Every policies.json Firefox reads on this platform."""
    files = [folder / "distribution" / "policies.json" for folder in _install_folders(host)]
    if host.platform is Platform.linux:
        files.insert(0, host.path("/etc/firefox/policies/policies.json"))
    return files


def _default_files(host: Host) -> list[PurePath]:
    """Distribution files that set Firefox's default prefs (Debian, Ubuntu, Fedora)."""
    if host.platform is not Platform.linux:
        return []
    files = [host.path("/etc/firefox-esr/firefox-esr.js"), host.path("/etc/firefox/syspref.js")]
    for folder in _install_folders(host):
        pref_folder = folder / "defaults" / "pref"
        try:
            files.extend(
                pref_folder / name for name in host.list_dir(pref_folder) if name.endswith(".js")
            )
        except HostError:
            continue
    return files


def read_system_prefs(host: Host) -> SystemPrefs:
    """Policies and distribution defaults that apply to this computer's Firefox."""
    found = SystemPrefs()
    for path in _default_files(host):
        try:
            parsed = parse_prefs_js(host.read_text(path))
        except HostError:
            continue
        found.sources.append(path.as_posix())
        for name, value in parsed.values.items():
            target = found.managed if name in parsed.locked else found.defaults
            target[name] = value
    policies: dict[str, object] = {}
    for path in _policy_files(host):
        try:
            data = json_loads(host.read_text(path))
        except NotFound:
            continue
        except (HostError, ValueError):
            log.info("firefox: a policies.json could not be read")
            continue
        if isinstance(data, dict) and isinstance(data.get("policies"), dict):
            found.sources.append(path.as_posix())
            policies.update(data["policies"])
    policies.update(_registry_policies(host))
    policies.update(_macos_policies(host))
    from_policies = policy_prefs(policies)
    found.defaults.update(from_policies.defaults)
    found.managed.update(from_policies.managed)
    found.granted = policy_permissions(policies)
    found.installed_roots = installed_roots(policies)
    found.policies = policy_names(policies)
    return found
