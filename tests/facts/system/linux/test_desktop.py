"""Linux desktop facts: screen lock, auto-login and guest, on recorded machines and real formats."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from shadowaudit.facts.base import Missing, Reason, fact_to_json
from shadowaudit.facts.system.linux.desktop import (
    AUTO_LOGIN,
    GUEST_ACCOUNT,
    SCREEN_LOCK,
    LinuxDesktopCollector,
)
from shadowaudit.facts.system.linux.ini import parse_ini
from shadowaudit.facts.system.linux.login import (
    display_manager_from_unit,
    gdm_auto_login,
    lightdm_auto_login,
    lightdm_seat,
    sddm_auto_login,
)
from shadowaudit.facts.system.linux.screen_lock import (
    desktop_from_env,
    desktop_from_processes,
    judge_kde,
    kscreenlocker_settings,
    parse_gsettings_bool,
    parse_gsettings_uint,
    read_screen_lock,
    with_lock_after,
)
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]

#: os-facts.md F-L6, byte-exact.
F_L6 = "[Daemon]\nAutolock=false\nTimeout=10\n"
NO_SCHEMA = "No such schema \u201corg.gnome.desktop.screensaver\u201d\n"


def variant(
    tmp_path: Path,
    machine: str,
    *,
    files: dict[str, str | bytes | None] | None = None,
    commands: list[dict[str, Any]] | None = None,
    host: dict[str, Any] | None = None,
    processes: list[dict[str, str]] | None = None,
    listeners: list[dict[str, Any]] | None = None,
) -> RecordedHost:
    """A copy of a recorded machine with some of its parts changed (the original is untouched).

    `files` maps absolute paths to new contents (None removes the file); `commands` replace
    the recordings with the same argv or add new ones; `host` is merged into host.yaml.
    """
    folder = tmp_path / machine
    shutil.copytree(host_folder(machine), folder)
    for path, content in (files or {}).items():
        target = folder / "files" / path.lstrip("/")
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if commands:
        recorded = yaml.safe_load((folder / "commands.yaml").read_text()) or []
        wanted = {tuple(c["argv"]) for c in commands}
        kept = [c for c in recorded if tuple(c["argv"]) not in wanted]
        (folder / "commands.yaml").write_text(yaml.safe_dump(kept + commands))
    if host:
        meta = yaml.safe_load((folder / "host.yaml").read_text())
        meta["env"] = {**meta.get("env", {}), **host.pop("env", {})}
        meta.update(host)
        (folder / "host.yaml").write_text(yaml.safe_dump(meta))
    for name, entries in (("processes.yaml", processes), ("listeners.yaml", listeners)):
        if entries is not None:
            (folder / name).write_text(yaml.safe_dump(entries))
    return RecordedHost(folder)


def run(argv: list[str], stdout: str = "", returncode: int = 0, stderr: str = "") -> dict[str, Any]:
    """One commands.yaml entry."""
    return {"argv": argv, "stdout": stdout, "stderr": stderr, "returncode": returncode}


@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        (
            "ubuntu2404-plain",
            {
                SCREEN_LOCK: {
                    "desktop": "gnome",
                    "lock_enabled": True,
                    "idle_seconds": 0,
                    "lock_delay_seconds": 0,
                },
                AUTO_LOGIN: {"enabled": False, "display_manager": "gdm"},
                GUEST_ACCOUNT: False,
            },
        ),
        (
            "fedora41-btrfs-luks",
            {
                SCREEN_LOCK: {
                    "desktop": "kde",
                    "lock_enabled": True,
                    "idle_seconds": 300,
                    "lock_on_resume": True,
                    "lock_delay_seconds": 5,
                    "lock_after_seconds": 305,
                },
                AUTO_LOGIN: {"enabled": False, "display_manager": "sddm"},
                GUEST_ACCOUNT: False,
            },
        ),
        (
            "debian12-luks-lvm",
            {
                SCREEN_LOCK: {
                    "desktop": "gnome",
                    "lock_enabled": True,
                    "idle_seconds": 300,
                    "lock_delay_seconds": 0,
                    "lock_after_seconds": 300,
                },
                AUTO_LOGIN: {"enabled": False, "display_manager": "gdm"},
                GUEST_ACCOUNT: False,
            },
        ),
    ],
)
def test_recorded_machines(recorded: Recorded, machine: str, expected: dict[str, Any]) -> None:
    assert LinuxDesktopCollector().collect(recorded(machine)) == expected


def test_container_has_no_desktop(recorded: Recorded) -> None:
    facts = LinuxDesktopCollector().collect(recorded("linux-container"))
    assert facts[SCREEN_LOCK] == Missing(Reason.unsupported, "no graphical desktop found")
    assert facts[AUTO_LOGIN] == {"enabled": False, "display_manager": "none"}
    assert facts[GUEST_ACCOUNT] is False


def test_declares_exactly_the_contract() -> None:
    assert LinuxDesktopCollector.fact_names() == {SCREEN_LOCK, AUTO_LOGIN, GUEST_ACCOUNT}


# --- which desktop ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "desktop"),
    [
        ("ubuntu:GNOME", "gnome"),
        ("GNOME", "gnome"),
        ("GNOME-Classic:GNOME", "gnome"),
        ("pop:GNOME", "gnome"),
        ("KDE", "kde"),
        ("X-Cinnamon", "other"),
        ("XFCE", "other"),
        ("", None),
        (None, None),
    ],
)
def test_desktop_from_env(value: str | None, desktop: str | None) -> None:
    assert desktop_from_env(value) == desktop


def test_desktop_from_processes_prefers_plasma_over_a_greeter_shell() -> None:
    assert desktop_from_processes({"gnome-shell", "plasmashell"}) == "kde"
    assert desktop_from_processes({"systemd", "gnome-shell"}) == "gnome"
    assert desktop_from_processes({"xfce4-session"}) == "other"
    assert desktop_from_processes({"bash"}) is None


def test_environment_wins_over_processes(tmp_path: Path) -> None:
    host = variant(tmp_path, "fedora41-btrfs-luks", host={"env": {"XDG_CURRENT_DESKTOP": "XFCE"}})
    assert LinuxDesktopCollector().collect(host)[SCREEN_LOCK] == {"desktop": "other"}


def test_gnome_schema_answering_counts_only_without_a_process_list(tmp_path: Path) -> None:
    host = variant(tmp_path, "ubuntu2404-plain", processes=[])
    assert LinuxDesktopCollector().collect(host)[SCREEN_LOCK]["desktop"] == "gnome"  # type: ignore[index]


# --- GNOME -----------------------------------------------------------------------------------


def test_gsettings_values() -> None:
    assert parse_gsettings_uint("uint32 300\n") == 300
    assert parse_gsettings_uint("uint32 0\n") == 0
    assert parse_gsettings_uint("600\n") == 600
    assert parse_gsettings_uint("'300'\n") is None
    assert parse_gsettings_uint("uint32 -1\n") is None
    assert parse_gsettings_bool("true\n") is True
    assert parse_gsettings_bool("false\n") is False
    assert parse_gsettings_bool("True\n") is None


def test_lockdown_switch_turns_the_lock_off(tmp_path: Path) -> None:
    lockdown = ["gsettings", "get", "org.gnome.desktop.lockdown", "disable-lock-screen"]
    host = variant(tmp_path, "debian12-luks-lvm", commands=[run(lockdown, "true\n")])
    assert LinuxDesktopCollector().collect(host)[SCREEN_LOCK]["lock_enabled"] is False  # type: ignore[index]


def test_missing_gnome_schema_makes_each_setting_missing(tmp_path: Path) -> None:
    schema = "org.gnome.desktop.screensaver"
    host = variant(
        tmp_path,
        "debian12-luks-lvm",
        commands=[
            run(["gsettings", "get", schema, "lock-enabled"], returncode=1, stderr=NO_SCHEMA),
            run(["gsettings", "get", schema, "lock-delay"], returncode=1, stderr=NO_SCHEMA),
            run(["gsettings", "get", "org.gnome.desktop.session", "idle-delay"], "uint32 x\n"),
        ],
    )
    lock = LinuxDesktopCollector().collect(host)[SCREEN_LOCK]
    assert isinstance(lock, dict)
    assert lock["desktop"] == "gnome"
    assert lock["lock_enabled"].reason is Reason.not_installed  # type: ignore[union-attr]
    assert lock["lock_delay_seconds"].reason is Reason.not_installed  # type: ignore[union-attr]
    assert lock["idle_seconds"].reason is Reason.parse_error  # type: ignore[union-attr]


def test_gsettings_that_hangs_is_a_timeout(tmp_path: Path) -> None:
    argv = ["gsettings", "get", "org.gnome.desktop.session", "idle-delay"]
    host = variant(tmp_path, "ubuntu2404-plain", commands=[{"argv": argv, "hang": True}])
    lock = LinuxDesktopCollector().collect(host)[SCREEN_LOCK]
    assert lock["idle_seconds"].reason is Reason.timeout  # type: ignore[index,union-attr]


# --- KDE -------------------------------------------------------------------------------------


def test_kde_sample_file() -> None:
    assert judge_kde(kscreenlocker_settings([F_L6])) == {
        "desktop": "kde",
        "lock_enabled": False,
        "idle_seconds": 600,
        "lock_on_resume": True,
        "lock_delay_seconds": 5,
    }


def test_kde_defaults_when_nothing_is_written() -> None:
    facts = judge_kde(kscreenlocker_settings([]))
    assert facts["lock_enabled"] is True
    assert facts["idle_seconds"] == 300


def test_kde_person_file_is_read_from_the_home(tmp_path: Path) -> None:
    host = variant(
        tmp_path, "fedora41-btrfs-luks", files={"/home/jarek/.config/kscreenlockerrc": F_L6}
    )
    lock = LinuxDesktopCollector().collect(host)[SCREEN_LOCK]
    assert lock["lock_enabled"] is False  # type: ignore[index]
    assert lock["idle_seconds"] == 600  # type: ignore[index]


def test_kde_system_lock_wins_over_the_person() -> None:
    system = "[Daemon]\nAutolock[$i]=true\nTimeout=3\n"
    person = "[Daemon]\nAutolock=false\nTimeout=30\n"
    settings = kscreenlocker_settings([system, person])
    assert settings == {"Autolock": "true", "Timeout": "30"}
    assert kscreenlocker_settings(["[Daemon][$i]\nTimeout=2\n", person])["Timeout"] == "2"
    assert kscreenlocker_settings(["[$i]\n[Daemon]\nTimeout=2\n", person])["Timeout"] == "2"


def test_kde_ignores_other_groups_and_translations() -> None:
    text = "[$Version]\nupdate_info=kscreenlocker.upd:0.1-autolock\n\n[Greeter]\nTimeout=99\n"
    text += "[Daemon]\nTimeout[de]=1\nLockOnResume=Off\n"
    assert kscreenlocker_settings([text]) == {"LockOnResume": "Off"}
    assert judge_kde({"LockOnResume": "Off"})["lock_on_resume"] is False


def test_kde_lock_without_password_is_no_lock() -> None:
    assert judge_kde({"RequirePassword": "false"})["lock_enabled"] is False


def test_kde_odd_values_are_parse_errors() -> None:
    facts = judge_kde({"Autolock": "maybe", "Timeout": "soon"})
    assert facts["lock_enabled"].reason is Reason.parse_error  # type: ignore[union-attr]
    assert facts["idle_seconds"].reason is Reason.parse_error  # type: ignore[union-attr]
    assert judge_kde({"Timeout": "0.5"})["idle_seconds"] == 30


def test_kde_unreadable_file(tmp_path: Path) -> None:
    path = "/home/jarek/.config/kscreenlockerrc"
    host = variant(tmp_path, "fedora41-btrfs-luks", files={path: F_L6}, host={"unreadable": [path]})
    lock = LinuxDesktopCollector().collect(host)[SCREEN_LOCK]
    assert lock["idle_seconds"].reason is Reason.permission_denied  # type: ignore[index,union-attr]


# --- auto-login and guest --------------------------------------------------------------------


def test_gdm_auto_login_variants() -> None:
    def gdm(text: str) -> bool:
        return gdm_auto_login([parse_ini(text)])

    assert gdm("[daemon]\nAutomaticLoginEnable=True\nAutomaticLogin=someone\n")
    assert gdm("[daemon]\nAutomaticLoginEnable = true\nAutomaticLogin = someone\n")
    assert gdm("[daemon]\nTimedLoginEnable=1\nTimedLogin=someone\nTimedLoginDelay=10\n")
    assert not gdm("[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=\n")
    assert not gdm("[daemon]\nAutomaticLoginEnable=yes\nAutomaticLogin=someone\n")
    assert not gdm("[daemon]\n#  AutomaticLoginEnable = true\n#  AutomaticLogin = user1\n")
    assert not gdm("[security]\nAutomaticLoginEnable=true\nAutomaticLogin=someone\n")


def test_gdm_auto_login_never_keeps_the_name(tmp_path: Path) -> None:
    conf = "[daemon]\nAutomaticLoginEnable=True\nAutomaticLogin=reporter-secret-name\n"
    host = variant(tmp_path, "ubuntu2404-plain", files={"/etc/gdm3/custom.conf": conf})
    facts = LinuxDesktopCollector().collect(host)
    assert facts[AUTO_LOGIN] == {"enabled": True, "display_manager": "gdm"}
    assert "reporter-secret-name" not in json.dumps(fact_to_json(facts))


def test_gdm_unreadable_config(tmp_path: Path) -> None:
    host = variant(tmp_path, "debian12-luks-lvm", host={"unreadable": ["/etc/gdm3/daemon.conf"]})
    auto_login = LinuxDesktopCollector().collect(host)[AUTO_LOGIN]
    assert auto_login["enabled"].reason is Reason.permission_denied  # type: ignore[index,union-attr]
    assert auto_login["display_manager"] == "gdm"  # type: ignore[index]


def test_lightdm_seat_merging() -> None:
    layers = [
        parse_ini("[SeatDefaults]\nautologin-user=someone\nallow-guest=false\n"),
        parse_ini("[Seat:*]\nautologin-user=\n"),
    ]
    seat = lightdm_seat(layers)
    assert seat == {"autologin-user": "", "allow-guest": "false"}
    assert not lightdm_auto_login(seat)
    assert lightdm_auto_login(lightdm_seat([parse_ini("[Seat:*]\nautologin-user=someone\n")]))
    assert lightdm_auto_login({"autologin-guest": "true"})
    assert not lightdm_auto_login({"autologin-guest": "True"})  # GKeyFile is case-sensitive


LIGHTDM = [{"name": "lightdm"}, {"name": "xfce4-session"}]


@pytest.mark.parametrize(
    ("files", "auto_login", "guest"),
    [
        ({"/etc/lightdm/lightdm.conf": "[Seat:*]\n#autologin-user=\n"}, False, False),
        (
            {
                "/etc/lightdm/lightdm.conf": "[Seat:*]\nautologin-user=someone\n",
                "/usr/sbin/guest-account": "",
            },
            True,
            True,
        ),
        (
            {
                "/usr/share/lightdm/lightdm.conf.d/50-guest.conf": "[Seat:*]\nallow-guest=false\n",
                "/usr/sbin/guest-account": "",
            },
            False,
            False,
        ),
        (
            {
                "/usr/share/lightdm/lightdm.conf.d/50-guest.conf": "[Seat:*]\nallow-guest=false\n",
                "/etc/lightdm/lightdm.conf.d/90-guest.conf": "[SeatDefaults]\nallow-guest=true\n",
                "/usr/sbin/guest-account": "",
            },
            False,
            True,
        ),
    ],
)
def test_lightdm_machines(
    tmp_path: Path, files: dict[str, str | bytes | None], auto_login: bool, guest: bool
) -> None:
    host = variant(tmp_path, "linux-container", files=files, processes=LIGHTDM)
    facts = LinuxDesktopCollector().collect(host)
    assert facts[AUTO_LOGIN] == {"enabled": auto_login, "display_manager": "lightdm"}
    assert facts[GUEST_ACCOUNT] is guest


def test_sddm_drop_in_and_main_file_order(tmp_path: Path) -> None:
    autologin = "[Autologin]\nUser=jarek\nSession=plasma\n"
    host = variant(
        tmp_path, "fedora41-btrfs-luks", files={"/etc/sddm.conf.d/zz-autologin.conf": autologin}
    )
    assert LinuxDesktopCollector().collect(host)[AUTO_LOGIN]["enabled"] is True  # type: ignore[index]
    assert sddm_auto_login(parse_ini("[Autologin]\nUser=\n")) is False


@pytest.mark.parametrize(
    ("files", "manager"),
    [
        ({"/etc/X11/default-display-manager": "/usr/sbin/gdm3\n"}, "gdm"),
        (
            {
                "/etc/systemd/system/display-manager.service": "[Unit]\nDescription=Simple Desktop "
                "Display Manager\n\n[Service]\nExecStart=/usr/bin/sddm\nRestart=always\n"
            },
            "sddm",
        ),
    ],
)
def test_display_manager_when_none_runs(
    tmp_path: Path, files: dict[str, str | bytes | None], manager: str
) -> None:
    host = variant(tmp_path, "linux-container", files=files)
    assert LinuxDesktopCollector().collect(host)[AUTO_LOGIN] == {
        "enabled": False,
        "display_manager": manager,
    }


def test_unknown_display_manager_is_not_guessed(tmp_path: Path) -> None:
    host = variant(tmp_path, "linux-container", processes=[{"name": "lxdm-binary"}])
    facts = LinuxDesktopCollector().collect(host)
    assert facts[AUTO_LOGIN].reason is Reason.unsupported  # type: ignore[union-attr]
    assert facts[GUEST_ACCOUNT].reason is Reason.unsupported  # type: ignore[union-attr]
    assert display_manager_from_unit("[Service]\nExecStart=-/usr/sbin/lightdm\n") == "lightdm"


def test_a_long_gnome_lock_delay_is_counted_in_when_the_password_is_needed(
    tmp_path: Path,
) -> None:
    host = variant(
        tmp_path,
        "debian12-luks-lvm",
        commands=[
            run(
                ["gsettings", "get", "org.gnome.desktop.screensaver", "lock-delay"], "uint32 3600\n"
            )
        ],
    )
    lock = read_screen_lock(host)
    assert lock["lock_after_seconds"] == 3900  # type: ignore[index]


def test_an_unreadable_delay_leaves_the_time_to_lock_unknown() -> None:
    unknown = Missing(Reason.timeout, "gsettings")
    facts = with_lock_after({"idle_seconds": 300, "lock_delay_seconds": unknown})
    assert facts["lock_after_seconds"] == unknown
    assert "lock_after_seconds" not in with_lock_after({"idle_seconds": 0, "lock_delay_seconds": 5})


def test_a_digit_that_int_refuses_is_not_a_gsettings_number() -> None:
    assert parse_gsettings_uint("uint32 ²\n") is None
