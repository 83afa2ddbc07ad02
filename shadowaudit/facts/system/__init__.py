"""Facts about the operating system (`system.*`): one folder per platform, then what all share."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.system.linux.desktop import LinuxDesktopCollector
from shadowaudit.facts.system.linux.disk import LinuxDiskCollector
from shadowaudit.facts.system.linux.firewall import LinuxFirewallCollector
from shadowaudit.facts.system.linux.system import LinuxSystemCollector
from shadowaudit.facts.system.macos.collector import MacOSCollector
from shadowaudit.facts.system.network import NetworkCollector
from shadowaudit.facts.system.os_support import OsSupportCollector
from shadowaudit.facts.system.software import SoftwareCollector
from shadowaudit.facts.system.windows.collector import WindowsCollector

SYSTEM: list[type[Collector]] = [
    LinuxDiskCollector,
    LinuxFirewallCollector,
    LinuxDesktopCollector,
    LinuxSystemCollector,
    WindowsCollector,
    MacOSCollector,
    SoftwareCollector,
    NetworkCollector,
    OsSupportCollector,
]

__all__ = ["SYSTEM"]
