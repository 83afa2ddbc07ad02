"""Collectors, one module per source of facts, and the catalogue of the facts they provide."""

from __future__ import annotations

from shadowaudit.facts.base import Collector, FactSpec
from shadowaudit.facts.chromium import ChromiumCollector
from shadowaudit.facts.firefox import FirefoxCollector
from shadowaudit.facts.git_identity import GitIdentityCollector
from shadowaudit.facts.linux_desktop import LinuxDesktopCollector
from shadowaudit.facts.linux_disk import LinuxDiskCollector
from shadowaudit.facts.linux_firewall import LinuxFirewallCollector
from shadowaudit.facts.linux_system import LinuxSystemCollector
from shadowaudit.facts.macos import MacOSCollector
from shadowaudit.facts.network import NetworkCollector
from shadowaudit.facts.os_support import OsSupportCollector
from shadowaudit.facts.password_managers import PasswordManagersCollector
from shadowaudit.facts.photos import PhotosCollector
from shadowaudit.facts.software import SoftwareCollector
from shadowaudit.facts.ssh_keys import SshKeysCollector
from shadowaudit.facts.windows import WindowsCollector

COLLECTORS: list[type[Collector]] = [
    FirefoxCollector,
    ChromiumCollector,
    LinuxDiskCollector,
    LinuxFirewallCollector,
    LinuxDesktopCollector,
    LinuxSystemCollector,
    WindowsCollector,
    MacOSCollector,
    SoftwareCollector,
    NetworkCollector,
    OsSupportCollector,
    PasswordManagersCollector,
    SshKeysCollector,
    GitIdentityCollector,
    PhotosCollector,
]


def catalogue() -> dict[str, FactSpec]:
    """Every documented fact, by name."""
    return {spec.name: spec for collector in COLLECTORS for spec in collector.facts}


def collector_for(fact: str) -> type[Collector] | None:
    """The collector that provides a fact, or None."""
    for collector in COLLECTORS:
        if fact in collector.fact_names():
            return collector
    return None


__all__ = ["COLLECTORS", "catalogue", "collector_for"]
