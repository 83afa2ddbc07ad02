"""What firewalld's default zone lets in, from the files it loads (readable without root).

firewalld filters incoming connections by zone. The zone an interface has not been given is
the default zone, named by DefaultZone= in /etc/firewalld/firewalld.conf ("public" when unset).
A zone is an XML file: the person's copy in /etc/firewalld/zones/ wins over the packaged one
in /usr/lib/firewalld/zones/. Its `target` says what happens to a connection no rule allows:
"default" and "%%REJECT%%" refuse it, "DROP" drops it, "ACCEPT" lets it in (the "trusted" zone).
Its <service> and <port> elements open doors; Fedora Workstation's own zone opens every port
from 1025 to 65535. Rules changed at run time without --permanent are not in these files.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from shadowaudit.facts.base import FactValue, Missing, Reason

#: Largest zone or configuration file read; firewalld's own are under 2 kB.
ZONE_LIMIT = 256 * 1024
_DEFAULT_ZONE = re.compile(r"^\s*DefaultZone\s*=\s*(\S+)\s*$", re.MULTILINE)
_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+\-]{1,64}$")
_PORTS = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?$")


def default_zone(conf: str | None) -> str | Missing:
    """The DefaultZone of firewalld.conf ('public', firewalld's own default, when unset)."""
    found = _DEFAULT_ZONE.findall(conf or "")
    name = found[-1] if found else "public"
    if not _ZONE_NAME.match(name):
        return Missing(Reason.parse_error, "DefaultZone is not a zone name")
    return name


def _port_count(spec: str) -> int | None:
    """How many ports "22" or "1025-65535" names; None when it is not a port or a range."""
    match = _PORTS.match(spec.strip())
    if match is None:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if not 0 < first <= last <= 65535:
        return None
    return last - first + 1


def parse_zone(name: str, text: str) -> FactValue:
    """The zone's name, target, the services it opens and how many ports it opens."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        # NOTE: firewalld's files never declare entities; refusing them keeps the parser safe.
        return Missing(Reason.parse_error, "the zone file declares entities")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return Missing(Reason.parse_error, "the zone file is not XML")
    if root.tag != "zone":
        return Missing(Reason.parse_error, "the zone file holds no <zone>")
    ports = 0
    for element in (*root.iter("port"), *root.iter("source-port")):
        count = _port_count(element.get("port", ""))
        if count is None:
            return Missing(Reason.parse_error, "a port of the zone is not a number")
        ports += count
    target = root.get("target", "default")
    names = sorted({s.get("name", "") for s in root.iter("service")} - {""})
    services: list[FactValue] = list(names)
    return {
        "name": name,
        "target": target.upper() if target != "default" else "default",
        "services": services,
        "open_ports": ports,
    }
