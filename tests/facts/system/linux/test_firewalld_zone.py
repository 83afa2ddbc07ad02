"""firewalld's default zone from its files: the zone name, its target, and what it opens."""

from __future__ import annotations

import pytest

from shadowaudit.facts.base import Missing
from shadowaudit.facts.system.linux.firewall import read_firewalld_zone
from shadowaudit.facts.system.linux.firewall_rules import default_zone, parse_zone
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

#: firewalld's own public zone (config/zones/public.xml in its sources).
PUBLIC = """<?xml version="1.0" encoding="utf-8"?>
<zone name="public">
  <short>Public</short>
  <description>For use in public areas.</description>
  <service name="ssh"/>
  <service name="dhcpv6-client"/>
</zone>
"""


def test_the_default_zone_is_public_unless_the_configuration_names_another() -> None:
    assert default_zone(None) == "public"
    assert default_zone("# Default: public\nCleanupOnExit=yes\n") == "public"
    assert default_zone("DefaultZone=trusted\n") == "trusted"
    assert isinstance(default_zone("DefaultZone=../../etc/passwd\n"), Missing)


def test_a_zone_says_what_it_lets_in() -> None:
    assert parse_zone("public", PUBLIC) == {
        "name": "public",
        "target": "default",
        "services": ["dhcpv6-client", "ssh"],
        "open_ports": 0,
    }
    trusted = '<?xml version="1.0"?>\n<zone target="ACCEPT"><short>Trusted</short></zone>'
    zone = parse_zone("trusted", trusted)
    assert isinstance(zone, dict) and zone["target"] == "ACCEPT"


@pytest.mark.parametrize(
    "text",
    [
        "<zone><port protocol='tcp' port='80-'/></zone>",
        "<zone><port protocol='tcp' port='70000'/></zone>",
        "<zone>",
        "<service name='ssh'/>",
        '<!DOCTYPE z [<!ENTITY a "aaaa">]><zone><short>&a;</short></zone>',
    ],
)
def test_a_zone_file_that_is_not_understood_is_not_judged(text: str) -> None:
    assert isinstance(parse_zone("public", text), Missing)


def test_the_recorded_fedora_zone_opens_every_high_port() -> None:
    zone = read_firewalld_zone(RecordedHost(host_folder("fedora41-btrfs-luks")))
    assert isinstance(zone, dict)
    assert zone["name"] == "FedoraWorkstation" and zone["open_ports"] == 2 * (65535 - 1024)


def test_without_firewalld_there_is_no_zone() -> None:
    assert read_firewalld_zone(RecordedHost(host_folder("debian12-ufw-on"))) == "not_installed"
