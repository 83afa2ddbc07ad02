"""Promise 2, children included: a real scan of this machine, run as a person runs it and watched
by strace, makes no network connection and asks no name service (nscd, SSSD, userdb, ...)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: Local sockets whose answers come from a name service that may ask a directory or DNS.
NAME_SERVICE_SOCKETS = (
    "/var/run/nscd/",
    "/run/nscd/",
    "/var/lib/sss/pipes/",
    "/run/sssd/",
    "/run/systemd/userdb/",
    "/run/nslcd/",
    "/var/run/nslcd/",
    "/run/samba/winbindd/",
    "/var/run/samba/winbindd/",
    "/run/systemd/resolve/",
    "/var/run/avahi-daemon/",
    "/run/avahi-daemon/",
)
_CALL = re.compile(r"^(?:\d+\s+)?(connect|sendto|sendmsg)\((.*)$")
_FAMILY = re.compile(r"sa_family=(AF_[A-Z0-9]+)")
_PATH = re.compile(r'sun_path=@?"([^"]*)"')


def reaching_out(trace: str) -> list[str]:
    """The lines of an strace log that use the network or a name service: a connection or a
    datagram to anything but a local socket, or to a name service's local socket. D-Bus and
    systemd's own sockets are local services and allowed (systemctl asks systemd there)."""
    found = []
    for line in trace.splitlines():
        call = _CALL.match(line)
        if call is None:
            continue
        family = _FAMILY.search(call.group(2))
        if family is None:
            continue  # sendto/sendmsg on a connected socket: its connect() was judged
        if family.group(1) != "AF_UNIX":
            found.append(line)
            continue
        path = _PATH.search(call.group(2))
        if path and path.group(1).startswith(NAME_SERVICE_SOCKETS):
            found.append(line)
    return found


def _strace() -> str:
    """The strace program; the test fails (never skips) without it: .ci/run installs it."""
    program = shutil.which("strace")
    assert program, "strace is needed: apt-get install -y strace (.ci/run installs it)"
    return program


def _traced(
    argv: list[str], log: Path, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """Run argv and every child under strace, watching connect, sendto, sendmsg and execve."""
    done = subprocess.run(
        [_strace(), "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,execve", "-o", str(log)]
        + argv,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    return done, log.read_text(errors="replace")


def started(trace: str) -> set[str]:
    """The names of the programs an strace log shows starting."""
    return {Path(m).name for m in re.findall(r'execve\("([^"]+)"', trace)}


def test_the_detector_sees_lookups_and_connections() -> None:
    assert reaching_out(
        '412 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT\n'
        'connect(4, {sa_family=AF_UNIX, sun_path="/var/lib/sss/pipes/nss"}, 110) = 0\n'
        'connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, 16)\n'
        'sendto(6, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53)}, 28) = 1\n'
        'connect(7, {sa_family=AF_UNIX, sun_path="/run/dbus/system_bus_socket"}, 110) = 0\n'
        "sendmsg(7, {msg_name=NULL, msg_iov=[]}, MSG_NOSIGNAL) = 52\n"
    ) == [
        '412 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        'connect(4, {sa_family=AF_UNIX, sun_path="/var/lib/sss/pipes/nss"}, 110) = 0',
        'connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, 16)',
        'sendto(6, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53)}, 28) = 1',
    ]


def test_strace_catches_a_real_connection(tmp_path: Path) -> None:
    """The watch works on this machine: a child that connects to loopback is seen."""
    script = (
        "import socket, subprocess, sys\n"
        "subprocess.run([sys.executable, '-c', 'import socket; s = socket.socket(); "
        's.settimeout(0.2); s.connect_ex(("127.0.0.1", 9))\'])\n'
    )
    _, trace = _traced([sys.executable, "-c", script], tmp_path / "trace")
    assert any("AF_INET" in line for line in reaching_out(trace)), trace


@pytest.mark.parametrize(
    "command",
    [
        ["scan", "--no-questions", "--format", "json"],
        ["facts"],
        ["explain", "system.admin_daily_use"],
    ],
)
def test_a_real_scan_reaches_nothing(tmp_path: Path, command: list[str]) -> None:
    """The installed program, as a person starts it, on this real machine (LocalHost), as on
    a GNOME desktop so that the screen-lock programs run too."""
    program = Path(sys.executable).with_name("shadowaudit")
    assert program.is_file(), program
    done, trace = _traced(
        [str(program), *command], tmp_path / "trace", {"XDG_CURRENT_DESKTOP": "GNOME"}
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")[-2000:]
    assert reaching_out(trace) == []
    if command[0] == "scan":
        # The children were watched: those a scan surely starts here, when installed.
        sure = {"gsettings", *(["apt-config"] if Path("/etc/apt").is_dir() else [])}
        installed = {name for name in sure if shutil.which(name)}
        assert installed <= started(trace), (installed, started(trace))
