"""Promise 2: the program opens no network connection, ever, and asks no DNS question."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from tests.conftest import host_folder
from tests.facts.presence.conftest import published

runner = CliRunner()


class NetworkUsed(AssertionError):
    """Raised by the guard when code tries to use the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any socket creation or DNS lookup fails the test (and is remembered)."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise NetworkUsed(f"shadowaudit tried to use the network: {name}")

        return blocked

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse("socket.socket")()

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "getnameinfo",
        "socketpair",
        "fromfd",
    ):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    return attempts


def every_command(home: Path, tmp: Path) -> list[list[str]]:
    recorded = str(host_folder("windows11-24h2"))
    share = tmp / "share.json"
    return [
        ["--version"],
        ["--help"],
        ["scan", "--home", str(home), "--format", "html", "--no-questions"],
        [
            "scan",
            "--home",
            str(home),
            "--no-questions",
            "--iocs",
            str(published("amnesty-investigations/2021-07-18_nso_pegasus.stix2")),
            "--iocs",
            str(published("stalkerware-indicators/ioc.yaml")),
        ],
        ["scan", "--recorded", recorded, "--format", "md", "--no-questions", "--share", str(share)],
        ["scan", "--recorded", recorded, "--questions"],
        ["facts", "--home", str(home)],
        ["facts", "--catalogue"],
        ["explain", "system.firewall", "--home", str(home)],
        ["rules", "list"],
        ["rules", "show", "system.firewall"],
        ["rules", "validate"],
        ["rules", "test"],
        ["questions", "--save", str(tmp / "answers.yaml")],
        ["workshop", "summarize", str(share), "-f", "html"],
        ["handout", "--checklist", "basics"],
        ["demo", "--machine", "linux-laptop"],
    ]


def test_every_command_runs_without_the_network(
    no_network: list[str], browser_home: Path, tmp_path: Path
) -> None:
    for command in every_command(browser_home, tmp_path):
        result = runner.invoke(app, command, input="q\n")
        assert not isinstance(result.exception, NetworkUsed), command
        assert result.exit_code in (0, 1), (command, result.stderr)
    assert no_network == []


def test_the_guard_catches_network_use(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkUsed):
        socket.socket()
    assert no_network == ["socket.create_connection", "socket.socket"]


def test_same_result_in_a_namespace_without_network(tmp_path: Path) -> None:
    """Run the CLI where no network exists at all (a new network namespace, no interfaces)."""
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed for this test"
    command = [
        sys.executable,
        "-m",
        "shadowaudit",
        "scan",
        "--recorded",
        str(host_folder("ubuntu2404-plain")),
        "--format",
        "json",
        "--no-questions",
    ]
    normal = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    isolated = subprocess.run(
        [unshare, "--net", *command], capture_output=True, text=True, timeout=120, check=False
    )
    assert "Operation not permitted" not in isolated.stderr, (
        "this test needs to create a network namespace (root or user namespaces)"
    )
    assert isolated.returncode == normal.returncode, isolated.stderr
    assert json.loads(isolated.stdout) == json.loads(normal.stdout)
