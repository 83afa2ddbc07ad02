"""Which systemd unit owns a listening socket (`systemctl list-sockets`, no root needed).

systemd opens the socket of a socket-activated service itself (cockpit.socket on port 9090):
the listener's program is then "systemd" (or, read without admin rights, an unknown program),
which says nothing about the service that answers. The unit says it.
"""

from __future__ import annotations

import re

from msgspec import Struct

from shadowaudit.errors import HostError
from shadowaudit.host.base import Host

#: The system's units, then the person's own (`--user`), as systemctl(1) documents them.
COMMANDS = (
    ["systemctl", "list-sockets", "--all", "--no-pager"],
    ["systemctl", "--user", "list-sockets", "--all", "--no-pager"],
)
# NOTE: a LISTEN column holding a TCP or UDP socket: "[::]:9090", "0.0.0.0:22",
# "192.168.1.5:8080" or a bare port "9090" (every address). Paths, netlink and fifos have
# other shapes and are left alone.
_PORT = re.compile(r"^(?:(?P<address>\[[0-9a-fA-F:.%\w]*\]|[0-9.]+):)?(?P<port>\d{1,5})$")


class SocketUnit(Struct, frozen=True):
    """A socket unit listening on a port: the unit, what it starts, and its address."""

    unit: str
    activates: str
    address: str
    port: int


def parse_list_sockets(stdout: str) -> list[SocketUnit]:
    """The network sockets of `systemctl list-sockets` output, read by its header's columns."""
    lines = stdout.splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith("LISTEN")), None)
    if header is None:
        return []
    columns = lines[header]
    unit_at, activates_at = columns.find("UNIT"), columns.find("ACTIVATES")
    if unit_at < 0 or activates_at < unit_at:
        return []
    found = []
    for line in lines[header + 1 :]:
        if not line.strip():
            break  # NOTE: a blank line ends the table; "N sockets listed." follows.
        listen = line[:unit_at].strip()
        unit = line[unit_at:activates_at].strip()
        activates = line[activates_at:].strip()
        match = _PORT.match(listen)
        if match is None or not unit:
            continue
        address = (match.group("address") or "").strip("[]")
        found.append(SocketUnit(unit, activates, address, int(match.group("port"))))
    return found


def socket_units(host: Host) -> list[SocketUnit]:
    """The socket units of the system and of the person; none when systemd cannot say."""
    found: list[SocketUnit] = []
    for argv in COMMANDS:
        try:
            result = host.run(argv, timeout=5)
        except HostError:
            continue
        if result.returncode == 0:
            found.extend(parse_list_sockets(result.stdout))
    return found
