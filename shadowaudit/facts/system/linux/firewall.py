"""Linux firewalls: ufw's setting file and whether firewalld or nftables is running."""

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
)
from shadowaudit.facts.system.linux.units import run_systemctl, systemd_absent
from shadowaudit.host.base import Host, Platform

UFW = "system.linux.ufw"
FIREWALLD = "system.linux.firewalld"
NFTABLES = "system.linux.nftables"

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
    result = run_systemctl(host, "is-active", unit)
    if isinstance(result, Missing):
        return result
    return parse_is_active(result.returncode, result.stdout, result.stderr)


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
            FIREWALLD: _service_state(host, "firewalld.service"),
            NFTABLES: _service_state(host, "nftables.service"),
        }
