"""What starts by itself, read from recorded machines: Debian (real tools), Windows, macOS."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from shadowaudit.facts.base import FactMap, Missing, Reason
from shadowaudit.facts.presence.autostart.collector import AutostartCollector
from shadowaudit.host.recorded import RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]


def collect(host: RecordedHost) -> FactMap:
    """The autostart facts of a host."""
    return AutostartCollector().collect(host)


def items(facts: FactMap, fact: str = "presence.autostart") -> dict[tuple[str, str], dict]:
    """Items by (source, name)."""
    value = facts[fact]
    assert isinstance(value, list)
    return {(i["source"], i["name"]): i for i in value}  # type: ignore[index,misc]


def test_debian_the_person_and_an_admin_added_things_with_the_real_tools(
    recorded: Recorded,
) -> None:
    facts = collect(recorded("debian12-autostart"))
    found = items(facts)
    assert found["xdg_autostart", "Syncbox"] == {
        "name": "Syncbox",
        "source": "xdg_autostart",
        "scope": "user",
        "program": "~/.local/bin/syncbox",
        "enabled": True,
        "known": "unknown",
    }
    # The system's entry the person turned off (X-GNOME-Autostart-enabled=false) hides the
    # system's own copy and is off.
    off = found["xdg_autostart", "User folders update"]
    assert off["enabled"] is False and off["scope"] == "user" and off["known"] == "os"
    assert found["systemd_user", "syncbox.service"]["program"] == "~/.local/bin/syncbox"
    assert found["crontab", "syncbox"]["scope"] == "user"
    assert found["system_cron", "monitor-agent"]["program"] == "/usr/local/sbin/monitor-agent"
    assert found["system_cron", "run-parts"]["known"] == "os"
    assert found["system_cron", "e2scrub_all"]["known"] == "os"
    unknown = {i["name"] for i in facts["presence.autostart_unknown"]}  # type: ignore[index,union-attr]
    assert unknown == {"Syncbox", "syncbox", "syncbox.service", "monitor-agent"}
    preload = {i["program"] for i in facts["presence.preload"]}  # type: ignore[index,union-attr]
    assert preload == {"/usr/local/lib/libmonitor.so", "~/.local/lib/libkeys.so"}
    assert facts["presence.autostart_unchecked"] == []


def test_only_the_program_is_kept_never_its_arguments(recorded: Recorded) -> None:
    for machine in ("debian12-autostart", "windows11-24h2", "macos15-sequoia"):
        text = repr(collect(recorded(machine)))
        assert "CANARY" not in text and "s3cr3t" not in text and "--" not in text, machine


def test_a_windows_without_schtasks_is_could_not_check_for_tasks_only(
    recorded: Recorded,
) -> None:
    facts = collect(recorded("windows11-browsers"))
    assert facts["presence.autostart_unchecked"] == ["scheduled_task"]
    assert getattr(facts["presence.autostart_unknown"], "reason", None) is Reason.not_installed


def test_windows_run_keys_startup_folder_services_and_tasks(recorded: Recorded) -> None:
    facts = collect(recorded("windows11-24h2"))
    found = items(facts)
    assert found["run_key", "Spotify"]["enabled"] is False  # 03 in StartupApproved
    assert found["run_key", "Spotify"]["known"] == "app"
    assert found["run_key", "OneDrive"]["enabled"] is True
    assert (
        found["run_key", "SecurityHealth"]["program"]
        == r"C:\Windows\system32\SecurityHealthSystray.exe"
    )
    assert found["run_key", "SecurityHealth"]["known"] == "os"
    # rundll32 runs the DLL it is given: the DLL is judged, not Windows' own rundll32.
    assert found["run_key", "WinUpdateHelper"]["program"] == r"~\AppData\Local\Temp\wuhelper.dll"
    assert found["run_key", "WinUpdateHelper"]["known"] == "unknown"
    shortcut = found["startup_folder", "Syncbox"]
    assert shortcut["program"] == r"~\AppData\Roaming\Syncbox\syncbox.exe"
    assert found["service", "Monitoring Service"]["known"] == "unknown"
    assert found["service", "disk"]["program"] == r"C:\Windows\System32\drivers\disk.sys"
    assert ("service", "Fax") not in found  # started on demand only
    assert found["scheduled_task", r"\SyncboxUpdate"]["scope"] == "user"
    assert found["scheduled_task", r"\Microsoft\Windows\Maps\MapsUpdateTask"]["enabled"] is False
    assert (
        found["scheduled_task", r"\Microsoft\Windows\WindowsUpdate\Scheduled Start"]["known"]
        == "os"
    )
    assert facts["presence.autostart_unchecked"] == []
    assert isinstance(facts["presence.preload"], Missing)


def test_macos_launchd_jobs_extensions_and_login_items(recorded: Recorded) -> None:
    facts = collect(recorded("macos15-sequoia"))
    found = items(facts)
    assert found["launch_agent", "com.syncbox.helper"]["known"] == "unknown"
    assert found["launch_agent", "com.spotify.webhelper"]["enabled"] is False
    assert found["launch_agent", "com.google.keystone.user.agent"]["known"] == "app"
    # An Apple name outside Apple's folders is a costume.
    assert found["launch_daemon", "com.apple.sysmond"]["known"] == "unknown"
    assert found["system_extension", "com.objective-see.lulu.extension"]["known"] == "app"
    assert facts["presence.autostart_unchecked"] == ["login_item"]


def test_a_mac_with_nothing_unknown_still_cannot_pass_without_login_items(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "mac"
    shutil.copytree(host_folder("macos15-sequoia"), folder)
    for name in ("com.syncbox.helper.plist",):
        (folder / "files/Users/noor/Library/LaunchAgents" / name).unlink()
    (folder / "files/Library/LaunchDaemons/com.apple.sysmond.plist").unlink()
    facts = collect(RecordedHost(folder))
    assert getattr(facts["presence.autostart_unknown"], "reason", None) is Reason.permission_denied


def test_damaged_or_huge_start_files_are_could_not_check_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "debian"
    shutil.copytree(host_folder("debian12-autostart"), folder)
    home = folder / "files/home/ana/.config"
    (home / "autostart/huge.desktop").write_bytes(b"[Desktop Entry]\nExec=x\n" + b"#" * 400_000)
    (home / "autostart/garbage.desktop").write_bytes(bytes(range(256)) * 10)
    crowd = home / "systemd/user/default.target.wants"
    for number in range(600):
        (crowd / f"unit{number}.service").write_text("")
    meta = folder / "host.yaml"
    meta.write_text(meta.read_text() + "unreadable: [/etc/cron.d]\n")
    facts = collect(RecordedHost(folder))
    assert {"xdg_autostart", "systemd_user", "system_cron"} <= set(
        facts["presence.autostart_unchecked"]  # type: ignore[arg-type]
    )
    assert ("xdg_autostart", "Syncbox") in items(facts)  # the other entries are still read

    mac = tmp_path / "mac"
    shutil.copytree(host_folder("macos15-sequoia"), mac)
    agents = mac / "files/Users/noor/Library/LaunchAgents"
    (agents / "broken.plist").write_bytes(b"<?xml version='1.0'?><plist><dict><key>Label")
    (agents / "deep.plist").write_bytes(b"bplist00" + b"\xff" * 64)
    facts = collect(RecordedHost(mac))
    assert {"launch_agent", "login_item"} <= set(facts["presence.autostart_unchecked"])  # type: ignore[arg-type]
    assert ("launch_agent", "com.syncbox.helper") in items(facts)


def test_damaged_shortcut_and_schtasks_output_are_could_not_check(tmp_path: Path) -> None:
    folder = tmp_path / "windows"
    shutil.copytree(host_folder("windows11-24h2"), folder)
    startup = (
        folder / "files/C/Users/Ana/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
    )
    real = (startup / "Syncbox.lnk").read_bytes()
    (startup / "Cut.lnk").write_bytes(real[:100])
    commands = folder / "commands.yaml"
    text = commands.read_text()
    start = text.index('- argv: ["schtasks"')
    commands.write_text(
        text[:start]
        + '- argv: ["schtasks", "/query", "/fo", "CSV", "/v"]\n  stdout: "\\u0000garbage\\u0000"\n'
    )
    facts = collect(RecordedHost(folder))
    assert set(facts["presence.autostart_unchecked"]) == {"startup_folder", "scheduled_task"}  # type: ignore[arg-type]
    assert ("startup_folder", "Syncbox") in items(facts)
    assert ("run_key", "Syncbox") in items(facts)
