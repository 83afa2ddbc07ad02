"""What a Linux firewall's own files say it does with incoming connections (no root needed).

A firewall service that runs is not a guard: ufw can be told to allow every incoming
connection (`ufw default allow incoming`), and Debian's own /etc/nftables.conf has an input
chain with no rule and the default policy, accept. These readers look at the files the
services load at start-up, which anyone may read; the rules loaded right now need root.
"""

from __future__ import annotations

import re

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.decode import xml_root

_UFW_POLICY = re.compile(r"""^\s*DEFAULT_INPUT_POLICY\s*=\s*["']?(\w+)["']?\s*$""", re.MULTILINE)
_CHAIN = re.compile(r"\bchain\s+\S+\s*\{")
_POLICY = re.compile(r"\bpolicy\s+(\w+)")
_VERDICT_ONLY = re.compile(r"^(?:counter\s+)?(drop|reject)\b")
#: Largest nftables file read; a hand-written configuration is a few kilobytes.
NFTABLES_LIMIT = 1024 * 1024


def parse_ufw_default(text: str) -> FactValue:
    """'drop', 'reject' or 'accept' from /etc/default/ufw's DEFAULT_INPUT_POLICY."""
    found: list[str] = _UFW_POLICY.findall(text)
    if not found:
        return Missing(Reason.parse_error, "DEFAULT_INPUT_POLICY is not set")
    policy = found[-1].lower()
    if policy not in ("drop", "reject", "accept"):
        return Missing(Reason.parse_error, "DEFAULT_INPUT_POLICY holds an unexpected value")
    return policy


def _without_comments(text: str) -> str:
    """The configuration without `#` comments (nftables has no quoted '#' in chains)."""
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def _chains(config: str) -> list[str]:
    """The body of every `chain NAME { ... }`, braces of sets inside it matched (linear)."""
    bodies, position = [], 0
    while (match := _CHAIN.search(config, position)) is not None:
        depth, end = 1, match.end()
        while end < len(config) and depth:
            depth += {"{": 1, "}": -1}.get(config[end], 0)
            end += 1
        bodies.append(config[match.end() : end - 1])
        position = end  # the next chain starts after this one: each character is read once
    return bodies


def _chain_blocks(body: str) -> bool:
    """True when an input chain drops what no rule accepts: `policy drop`, or a last rule
    that is a bare `drop` or `reject` (with at most a counter)."""
    policy = _POLICY.search(body)
    if policy is not None and policy.group(1) == "drop":
        return True
    statements = [s.strip() for s in re.split(r"[;\n]", body) if s.strip()]
    return bool(statements) and _VERDICT_ONLY.match(statements[-1]) is not None


def nftables_blocks_incoming(text: str) -> FactValue:
    """Whether the nftables configuration blocks incoming connections by default.

    False when no chain hooks input, or every input chain accepts what its rules do not
    name. Missing when it includes other files and blocks nothing itself (what they hold
    is not judged)."""
    config = _without_comments(text)
    chains = [body for body in _chains(config) if re.search(r"\bhook\s+input\b", body)]
    if any(_chain_blocks(body) for body in chains):
        return True
    if re.search(r"^\s*include\s", config, re.MULTILINE):
        return Missing(Reason.unsupported, "the configuration includes other files")
    return False


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
    root = xml_root(text, "zone", "the zone file")
    if isinstance(root, Missing):
        return root
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
