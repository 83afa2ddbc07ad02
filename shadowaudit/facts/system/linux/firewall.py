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
    nftables_blocks_incoming,
    parse_ufw_default,
)
from shadowaudit.facts.system.linux.units import ask_systemd, systemd_absent
from shadowaudit.host.base import Host, Platform

UFW = "system.linux.ufw"
UFW_INCOMING = "system.linux.ufw_incoming"
FIREWALLD = "system.linux.firewalld"
NFTABLES = "system.linux.nftables"
NFTABLES_BLOCKS = "system.linux.nftables_blocks_incoming"

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
        }
