"""Proxies set for the system and the browsers (`presence.proxies`): where each leads and
its port only.

A proxy or a PAC file (a small program that picks a proxy) sends web traffic through another
computer. Where it is set: Windows Internet Settings (HKCU) and WinHTTP (HKLM), macOS
`scutil --proxy`, GNOME's org.gnome.system.proxy, KDE's kioslaverc, proxy variables in the
environment and shell start files, Firefox prefs and policies, Chromium-family policies and
Chromium extensions.
"""

from __future__ import annotations

import contextlib
import functools
import re
from pathlib import PurePath

from shadowaudit.errors import CommandNotFound, HostError, NotFound
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue
from shadowaudit.facts.browser.chromium.collector import profile_folders, user_data_dirs
from shadowaudit.facts.browser.chromium.policies import POLICY_PLACES, read_policies
from shadowaudit.facts.browser.chromium.profile import read_json, read_preferences
from shadowaudit.facts.browser.firefox.collector import read_prefs
from shadowaudit.facts.browser.firefox.policies import read_system_prefs
from shadowaudit.facts.presence.interception.addresses import (
    address_flags,
    address_kind,
    pac_host,
    proxy_address,
    windows_proxy_servers,
)
from shadowaudit.facts.presence.interception.gather import gather
from shadowaudit.facts.presence.interception.proxy_places import (
    Setting,
    chromium_proxy,
    extension_proxies,
    kde_proxies,
    winhttp_proxies,
)
from shadowaudit.facts.presence.interception.stores import firefox_profiles
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_

PROXIES = "presence.proxies"
INTERNET_SETTINGS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings"
#: WinHTTP's proxy for the whole computer (`netsh winhttp show proxy`), readable without admin.
WINHTTP = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections"
#: Largest kioslaverc read.
MAX_KDE_FILE = 1024 * 1024
_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")
_ASSIGNMENT = re.compile(
    r"^\s*(?:export\s+)?(https?_proxy|all_proxy)\s*=\s*[\"']?([^\"'\s;#]+)",
    re.IGNORECASE | re.MULTILINE,
)
_SHELL_FILES = (".profile", ".bashrc", ".bash_profile", ".zshrc", ".zprofile")
#: Largest shell start file read.
MAX_SHELL_FILE = 1024 * 1024
Proxy = dict[str, FactValue]


#: What the report names a proxy by: the system, browser or file that sets it.
SHOWN = {
    "windows": "Windows",
    "winhttp": "Windows (WinHTTP)",
    "macos": "macOS",
    "gnome": "GNOME",
    "kde": "KDE",
    "environment": "/etc/environment",
    "shell": "~/.profile, ~/.bashrc",
    "firefox": "Firefox",
    "firefox_policy": "Firefox",
    "chromium_policy": "Chrome, Edge, Chromium",
    "chromium_extension": "Chrome, Edge, Chromium",
}


def _proxy(where: str, kind: str, host: str, port: int | None = None, extension: str = "") -> Proxy:
    """One proxy as a fact subject: where it is set, how, where it leads and its port (the
    host itself is never kept; a proxy without a readable host is dropped), and the ID of
    the extension that set it."""
    leads = address_kind(host)
    shown = SHOWN.get(where, where)
    return {
        "id": f"{where}:{kind}:{leads}:{port or ''}{':' + extension if extension else ''}",
        "label": shown,
        "name": f"{shown}, port {port}" if port else shown,
        "where": where,
        "kind": kind,
        "address": leads,
        "port": port,
        **address_flags(leads),
        **({"pac_file": True} if kind == "pac" else {}),
        **({"by_policy": True} if where.endswith("_policy") else {}),
        **({"extension": extension, "by_extension": True} if extension else {}),
    }


def _settings(where: str, settings: list[Setting]) -> list[Proxy]:
    """Fact subjects of the settings read from one place."""
    return [_proxy(where, kind, host, port) for kind, host, port in settings]


def parse_scutil(text: str) -> list[Proxy]:
    """Proxies turned on in `scutil --proxy` output (Apple's SCDynamicStore proxy keys)."""
    values = dict(re.findall(r"^\s*(\w+)\s*:\s*(.*?)\s*$", text, re.MULTILINE))
    found = []
    for name in ("HTTP", "HTTPS", "SOCKS"):
        host = values.get(f"{name}Proxy", "")
        if values.get(f"{name}Enable") == "1" and host and host != "<NULL>":
            port = values.get(f"{name}Port", "")
            found.append(_proxy("macos", "manual", *proxy_address(f"{host}:{port}")))
    if values.get("ProxyAutoConfigEnable") == "1" and values.get("ProxyAutoConfigURLString"):
        found.append(_proxy("macos", "pac", pac_host(values["ProxyAutoConfigURLString"])))
    return found


