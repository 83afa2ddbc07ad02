"""Linux firewalls: whether ufw, firewalld or nftables runs, and what ufw and nftables do
with incoming connections (from the files they load at start-up)."""

from __future__ import annotations

import re

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
from shadowaudit.facts.system.linux.firewall_rules import (
    NFTABLES_LIMIT,
    ZONE_LIMIT,
    default_zone,
    nftables_blocks_incoming,
    parse_ufw_default,
    parse_zone,
)
from shadowaudit.facts.system.linux.units import ask_systemd, systemd_absent
from shadowaudit.host.base import Host, Platform

UFW = "system.linux.ufw"
UFW_INCOMING = "system.linux.ufw_incoming"
FIREWALLD = "system.linux.firewalld"
NFTABLES = "system.linux.nftables"
NFTABLES_BLOCKS = "system.linux.nftables_blocks_incoming"
FIREWALLD_ZONE = "system.linux.firewalld_zone"
_FIREWALLD_ZONES = ("/etc/firewalld/zones", "/usr/lib/firewalld/zones")

_ENABLED = re.compile(r"""^\s*ENABLED\s*=\s*["']?(\w+)["']?\s*$""", re.MULTILINE)
_ACTIVE = {"active", "reloading", "activating", "refreshing"}
_INACTIVE = {"inactive", "failed", "deactivating", "unknown", "maintenance"}


def parse_ufw_conf(text: str) -> FactValue:
    """'enabled' or 'disabled' from /etc/ufw/ufw.conf (ufw treats a missing ENABLED as no)."""
    matches = _ENABLED.findall(text)
    if not matches:
        return "disabled"
    return "enabled" if matches[-1].lower() == "yes" else "disabled"


def parse_is_active(returncode: int, stdout: str, stderr: str) -> FactValue:
    """'active' or 'inactive' from `systemctl is-active UNIT`; Missing when systemd can't say."""
    state = stdout.strip().splitlines()[0].strip() if stdout.strip() else ""
    if state in _ACTIVE:
        return "active"
    if state in _INACTIVE:
        return "inactive"
    if systemd_absent(stdout, stderr):
        return Missing(Reason.unsupported, "systemd is not running")
    return Missing(Reason.parse_error, f"systemctl exit {returncode}")


def _service_state(host: Host, unit: str) -> FactValue:
    """Ask systemd whether a service runs."""
    return ask_systemd(host, "is-active", unit, parse_is_active)


@reader(absent="not_installed")
def read_ufw_incoming(host: Host) -> FactValue:
    """What ufw does with an incoming connection no rule allows (/etc/default/ufw); like the
    ufw fact, 'not_installed' when there is no such file."""
    return parse_ufw_default(host.read_text(host.path("/etc/default/ufw")))


@reader(absent=False)
def read_nftables_blocks(host: Host) -> FactValue:
    """Whether /etc/nftables.conf, which Debian's nftables service loads, blocks incoming
    connections by default (no file: nothing to load, nothing blocked)."""
    text = host.read_text(host.path("/etc/nftables.conf"), limit=NFTABLES_LIMIT)
    return nftables_blocks_incoming(text)


@reader(absent=None)
def _optional_text(host: Host, path: str) -> FactValue:
    """A small configuration file's text; None when it is not there."""
    return host.read_text(host.path(path), limit=ZONE_LIMIT)


@reader()
def read_firewalld_zone(host: Host) -> FactValue:
    """firewalld's default zone as its files define it; 'not_installed' without firewalld."""
    conf = _optional_text(host, "/etc/firewalld/firewalld.conf")
    if isinstance(conf, Missing):
        return conf
    name = default_zone(conf if isinstance(conf, str) else None)
    if isinstance(name, Missing):
        return name
    for folder in _FIREWALLD_ZONES:
        text = _optional_text(host, f"{folder}/{name}.xml")
        if isinstance(text, Missing):
            return text
        if isinstance(text, str):
            return parse_zone(name, text)
    if conf is None:
        return "not_installed"
    return Missing(Reason.not_installed, f"no file defines the zone {name}")


class LinuxFirewallCollector(Collector):
    """Reads the state of the usual Linux firewalls without administrator rights."""

    name = "linux_firewall"
    platforms = frozenset({Platform.linux})
    facts = (
        FactSpec(
            UFW,
            FactKind.string,
            "ufw's switch in /etc/ufw/ufw.conf.",
            values="'enabled', 'disabled' or 'not_installed'",
        ),
        FactSpec(
            UFW_INCOMING,
            FactKind.string,
            "What ufw does with incoming connections that no rule allows "
            "(DEFAULT_INPUT_POLICY in /etc/default/ufw).",
            values="'drop', 'reject', 'accept' or 'not_installed'",
        ),
        FactSpec(
            FIREWALLD,
            FactKind.string,
            "Whether the firewalld service runs (systemctl is-active firewalld.service).",
            values="'active' or 'inactive'",
        ),
        FactSpec(
            NFTABLES,
            FactKind.string,
            "Whether the nftables service, which loads "
            "/etc/nftables.conf, runs (systemctl is-active nftables.service).",
            values="'active' or 'inactive'",
        ),
        FactSpec(
            NFTABLES_BLOCKS,
            FactKind.boolean,
            "Whether /etc/nftables.conf, which the nftables service loads, blocks incoming "
            "connections by default: an input chain with policy drop, or ending in drop or "
            "reject. Debian's own file accepts everything.",
        ),
        FactSpec(
            FIREWALLD_ZONE,
            FactKind.mapping,
            "firewalld's default zone, from the files it loads (DefaultZone in "
            "/etc/firewalld/firewalld.conf; the zone file in /etc/firewalld/zones or "
            "/usr/lib/firewalld/zones): what it does with a connection no rule allows, the "
            "services it opens, and how many ports it opens. 'not_installed' without firewalld.",
            fields={
                "name": "the zone's name, e.g. public, trusted, FedoraWorkstation",
                "target": "'default' or '%%REJECT%%' (refuse), 'DROP', or 'ACCEPT' (let in)",
                "services": "names of the services the zone opens, e.g. ssh",
                "open_ports": "how many ports the zone opens by number (1025-65535 is 64511)",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read ufw.conf and ask systemd about firewalld and nftables."""
        ufw: FactValue
        try:
            ufw = parse_ufw_conf(host.read_text(host.path("/etc/ufw/ufw.conf")))
        except NotFound:
            ufw = "not_installed"
        except HostError as exc:
            ufw = missing_from(exc)
        return {
            UFW: ufw,
            UFW_INCOMING: read_ufw_incoming(host),
            FIREWALLD: _service_state(host, "firewalld.service"),
            NFTABLES: _service_state(host, "nftables.service"),
            NFTABLES_BLOCKS: read_nftables_blocks(host),
            FIREWALLD_ZONE: read_firewalld_zone(host),
        }
