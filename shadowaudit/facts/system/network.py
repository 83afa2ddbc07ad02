"""Programs that accept connections from other computers (TCP ports open beyond this machine)."""

from __future__ import annotations

from msgspec.structs import astuple

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue, reader
from shadowaudit.facts.datalists import system_listeners
from shadowaudit.facts.system.linux.sockets import SocketUnit, socket_units
from shadowaudit.host.base import Host, Listener, Platform

EXPOSED = "system.exposed_services"
#: Names a socket opened by systemd for a unit may carry: its own, or none readable (a socket
#: of another user's process, read without admin rights).
_SYSTEMD_OWNED = {"systemd", "unknown program"}
_ANY_ADDRESS = {"", "::", "0.0.0.0"}


def unit_behind(item: Listener, units: list[SocketUnit]) -> str:
    """The socket unit (cockpit.socket) that opened a listener systemd holds, else its program."""
    if item.program.lower() not in _SYSTEMD_OWNED:
        return item.program
    for unit in units:
        if unit.port == item.port and (
            unit.address in _ANY_ADDRESS or unit.address == item.address
        ):
            return unit.unit
    return item.program


def exposed(
    listeners: list[Listener], platform: Platform, units: list[SocketUnit] | None = None
) -> list[FactValue]:
    """TCP listeners reachable from the network, without the system's own, as {program, port};
    a socket systemd holds for a unit is judged, and named, by that unit."""
    own = {name.lower() for name in system_listeners().programs.get(platform.value, [])}
    found: dict[tuple[str, int], FactValue] = {}
    for listener in listeners:
        item = Listener(unit_behind(listener, units or []), *astuple(listener)[1:])
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
            "leaving out the operating system's own (rules/data/system_listeners.yaml). On "
            "Linux a socket systemd holds is named by its unit (cockpit.socket).",
            values="[{program, port}]",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """List the exposed programs (Missing where the system needs administrator rights)."""
        return {EXPOSED: read_exposed(host)}


@reader()
def read_exposed(host: Host) -> FactValue:
    """The exposed programs, from the listening sockets the Host reports (on Linux, with the
    socket units systemd lists)."""
    listeners = host.listeners()
    units = socket_units(host) if host.platform is Platform.linux else []
    return exposed(listeners, host.platform, units)
