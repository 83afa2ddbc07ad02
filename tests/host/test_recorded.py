"""RecordedHost replays a machine folder: files, commands (with hangs), registry, permissions."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from shadowaudit.errors import (
    CommandNotFound,
    CommandTimeout,
    Damaged,
    NotFound,
    PermissionDenied,
    RecordingError,
    TooLarge,
    Unsupported,
)
from shadowaudit.host import Platform, RecordedHost
from shadowaudit.host.base import UserIds
from shadowaudit.host.recorded import EMPTY_FOLDER_MARK, mark_empty_folders
from tests.conftest import host_folder


def _machine(
    tmp_path: Path, platform: str = "linux", home: str = "/home/ana", extra: str = ""
) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "host.yaml").write_text(
        f"platform: {platform}\nhome: '{home}'\nnow: '2026-01-02T03:04:05+00:00'\n{extra}"
    )
    return tmp_path


def test_reads_files_by_absolute_path(tmp_path: Path) -> None:
    folder = _machine(tmp_path)
    (folder / "files/etc").mkdir(parents=True)
    (folder / "files/etc/os-release").write_text("ID=debian\n")
    host = RecordedHost(folder)
    assert host.read_text(PurePosixPath("/etc/os-release")) == "ID=debian\n"
    assert host.is_file(PurePosixPath("/etc/os-release"))
    assert host.is_dir(PurePosixPath("/etc"))
    assert host.list_dir(PurePosixPath("/etc")) == ["os-release"]
    with pytest.raises(NotFound):
        host.read_bytes(PurePosixPath("/etc/shadow"))
    with pytest.raises(TooLarge):
        host.read_bytes(PurePosixPath("/etc/os-release"), limit=3)


def test_refuses_paths_that_climb_out_of_the_recording(tmp_path: Path) -> None:
    host = RecordedHost(_machine(tmp_path))
    (tmp_path / "secret").write_text("x")
    with pytest.raises(NotFound):
        host.read_bytes(PurePosixPath("/../secret"))


def test_windows_paths_map_to_drive_folders(tmp_path: Path) -> None:
    folder = _machine(tmp_path, "windows", "C:\\Users\\Ana")
    target = folder / "files/C/Users/Ana/AppData/Roaming/Mozilla/Firefox"
    target.mkdir(parents=True)
    (target / "profiles.ini").write_text("[General]\n")
    host = RecordedHost(folder)
    assert host.platform is Platform.windows
    assert isinstance(host.home, PureWindowsPath)
    path = host.home / "AppData" / "Roaming" / "Mozilla" / "Firefox" / "profiles.ini"
    assert host.read_text(path) == "[General]\n"


def test_replays_commands_and_hangs(tmp_path: Path) -> None:
    folder = _machine(tmp_path)
    (folder / "commands.yaml").write_text(
        '- argv: [systemctl, is-active, x]\n  stdout: "inactive\\n"\n  returncode: 3\n'
        "- argv: [slow]\n  hang: true\n"
    )
    host = RecordedHost(folder)
    result = host.run(["systemctl", "is-active", "x"])
    assert (result.returncode, result.stdout, result.stderr) == (3, "inactive\n", "")
    with pytest.raises(CommandTimeout):
        host.run(["slow"], timeout=1)
    with pytest.raises(CommandNotFound):
        host.run(["ufw", "status"])


def test_unreadable_paths_are_denied(tmp_path: Path) -> None:
    folder = _machine(tmp_path, extra="unreadable: [/etc/ufw/ufw.conf]\n")
    (folder / "files/etc/ufw").mkdir(parents=True)
    (folder / "files/etc/ufw/ufw.conf").write_text("ENABLED=yes\n")
    with pytest.raises(PermissionDenied):
        RecordedHost(folder).read_text(PurePosixPath("/etc/ufw/ufw.conf"))


def test_an_unreadable_folder_hides_what_is_inside(tmp_path: Path) -> None:
    folder = _machine(tmp_path, extra="unreadable: [/etc/ufw]\n")
    (folder / "files/etc/ufw").mkdir(parents=True)
    (folder / "files/etc/ufw/ufw.conf").write_text("ENABLED=yes\n")
    host = RecordedHost(folder)
    with pytest.raises(PermissionDenied):
        host.list_dir(PurePosixPath("/etc/ufw"))
    with pytest.raises(PermissionDenied):
        host.read_text(PurePosixPath("/etc/ufw/ufw.conf"))


def test_registry_only_on_windows(tmp_path: Path) -> None:
    linux = RecordedHost(_machine(tmp_path / "l"))
    with pytest.raises(Unsupported):
        linux.registry_values("HKLM\\SOFTWARE")
    folder = _machine(tmp_path / "w", "windows", "C:\\Users\\Ana")
    (folder / "registry.yaml").write_text(
        "'HKLM\\SOFTWARE\\Policies\\Mozilla\\Firefox':\n  DisableTelemetry: 1\n"
    )
    host = RecordedHost(folder)
    assert host.registry_values("HKLM\\Software\\Policies\\Mozilla\\Firefox") == {
        "DisableTelemetry": 1
    }
    with pytest.raises(NotFound):
        host.registry_values("HKCU\\Nothing")


def test_environment_and_clock(tmp_path: Path) -> None:
    host = RecordedHost(_machine(tmp_path, extra="env: {XDG_CONFIG_HOME: /home/ana/.cfg}\n"))
    assert host.env("XDG_CONFIG_HOME") == "/home/ana/.cfg"
    assert host.env("HOME") is None
    assert host.now().isoformat() == "2026-01-02T03:04:05+00:00"


def test_malformed_recording_is_a_recording_error(tmp_path: Path) -> None:
    (tmp_path / "host.yaml").write_text("platform: amiga\nhome: /\nnow: x\n")
    with pytest.raises(RecordingError):
        RecordedHost(tmp_path)
    with pytest.raises(RecordingError):
        RecordedHost(tmp_path / "nothing")


def test_processes_listeners_and_registry_subkeys(tmp_path: Path) -> None:
    folder = _machine(tmp_path / "w", "windows", "C:\\Users\\Ana")
    (folder / "processes.yaml").write_text(
        "- {name: AnyDesk.exe, exe: 'C:\\AnyDesk.exe'}\n- {name: explorer.exe}\n"
    )
    (folder / "listeners.yaml").write_text(
        "- {program: sshd.exe, address: 0.0.0.0, port: 22}\n"
        "- {program: svchost.exe, address: '::1', port: 5357}\n"
    )
    (folder / "registry.yaml").write_text(
        "'HKLM\\SOFTWARE\\Shares\\One':\n  a: 1\n'HKLM\\SOFTWARE\\Shares\\Two\\Deeper':\n  b: 2\n"
    )
    host = RecordedHost(folder)
    assert [p.name for p in host.processes()] == ["AnyDesk.exe", "explorer.exe"]
    listeners = host.listeners()
    assert [(item.program, item.port, item.loopback) for item in listeners] == [
        ("sshd.exe", 22, False),
        ("svchost.exe", 5357, True),
    ]
    assert host.registry_subkeys("HKLM\\SOFTWARE\\Shares") == ["One", "Two"]
    with pytest.raises(NotFound):
        host.registry_subkeys("HKLM\\SOFTWARE\\Nothing")
    denied = _machine(tmp_path / "m", "macos", "/Users/ana")
    (denied / "listeners.yaml").write_text("denied: true\n")
    with pytest.raises(PermissionDenied):
        RecordedHost(denied).listeners()
    assert RecordedHost(denied).processes() == []


def test_user_ids_are_recorded_numbers(tmp_path: Path) -> None:
    host = RecordedHost(_machine(tmp_path, extra="ids: {uid: 1000, gid: 100, groups: [27, 100]}\n"))
    assert host.user_ids() == UserIds(1000, 100, (27, 100))
    with pytest.raises(NotFound):
        RecordedHost(_machine(tmp_path / "none")).user_ids()
    with pytest.raises(Damaged):
        RecordedHost(_machine(tmp_path / "bad", extra="ids: {uid: x}\n")).user_ids()


def test_a_recorded_empty_folder_lists_as_empty(tmp_path: Path) -> None:
    """git keeps no empty folder: the recorders mark one, and the Host does not show the mark."""
    shutil.copytree(host_folder("linux-firefox"), tmp_path / "machine")
    empty = tmp_path / "machine/files/home/ana/.local/share/TelegramDesktop/tdata/D877F783D5D3EF8C"
    empty.mkdir(parents=True)
    assert mark_empty_folders(tmp_path / "machine/files") >= 1
    assert (empty / EMPTY_FOLDER_MARK).is_file()
    host = RecordedHost(tmp_path / "machine")
    tdata = host.home / ".local/share/TelegramDesktop/tdata"
    assert host.list_dir(tdata) == ["D877F783D5D3EF8C"]
    assert host.is_dir(tdata / "D877F783D5D3EF8C")
    assert host.list_dir(tdata / "D877F783D5D3EF8C") == []
