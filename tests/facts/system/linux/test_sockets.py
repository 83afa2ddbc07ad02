"""Socket-activated services are judged by their unit (recorded Debian 12 with cockpit-ws)."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from shadowaudit.facts.system.linux.sockets import SocketUnit, parse_list_sockets
from shadowaudit.facts.system.network import EXPOSED, NetworkCollector, exposed
from shadowaudit.host import Listener, Platform, RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]
COCKPIT = SocketUnit("cockpit.socket", "cockpit.service", "::", 9090)


def _recorded_list_sockets() -> str:
    """What `systemctl list-sockets --all --no-pager` printed on the recorded machine."""
    commands = yaml.safe_load(
        (host_folder("debian12-cockpit-socket") / "commands.yaml").read_text()
    )
    return next(c["stdout"] for c in commands if c["argv"][1:2] == ["list-sockets"])


def test_the_recorded_table_gives_the_network_sockets_only() -> None:
    # NOTE: 12 sockets listed: paths, netlink ("audit 1", "route 1361") and one TCP port.
    assert parse_list_sockets(_recorded_list_sockets()) == [COCKPIT]


def test_other_shapes_of_listen_are_read() -> None:
    table = (
        "LISTEN           UNIT              ACTIVATES\n"
        "0.0.0.0:22       ssh.socket        ssh.service\n"
        "192.168.1.5:8080 web.socket        web@.service\n"
        "5000             mine.socket       mine.service\n"
        "\n3 sockets listed.\n"
    )
    assert parse_list_sockets(table) == [
        SocketUnit("ssh.socket", "ssh.service", "0.0.0.0", 22),
        SocketUnit("web.socket", "web@.service", "192.168.1.5", 8080),
        SocketUnit("mine.socket", "mine.service", "", 5000),
    ]
    assert parse_list_sockets("") == []
    assert parse_list_sockets("0 sockets listed.\n") == []


def test_cockpit_is_named_by_its_unit_on_the_recorded_machine(recorded: Recorded) -> None:
    facts = NetworkCollector().collect(recorded("debian12-cockpit-socket"))
    assert facts[EXPOSED] == [{"program": "cockpit.socket", "port": 9090}]


def test_a_socket_systemd_holds_is_no_longer_hidden_by_its_name() -> None:
    # NOTE: read as root (or for the person's own `systemd --user`), the socket's program is
    # "systemd", the name that used to be on the system's own list and hid the whole family.
    held = [Listener("systemd", "::", 9090), Listener("systemd", "0.0.0.0", 5000)]
    mine = SocketUnit("mine.socket", "mine.service", "", 5000)
    assert exposed(held, Platform.linux, [COCKPIT, mine]) == [
        {"program": "cockpit.socket", "port": 9090},
        {"program": "mine.socket", "port": 5000},
    ]
    # Without systemd's answer the socket is still shown, under the name read.
    assert exposed(held[:1], Platform.linux, []) == [{"program": "systemd", "port": 9090}]


def test_a_unit_on_another_address_is_not_taken() -> None:
    other = SocketUnit("web.socket", "web.service", "10.0.0.2", 9090)
    assert exposed([Listener("unknown program", "10.0.0.1", 9090)], Platform.linux, [other]) == [
        {"program": "unknown program", "port": 9090}
    ]
