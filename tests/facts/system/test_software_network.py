"""Remote-control and monitoring programs, and programs open to the network."""

from __future__ import annotations

from pathlib import Path

from shadowaudit.facts.base import Reason
from shadowaudit.facts.system.network import EXPOSED, NetworkCollector, exposed
from shadowaudit.facts.system.software import MONITORING, REMOTE_TOOLS, SoftwareCollector
from shadowaudit.host import Listener, Platform, RecordedHost


def machine(
    tmp_path: Path,
    platform: str,
    home: str,
    processes: str,
    listeners: str,
    paths: tuple[str, ...] = (),
) -> RecordedHost:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "host.yaml").write_text(
        f"platform: {platform}\nhome: '{home}'\nnow: '2026-11-21T10:00:00+00:00'\n"
    )
    (tmp_path / "processes.yaml").write_text(processes)
    (tmp_path / "listeners.yaml").write_text(listeners)
    for path in paths:
        (tmp_path / "files" / path.lstrip("/").replace(":", "")).mkdir(parents=True)
    return RecordedHost(tmp_path)


def test_remote_tools_running_or_installed(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        "windows",
        "C:\\Users\\Ana",
        "- {name: AnyDesk.exe}\n- {name: explorer.exe}\n- {name: meshagent64.exe}\n",
        "[]",
        ("C:/Program Files/TeamViewer",),
    )
    facts = SoftwareCollector().collect(host)
    assert facts[REMOTE_TOOLS] == [
        {"name": "TeamViewer", "running": False, "installed": True, "confirmed": True},
        {"name": "AnyDesk", "running": True, "installed": False, "confirmed": True},
        {"name": "MeshCentral agent", "running": True, "installed": False, "confirmed": True},
    ]
    assert facts[MONITORING] == []


def test_monitoring_on_macos_by_path(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        "macos",
        "/Users/ana",
        "- {name: skm.exe}\n",
        "denied: true\n",
        ("/Applications/Teramind Agent.app",),
    )
    found = SoftwareCollector().collect(host)[MONITORING]
    assert [(p["name"], p["confirmed"]) for p in found] == [  # type: ignore[index,union-attr]
        ("Teramind", True),
        ("Spyrix", False),
    ]
    exposed_fact = NetworkCollector().collect(host)[EXPOSED]
    assert exposed_fact.reason is Reason.permission_denied  # type: ignore[union-attr]


def test_exposed_services_leave_out_loopback_udp_and_the_system() -> None:
    listeners = [
        Listener("sshd", "0.0.0.0", 22),
        Listener("sshd", "::", 22),
        Listener("x11vnc", "0.0.0.0", 5900),
        Listener("cupsd", "0.0.0.0", 631),
        Listener("postgres", "127.0.0.1", 5432),
        Listener("avahi-daemon", "0.0.0.0", 5353, "udp"),
        Listener("unknown program", "192.168.1.20", 8080),
    ]
    assert exposed(listeners, Platform.linux) == [
        {"program": "sshd", "port": 22},
        {"program": "unknown program", "port": 8080},
        {"program": "x11vnc", "port": 5900},
    ]


def test_names_are_looked_up_and_patterns_matched_as_fnmatch_does() -> None:
    # Every shipped program, against names that hit each pattern (a wildcard one filled in)
    # and names that only look alike: the same answer as matching every pattern with fnmatch.
    import fnmatch

    from shadowaudit.facts.datalists import monitoring_software, remote_tools
    from shadowaudit.facts.system.software import _running

    programs = [*remote_tools().tools, *monitoring_software().programs]
    patterns = [p.lower() for program in programs for p in program.processes]
    assert any(set("*?[") & set(p) for p in patterns), "the lists hold no wildcard to test"
    names = {p.replace("*", "x").replace("?", "y") for p in patterns if "[" not in p}
    names |= {n.upper() for n in names} | {n + ".bak" for n in names} | {"explorer.exe", ""}
    for name in sorted(names):
        lowered = frozenset({name.lower()})
        for program in programs:
            expected = any(
                fnmatch.fnmatchcase(n, p.lower()) for p in program.processes for n in lowered
            )
            assert _running(program, lowered) is expected, (program.name, name)
    assert sum(
        _running(program, frozenset({n.lower()})) for program in programs for n in names
    ) >= len(programs)
