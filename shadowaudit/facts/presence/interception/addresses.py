"""Proxy and server addresses read without secrets: a host and a port, never a user name, a
password, a path or a query (a PAC address gives its host only). A proxy's host is itself an
identifier: facts keep only where it leads (`address_kind`) and its port."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

#: Longest host name kept.
MAX_HOST = 253
_HOST = re.compile(r"^[A-Za-z0-9._:\[\]-]+$")


def _clean_host(host: str) -> str:
    """A host name or address, or "" when it does not look like one."""
    host = host.strip().strip("[]")[:MAX_HOST]
    return host.lower() if host and _HOST.match(host) else ""


def proxy_address(value: str) -> tuple[str, int | None]:
    """(host, port) of a proxy written `host:port`, `scheme://user:pass@host:port/...`."""
    text = value.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return "", None
    host = _clean_host(parts.hostname or "")
    return (host, port) if host else ("", None)


def pac_host(url: str) -> str:
    """The host of a PAC address ("local file" for a file: address or a script written in
    a data: address, as browser extensions give it), nothing else of it."""
    text = url.strip()
    if text.lower().startswith(("file:", "data:")) or text.startswith("/"):
        return "local file"
    return proxy_address(text)[0]


def windows_proxy_servers(value: str) -> list[tuple[str, int | None]]:
    """The proxies in Windows' ProxyServer value: `host:port` or `http=host:port;https=...`."""
    found = []
    for part in value.split(";")[:10]:
        address = part.split("=", 1)[-1]
        host, port = proxy_address(address)
        if host:
            found.append((host, port))
    return list(dict.fromkeys(found))


#: Home and office networks (RFC 1918, IPv6 unique local); documentation ranges are not.
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
_LOCAL_SUFFIXES = (".local", ".lan", ".home", ".internal", ".localdomain", ".corp", ".intranet")


#: The flag a report shows for where an address leads (shadowaudit/report/values.py).
ADDRESS_FLAGS = {
    "this_computer": "on_this_computer",
    "local_network": "on_local_network",
    "elsewhere": "on_another_network",
}


def address_flags(kind: str) -> dict[str, bool]:
    """The report flag of an address kind: {"on_local_network": True}, or none."""
    return {ADDRESS_FLAGS[kind]: True} if kind in ADDRESS_FLAGS else {}


def address_kind(host: str) -> str:
    """Where an address leads, without the address itself (proxy and DNS servers are
    identifiers, never shown): this_computer, local_network, elsewhere, local_file or
    unknown."""
    if host == "local file":
        return "local_file"
    if not host:
        return "unknown"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return "this_computer"
        if "." not in host or host.endswith(_LOCAL_SUFFIXES):
            return "local_network"
        return "elsewhere"
    if ip.is_loopback or ip.is_unspecified:
        return "this_computer"
    if ip.is_link_local or any(ip in net for net in _LOCAL_NETWORKS if net.version == ip.version):
        return "local_network"
    return "elsewhere"