def _gsettings(host: Host, schema: str, key: str) -> str:
    """The value `gsettings get` prints for one key, quotes removed, or "" (the proxy
    password is never asked for)."""
    done = host.run(["gsettings", "get", schema, key], timeout=5)
    return done.stdout.strip().strip("'") if done.returncode == 0 else ""


def gnome_proxies(host: Host) -> list[Proxy]:
    """GNOME's proxy settings (org.gnome.system.proxy): mode auto is a PAC file, manual names
    proxies for http, https and socks (port 0 means unused)."""
    mode = _gsettings(host, "org.gnome.system.proxy", "mode")
    if mode == "auto":
        url = _gsettings(host, "org.gnome.system.proxy", "autoconfig-url")
        return [_proxy("gnome", "pac", pac_host(url) if url else "automatic")]
    if mode != "manual":
        return []
    found = []
    for name in ("http", "https", "socks"):
        schema = f"org.gnome.system.proxy.{name}"
        server = _gsettings(host, schema, "host")
        port = _gsettings(host, schema, "port").split()[-1:] or ["0"]
        if server:
            found.append(_proxy("gnome", "manual", *proxy_address(f"{server}:{port[0]}")))
    return found


def _windows(host: Host) -> list[Proxy]:
    """Windows Internet Settings of the person (what Edge, Chrome and most programs use)."""
    values = host.registry_values(INTERNET_SETTINGS)
    found = []
    server = values.get("ProxyServer")
    if values.get("ProxyEnable") == 1 and isinstance(server, str):
        found += [_proxy("windows", "manual", h, p) for h, p in windows_proxy_servers(server)]
    pac = values.get("AutoConfigURL")
    if isinstance(pac, str) and pac.strip():
        found.append(_proxy("windows", "pac", pac_host(pac)))
    return found


def _winhttp(host: Host) -> list[Proxy]:
    """WinHTTP's proxy for the whole computer (Windows services and updates use it)."""
    blob = host.registry_values(WINHTTP).get("WinHttpSettings")
    return _settings("winhttp", winhttp_proxies(blob)) if isinstance(blob, bytes) else []


def _macos(host: Host) -> list[Proxy]:
    """macOS network proxies in force."""
    done = host.run(["/usr/sbin/scutil", "--proxy"])
    return parse_scutil(done.stdout) if done.returncode == 0 else []


def _linux(host: Host) -> list[Proxy]:
    """GNOME's proxy settings and proxy variables in the environment and start files."""
    found: list[Proxy] = []
    with contextlib.suppress(CommandNotFound):
        found += gnome_proxies(host)
    for name in _VARIABLES:
        for variable in (name, name.upper()):
            value = host.env(variable)
            if value:
                found.append(_proxy("environment", "manual", *proxy_address(value)))
    files = [host.path("/etc/environment"), *(host.home / f for f in _SHELL_FILES)]
    for path in files:
        try:
            text = host.read_text(path, MAX_SHELL_FILE)
        except NotFound:
            continue
        where = "environment" if path.name == "environment" else "shell"
        found += [
            _proxy(where, "manual", *proxy_address(value)) for _, value in _ASSIGNMENT.findall(text)
        ]
    return found


def _kde(host: Host) -> list[Proxy]:
    """KDE's proxy settings (group [Proxy Settings] of /etc/xdg/kioslaverc, which an
    administrator may set, then of ~/.config/kioslaverc)."""
    texts = []
    for path in (host.path("/etc/xdg/kioslaverc"), host.config_home() / "kioslaverc"):
        with contextlib.suppress(NotFound):
            texts.append(host.read_text(path, MAX_KDE_FILE))
    return _settings("kde", kde_proxies(*texts))


def firefox_proxy(prefs: dict[str, FactValue], where: str) -> list[Proxy]:
    """The proxy Firefox prefs set: type 1 manual (http, ssl, socks), type 2 a PAC address."""
    kind = prefs.get("network.proxy.type")
    if kind == 2 and isinstance(prefs.get("network.proxy.autoconfig_url"), str):
        return [_proxy(where, "pac", pac_host(str(prefs["network.proxy.autoconfig_url"])))]
    if kind != 1:
        return []
    found = []
    for name in ("http", "ssl", "socks"):
        host, port = prefs.get(f"network.proxy.{name}"), prefs.get(f"network.proxy.{name}_port")
        if isinstance(host, str) and host:
            address = proxy_address(f"{host}:{port}" if isinstance(port, int) else host)
            found.append(_proxy(where, "manual", *address))
    return found


