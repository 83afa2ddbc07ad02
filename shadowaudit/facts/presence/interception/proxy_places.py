"""Proxy settings that take more than a value to read: KDE's kioslaverc, Windows' WinHTTP
settings and the proxy a Chromium extension sets. Each gives (kind, host, port) settings;
proxies.py turns them into fact subjects (the host itself is never kept).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from shadowaudit.facts.presence.interception.addresses import (
    pac_host,
    proxy_address,
    windows_proxy_servers,
)

#: (kind, host, port): "manual" or "pac", where it leads, its port.
Setting = tuple[str, str, int | None]
#: KDE's ProxyType (KProtocolManager): 1 manual, 2 a PAC address, 3 found on the network
#: (WPAD), 4 read from environment variables (read elsewhere), 0 none.
KDE_MANUAL, KDE_PAC, KDE_WPAD = "1", "2", "3"
_KDE_KEYS = ("httpProxy", "httpsProxy", "socksProxy")
#: Largest WinHttpSettings value read (a real one is under 1 KB).
MAX_WINHTTP = 64 * 1024
#: WinHttpSettings flags (WINHTTP_PROXY_INFO access types as netsh writes them).
WINHTTP_MANUAL, WINHTTP_PAC = 0x2, 0x4


_KCONFIG_MARK = re.compile(r"\[\$[a-z]+\]")


def kde_group(text: str, group: str = "Proxy Settings") -> dict[str, str]:
    """The keys of one group of a KConfig file (kioslaverc), values as written. Kiosk marks
    (`[$i]`, set by an administrator to lock a value) are dropped from names."""
    found: dict[str, str] = {}
    inside = False
    for raw in text.splitlines()[:10_000]:
        line = _KCONFIG_MARK.sub("", raw).strip()
        if line.startswith("["):
            inside = line == f"[{group}]"
        elif inside and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found[key.strip()] = value.strip()
    return found


def _kde_address(value: str) -> tuple[str, int | None]:
    """A KDE proxy value: `http://host 8080` (KDE's own form: the port after a space) or a
    URL with the port after a colon."""
    text = re.sub(r"\s+(\d{1,5})\s*$", r":\1", value.strip())
    return proxy_address(text)


def kde_proxies(*texts: str) -> list[Setting]:
    """The proxies kioslaverc files put in force, the system's (/etc/xdg) first and the
    person's over it, as KConfig cascades them: the manual ones, the PAC address, or
    automatic discovery; what the other types leave behind is not in force."""
    values: dict[str, str] = {}
    for text in texts:
        values.update(kde_group(text))
    kind = values.get("ProxyType", "0")
    if kind == KDE_PAC and values.get("Proxy Config Script"):
        return [("pac", pac_host(values["Proxy Config Script"]), None)]
    if kind == KDE_WPAD:
        return [("pac", "automatic", None)]
    if kind != KDE_MANUAL:
        return []
    found = [("manual", *_kde_address(values[key])) for key in _KDE_KEYS if values.get(key)]
    return list(dict.fromkeys(found))


def _winhttp_strings(blob: bytes, offset: int, count: int) -> list[str]:
    """`count` strings of a WinHttpSettings value, each a 4-byte little-endian length then
    ASCII text; fewer when the value ends first."""
    strings = []
    for _ in range(count):
        if offset + 4 > len(blob):
            break
        length = int.from_bytes(blob[offset : offset + 4], "little")
        if offset + 4 + length > len(blob):
            break
        strings.append(blob[offset + 4 : offset + 4 + length].decode("ascii", "replace"))
        offset += 4 + length
    return strings


def winhttp_proxies(blob: bytes) -> list[Setting]:
    """The proxies of WinHTTP's WinHttpSettings value (what `netsh winhttp set proxy`
    writes): a version, a counter and flags (4 bytes each, little-endian), then the proxy,
    the bypass list and the PAC address as counted strings. Flag 2 turns the proxy on,
    flag 4 the PAC address; "Direct access" is flags 1 and empty strings."""
    blob = blob[:MAX_WINHTTP]
    if len(blob) < 12:
        return []
    flags = int.from_bytes(blob[8:12], "little")
    strings = _winhttp_strings(blob, 12, 3) + ["", "", ""]
    server, pac = strings[0], strings[2]
    found: list[Setting] = []
    if flags & WINHTTP_MANUAL and server.strip():
        found += [("manual", host, port) for host, port in windows_proxy_servers(server)]
    if flags & WINHTTP_PAC and pac.strip():
        found.append(("pac", pac_host(pac), None))
    return found


def _enabled(entry: Mapping[str, object]) -> bool:
    """True when an extension entry of Preferences is turned on: no disable reason (newer
    Chromium), or state 1 (older)."""
    reasons = entry.get("disable_reasons")
    if reasons is not None:
        return not reasons
    return entry.get("state", 1) == 1


def extension_proxies(preferences: Mapping[str, object]) -> list[tuple[str, Setting]]:
    """(extension ID, setting) of each turned-on extension that set the browser's proxy:
    Chromium keeps it under extensions.settings.<id>.preferences (or regular_only_preferences)
    as the `proxy` pref, a ProxyConfigDictionary {mode, server, pac_url}."""
    section = preferences.get("extensions")
    installed = section.get("settings") if isinstance(section, dict) else None
    if not isinstance(installed, dict):
        return []
    found: list[tuple[str, Setting]] = []
    for ext_id, entry in sorted(installed.items())[:1_000]:
        if not isinstance(entry, dict) or not _enabled(entry):
            continue
        for scope in ("preferences", "regular_only_preferences"):
            prefs = entry.get(scope)
            proxy = prefs.get("proxy") if isinstance(prefs, dict) else None
            if isinstance(proxy, dict):
                found += [(str(ext_id), setting) for setting in chromium_proxy(proxy)]
    return list(dict.fromkeys(found))


def chromium_proxy(values: Mapping[str, object]) -> list[Setting]:
    """The proxies of a Chromium ProxyConfigDictionary or ProxySettings policy: mode
    fixed_servers (`server`, `ProxyServer`) or pac_script (`pac_url`, `ProxyPacUrl`)."""
    mode = str(values.get("mode", values.get("ProxyMode", "")))
    server = values.get("server", values.get("ProxyServer"))
    pac = values.get("pac_url", values.get("ProxyPacUrl"))
    if mode == "pac_script" and isinstance(pac, str):
        return [("pac", pac_host(pac), None)]
    if mode == "fixed_servers" and isinstance(server, str):
        return [("manual", host, port) for host, port in windows_proxy_servers(server)]
    return []
