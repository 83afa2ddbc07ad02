"""Linux firewalls: ufw.conf and systemctl is-active, on recorded machines and real outputs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.linux.firewall import (
    FIREWALLD,
    NFTABLES,
    UFW,
    LinuxFirewallCollector,
    parse_is_active,
    parse_ufw_conf,
)
from shadowaudit.host import RecordedHost

Recorded = Callable[[str], RecordedHost]


@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        ("debian12-luks-lvm", {UFW: "not_installed", FIREWALLD: "inactive", NFTABLES: "active"}),
        ("fedora41-btrfs-luks", {UFW: "not_installed", FIREWALLD: "active", NFTABLES: "inactive"}),
        ("ubuntu2404-plain", {UFW: "disabled", FIREWALLD: "inactive", NFTABLES: "inactive"}),
    ],
)
def test_recorded_machines(recorded: Recorded, machine: str, expected: dict[str, str]) -> None:
    assert LinuxFirewallCollector().collect(recorded(machine)) == expected


def test_without_systemd_the_services_are_unknown(recorded: Recorded) -> None:
    facts = LinuxFirewallCollector().collect(recorded("linux-container"))
    assert facts[UFW] == "not_installed"
    assert isinstance(facts[FIREWALLD], Missing)
    assert facts[FIREWALLD].reason is Reason.unsupported  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ENABLED=yes\n", "enabled"),
        ("# comment\nENABLED=no\nLOGLEVEL=low\n", "disabled"),
        ('ENABLED="yes"\n', "enabled"),
        ("ENABLED=yes\nENABLED=no\n", "disabled"),
        ("LOGLEVEL=low\n", "disabled"),
        ("#ENABLED=yes\n", "disabled"),
    ],
)
def test_parse_ufw_conf(text: str, expected: str) -> None:
    assert parse_ufw_conf(text) == expected


def test_parse_is_active_outputs() -> None:
    assert parse_is_active(0, "active\n", "") == "active"
    assert parse_is_active(3, "inactive\n", "") == "inactive"
    assert parse_is_active(3, "failed\n", "") == "inactive"
    no_systemd = "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
    assert parse_is_active(1, "", no_systemd).reason is Reason.unsupported  # type: ignore[union-attr]
    assert parse_is_active(1, "\x00weird", "").reason is Reason.parse_error  # type: ignore[union-attr]
