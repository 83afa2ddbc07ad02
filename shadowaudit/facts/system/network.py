"""Programs that accept connections from other computers (TCP ports open beyond this machine)."""

from __future__ import annotations

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue, reader
from shadowaudit.facts.datalists import system_listeners
from shadowaudit.host.base import Host, Listener, Platform

EXPOSED = "system.exposed_services"


def exposed(listeners: list[Listener], platform: Platform) -> list[FactValue]:
    """TCP listeners reachable from the network, without the system's own, as {program, port}."""
    own = {name.lower() for name in system_listeners().programs.get(platform.value, [])}
    found: dict[tuple[str, int], FactValue] = {}
    for item in listeners:
        if item.protocol != "tcp" or item.loopback or item.program.lower() in own:
            continue
        found[(item.program, item.port)] = {"program": item.program, "port": item.port}
    return [found[key] for key in sorted(found)]


class NetworkCollector(Collector):
    """Reads the listening sockets once."""

    name = "network"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            EXPOSED,
            FactKind.list,
            "Programs waiting for TCP connections on an address other computers can reach, "
            "leaving out the operating system's own (rules/data/system_listeners.yaml).",
            values="[{program, port}]",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """List the exposed programs (Missing where the system needs administrator rights)."""
        return {EXPOSED: read_exposed(host)}


@reader()
def read_exposed(host: Host) -> FactValue:
    """The exposed programs, from the listening sockets the Host reports."""
    return exposed(host.listeners(), host.platform)