def _may_name_a_proxy(host: Host, profile: PurePath) -> bool:
    """False only when prefs.js and user.js are both read (or absent) and neither holds the
    word "proxy": a profile's settings are parsed again here only when they may set one (the
    browsers' own collectors read them in their workers)."""
    for name in ("prefs.js", "user.js"):
        try:
            if "proxy" in host.read_text(profile / name):
                return True
        except NotFound:
            continue
        except HostError:
            return True
    return False


def _firefox(host: Host) -> list[Proxy]:
    """Proxies set in each Firefox profile, then by Firefox policies."""
    found = []
    for profile in firefox_profiles(host):
        if not _may_name_a_proxy(host, profile):
            continue
        prefs = read_prefs(host, profile)
        if isinstance(prefs, dict):
            found += firefox_proxy(prefs, "firefox")
    system = read_system_prefs(host)
    found += firefox_proxy({**system.defaults, **system.managed}, "firefox_policy")
    return found


def chromium_policy_proxy(policies: dict[str, object]) -> list[Proxy]:
    """The proxy a Chromium policy sets: ProxySettings, or the older ProxyMode/ProxyServer/
    ProxyPacUrl policies."""
    settings = policies.get("ProxySettings")
    return _settings(
        "chromium_policy", chromium_proxy(settings if isinstance(settings, dict) else policies)
    )


def _mentions_proxy(host: Host, profile: PurePath) -> bool:
    """True when a profile's Preferences or Secure Preferences holds a "proxy" key at all
    (not the permission of that name): a long-used profile's Preferences is megabytes of
    JSON, parsed again here only when it may matter (1.7 s to 0.03 s on the heavy home)."""
    for name in ("Preferences", "Secure Preferences"):
        try:
            if b'"proxy":' in host.read_bytes(profile / name):
                return True
        except HostError:
            continue
    return False


def _extensions(host: Host) -> list[Proxy]:
    """Proxies that turned-on extensions set in each Chromium-family profile."""
    found: list[Proxy] = []
    for place in user_data_dirs(host):
        if not host.is_dir(place.path):
            continue
        try:
            local_state = read_json(host, place.path / "Local State")
        except HostError:
            local_state = {}
        for folder, _ in profile_folders(host, place.path, local_state):
            if not _mentions_proxy(host, place.path / folder):
                continue
            preferences = read_preferences(host, place.path / folder)
            if isinstance(preferences, dict):
                found += [
                    _proxy("chromium_extension", kind, address, port, ext_id)
                    for ext_id, (kind, address, port) in extension_proxies(preferences)
                ]
    return found


def _chromium(host: Host) -> list[Proxy]:
    """Proxies Chromium-family policies and extensions set."""
    found = []
    for kind in POLICY_PLACES:
        found += chromium_policy_proxy(read_policies(host, kind).mandatory)
    return found + _extensions(host)


class ProxiesCollector(Collector):
    """Reads the proxies set for the system and for the browsers."""

    name = "presence_proxies"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=PROXIES,
            kind=FactKind.subjects,
            description="Proxies and PAC files in force for the system or a browser: where "
            "each leads and its port; never its host, a user name, password, path or query.",
            fields={
                "name": "what the report names it by: the system, browser or file that sets "
                "it, and the port",
                "where": "windows, winhttp, macos, gnome, kde, environment, shell, firefox, "
                "firefox_policy, chromium_policy or chromium_extension",
                "kind": "manual (a proxy) or pac (a PAC file chooses it)",
                "address": "where the proxy (or the PAC file) is: this_computer, "
                "local_network, elsewhere or local_file; the host itself is an identifier, "
                "never kept",
                "port": "the proxy's port, when given",
                "extension": "the ID of the browser extension that set it, when one did",
            },
            none_found=N_("shadowaudit found no proxy on this computer."),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read every place a proxy is set; one that cannot be read is noted."""
        system = {
            Platform.windows: (_windows, _winhttp),
            Platform.macos: (_macos,),
            Platform.linux: (_linux, _kde),
        }
        readers = (*system[host.platform], _firefox, _chromium)
        found = gather((functools.partial(read, host) for read in readers), "proxies")
        if isinstance(found, list):
            found = [p for p in found if isinstance(p, dict) and p["address"] != "unknown"]
        return {PROXIES: found}
