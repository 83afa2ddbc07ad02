"""The hosts file (`presence.hosts_redirects`, `presence.hosts_blocked`).

A line of the hosts file sends a name to an address before any DNS server is asked. Sending a
well-known site (rules/data/interception.yaml) to another computer is a way to catch its
traffic. Sending names to 0.0.0.0, 127.x or ::1 blocks them instead: ad-block lists do that
for thousands of names, and are counted apart, never taken for tampering.
"""

from __future__ import annotations

import functools
import ipaddress
from pathlib import PurePath

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue, reader
from shadowaudit.facts.presence.interception.addresses import address_flags, address_kind
from shadowaudit.facts.presence.interception.roots import interception
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_

REDIRECTS = "presence.hosts_redirects"
BLOCKED = "presence.hosts_blocked"
#: Largest hosts file read (ad-block lists of 100,000 lines are about 3 MB).
MAX_HOSTS_FILE = 64 * 1024 * 1024
#: Most redirects kept (each is listed in the report).
MAX_REDIRECTS = 50


def hosts_path(host: Host) -> PurePath:
    """Where this platform keeps its hosts file."""
    if host.platform is Platform.windows:
        root = host.env("SystemRoot") or "C:\\Windows"
        return host.path(root, "System32", "drivers", "etc", "hosts")
    return host.path("/etc/hosts")


def _watched(name: str, domains: frozenset[str]) -> str:
    """The well-known domain a name is or falls under, or ""."""
    parts = name.split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in domains:
            return candidate
    return ""


@functools.lru_cache(maxsize=1024)
def _is_block(address: str) -> bool | None:
    """True for an address that blocks (0.0.0.0, 127.x, ::1, ::), None when not an address."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return None
    return ip.is_loopback or ip.is_unspecified


def parse_hosts(text: str) -> tuple[list[FactValue], int]:
    """(well-known names sent to another address, how many names are blocked)."""
    domains = frozenset(interception().watched_domains)
    redirects: dict[str, FactValue] = {}
    blocked = 0
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        block = _is_block(fields[0])
        if block is None:
            continue
        if block:
            blocked += len(fields) - 1
            continue
        names = [n.lower().rstrip(".") for n in fields[1:]]
        for name in names:
            site = _watched(name, domains)
            if site and len(redirects) < MAX_REDIRECTS:
                redirects[name] = {
                    "id": name,
                    "label": name,
                    "name": name[:253],
                    "site": site,
                    "address": address_kind(fields[0]),
                    **address_flags(address_kind(fields[0])),
                }
    return list(redirects.values()), blocked


@reader()
def _read(host: Host) -> tuple[list[FactValue], int]:
    """The hosts file, parsed."""
    return parse_hosts(host.read_text(hosts_path(host), MAX_HOSTS_FILE))


class HostsFileCollector(Collector):
    """Reads the hosts file for well-known sites sent elsewhere."""

    name = "presence_hosts_file"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            name=REDIRECTS,
            kind=FactKind.subjects,
            description="Lines of the hosts file that send a well-known site (rules/data/"
            "interception.yaml) to an address that is not this computer's own.",
            fields={
                "name": "the name sent elsewhere",
                "site": "the well-known site it belongs to",
                "address": "where the address leads: local_network or elsewhere (the address "
                "itself is not kept)",
            },
            none_found=N_("The hosts file sends no well-known site to another computer."),
        ),
        FactSpec(
            name=BLOCKED,
            kind=FactKind.integer,
            description="How many names the hosts file blocks (sends to 0.0.0.0, 127.x or "
            "::1), as ad-block lists do.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the hosts file once."""
        parsed = _read(host)
        if not isinstance(parsed, tuple):
            return {REDIRECTS: parsed, BLOCKED: parsed}
        redirects, blocked = parsed
        return {REDIRECTS: redirects, BLOCKED: blocked}
