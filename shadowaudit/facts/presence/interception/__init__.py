"""Interception and management (`presence.*`): added roots, proxies, hosts file, management."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.presence.interception.certificates import CertificatesCollector
from shadowaudit.facts.presence.interception.hosts_file import HostsFileCollector
from shadowaudit.facts.presence.interception.management import ManagementCollector
from shadowaudit.facts.presence.interception.proxies import ProxiesCollector

INTERCEPTION: list[type[Collector]] = [
    CertificatesCollector,
    ProxiesCollector,
    HostsFileCollector,
    ManagementCollector,
]

__all__ = ["INTERCEPTION"]
