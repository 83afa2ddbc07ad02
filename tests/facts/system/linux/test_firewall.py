"""Linux firewalls: ufw.conf and systemctl is-active, on recorded machines and real outputs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.linux.firewall import (
    FIREWALLD,
    NFTABLES,
    NFTABLES_BLOCKS,
    UFW,
    UFW_INCOMING,
    LinuxFirewallCollector,
    parse_is_active,
    parse_ufw_conf,
)
from shadowaudit.facts.system.linux.firewall_rules import (
    nftables_blocks_incoming,
    parse_ufw_default,
)
from shadowaudit.host import RecordedHost
from tests.conftest import HOSTS

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
    facts = LinuxFirewallCollector().collect(recorded(machine))
    assert {name: facts[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("machine", "incoming", "nftables", "blocks"),
    [
        # Recorded from real Debian 12 systems booted with systemd-nspawn
        # (tests/fixtures/make_debian_machines.py), changed with ufw and systemctl.
        ("debian12-ufw-on", "drop", "inactive", False),
        ("debian12-ufw-allow-incoming", "accept", "inactive", False),
        ("debian12-nftables-default", "drop", "active", False),
        # Hand-built, with a real nftables file whose input chain drops by default.
        ("debian12-luks-lvm", "not_installed", "active", True),
    ],
)
def test_what_the_firewall_does_with_incoming_connections(
    recorded: Recorded, machine: str, incoming: object, nftables: str, blocks: bool
) -> None:
    facts = LinuxFirewallCollector().collect(recorded(machine))
    assert facts[UFW_INCOMING] == incoming
    assert (facts[NFTABLES], facts[NFTABLES_BLOCKS]) == (nftables, blocks)


@pytest.mark.parametrize("machine", ["debian12-firewalld-public", "debian12-firewalld-trusted"])
def test_on_debian_only_root_may_read_which_zone_firewalld_uses(
    recorded: Recorded, machine: str
) -> None:
    # Recorded from real Debian 12 systems with `apt install firewalld` (and, for trusted,
    # `firewall-offline-cmd --set-default-zone=trusted`): Debian keeps firewalld.conf for root,
    # so a person's account cannot tell which zone guards it. That is "could not check".
    facts = LinuxFirewallCollector().collect(recorded(machine))
    assert facts[FIREWALLD] == "active"
    zone = facts["system.linux.firewalld_zone"]
    assert isinstance(zone, Missing) and zone.reason is Reason.permission_denied


DEBIAN_DEFAULT = (HOSTS / "debian12-nftables-default" / "files/etc/nftables.conf").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DEBIAN_DEFAULT, False),
        (
            DEBIAN_DEFAULT.replace(
                "priority filter;\n\t}", "priority filter; policy drop;\n\t}", 1
            ),
            True,
        ),
        (
            "table inet f { chain in { type filter hook input priority 0;"
            " ct state established accept\n counter reject\n } }",
            True,
        ),
        (
            "table inet f { chain in { type filter hook input priority 0;"
            " tcp dport { 22, 80 } drop; } }",
            False,
        ),
        ("table inet f { chain out { type filter hook output priority 0; policy drop; } }", False),
        ("# chain in { type filter hook input priority 0; policy drop; }\n", False),
        (
            'include "/etc/nftables.d/*.nft"\n',
            Missing(Reason.unsupported, "the configuration includes other files"),
        ),
        ("", False),
    ],
    ids=[
        "debian-default",
        "policy-drop",
        "last-rule-reject",
        "set-drop-only",
        "output-only",
        "comment",
        "include",
        "empty",
    ],
)
def test_nftables_files(text: str, expected: object) -> None:
    assert nftables_blocks_incoming(text) == expected


def test_nftables_reading_stays_linear_on_hostile_files() -> None:
    for hostile in ("chain a {" * 100_000, "{" * 1_000_000, "chain x { hook input " * 50_000):
        assert nftables_blocks_incoming(hostile) in (False, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('DEFAULT_INPUT_POLICY="DROP"\n', "drop"),
        ("DEFAULT_INPUT_POLICY=REJECT\n", "reject"),
        ('DEFAULT_INPUT_POLICY="DROP"\nDEFAULT_INPUT_POLICY="ACCEPT"\n', "accept"),
        ("IPV6=yes\n", Missing(Reason.parse_error, "DEFAULT_INPUT_POLICY is not set")),
        (
            'DEFAULT_INPUT_POLICY="maybe"\n',
            Missing(Reason.parse_error, "DEFAULT_INPUT_POLICY holds an unexpected value"),
        ),
    ],
)
def test_ufw_default_policy(text: str, expected: object) -> None:
    assert parse_ufw_default(text) == expected


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
