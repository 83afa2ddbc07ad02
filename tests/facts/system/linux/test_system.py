"""Linux system facts: os-release, updates, sshd, admin and Secure Boot, on recorded machines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.linux.system import (
    OS_RELEASE,
    SECURE_BOOT,
    SSHD,
    UPDATES,
    USER_IS_ADMIN,
    LinuxSystemCollector,
    judge_os_release,
    parse_os_release,
    parse_secure_boot,
    read_os_release,
    read_ssh_server,
    ssh_server_running,
)
from shadowaudit.facts.system.linux.units import parse_is_enabled
from shadowaudit.facts.system.linux.updates import (
    apt_files,
    judge_apt,
    parse_apt_conf,
    parse_apt_config_dump,
    parse_dnf_bool,
    periodic_on,
    read_updates,
)
from shadowaudit.host import RecordedHost
from shadowaudit.host.base import Listener, ProcessInfo
from tests.facts.system.linux.test_desktop import run, variant

Recorded = Callable[[str], RecordedHost]

#: os-facts.md F-L7, byte-exact.
F_L7 = 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n'
SECURE_BOOT_VAR = "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d0-aa0d-00e098032b8c"
NO_SYSTEMD = (
    "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
    "Failed to connect to bus: Host is down\n"
)
DEBIAN_12 = {
    "id": "debian",
    "version_id": "12",
    "codename": "bookworm",
    "name": "Debian GNU/Linux 12 (bookworm)",
}


@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        (
            "ubuntu2404-plain",
            {
                OS_RELEASE: {
                    "id": "ubuntu",
                    "version_id": "24.04",
                    "id_like": "debian",
                    "codename": "noble",
                    "name": "Ubuntu 24.04.1 LTS",
                    "ubuntu_codename": "noble",
                },
                UPDATES: {"manager": "apt", "automatic": True, "scheduled": True},
                SSHD: {"enabled": True, "password_login": True, "root_login": False},
                USER_IS_ADMIN: True,
                SECURE_BOOT: False,
            },
        ),
        (
            "fedora41-btrfs-luks",
            {
                OS_RELEASE: {
                    "id": "fedora",
                    "version_id": "41",
                    "name": "Fedora Linux 41 (KDE Plasma)",
                },
                UPDATES: {"manager": "dnf", "automatic": True, "scheduled": True},
                SSHD: {"enabled": False},
                USER_IS_ADMIN: True,
                SECURE_BOOT: True,
            },
        ),
        (
            "debian12-luks-lvm",
            {
                OS_RELEASE: DEBIAN_12,
                UPDATES: {"manager": "apt", "automatic": True, "scheduled": True},
                SSHD: {"enabled": False},
                USER_IS_ADMIN: False,
                SECURE_BOOT: True,
            },
        ),
        (
            "linux-container",
            {
                OS_RELEASE: DEBIAN_12,
                UPDATES: {"manager": "apt", "automatic": False},
                SSHD: {"enabled": False},
                USER_IS_ADMIN: True,
                SECURE_BOOT: Missing(Reason.unsupported, "legacy BIOS boot or not visible"),
            },
        ),
    ],
)
def test_recorded_machines(recorded: Recorded, machine: str, expected: dict[str, Any]) -> None:
    assert LinuxSystemCollector().collect(recorded(machine)) == expected


def test_declares_exactly_the_contract() -> None:
    names = {OS_RELEASE, UPDATES, SSHD, USER_IS_ADMIN, SECURE_BOOT}
    assert LinuxSystemCollector.fact_names() == names


# --- os-release ------------------------------------------------------------------------------


def test_read_os_release_is_the_fact(recorded: Recorded) -> None:
    for machine in ("ubuntu2404-plain", "linux-container"):
        host = recorded(machine)
        assert read_os_release(host) == LinuxSystemCollector().collect(host)[OS_RELEASE]


def test_os_release_shell_quoting() -> None:
    text = (
        "# a comment\n"
        'NAME="Some \\"Linux\\""\n'
        "ID='some'\n"
        "VERSION_ID=1.2\n"
        'PRETTY_NAME="Costs \\$5 \\\\ more"\n'
        "not a line\n"
        'VERSION_CODENAME=""\n'
    )
    found = parse_os_release(text)
    assert found["NAME"] == 'Some "Linux"'
    assert found["PRETTY_NAME"] == "Costs $5 \\ more"
    assert found["ID"] == "some"
    assert found["VERSION_ID"] == "1.2"
    assert judge_os_release(found) == {
        "id": "some",
        "version_id": "1.2",
        "name": "Costs $5 \\ more",
    }


def test_os_release_name_stands_in_for_pretty_name_and_garbage_is_missing() -> None:
    assert judge_os_release({"NAME": "Debian GNU/Linux", "ID": "debian"}) == {
        "id": "debian",
        "name": "Debian GNU/Linux",
    }
    assert judge_os_release(parse_os_release("\x00\x01garbage")) == Missing(
        Reason.parse_error, "os-release names no system"
    )


def test_os_release_unreadable_or_absent(tmp_path: Path) -> None:
    denied = variant(tmp_path, "ubuntu2404-plain", host={"unreadable": ["/etc/os-release"]})
    assert read_os_release(denied).reason is Reason.permission_denied  # type: ignore[union-attr]
    gone = variant(tmp_path / "gone", "linux-container", files={"/usr/lib/os-release": None})
    assert read_os_release(gone).reason is Reason.unsupported  # type: ignore[union-attr]


# --- updates: apt ----------------------------------------------------------------------------


def test_apt_conf_sample_and_scopes() -> None:
    assert parse_apt_conf(F_L7) == {
        "apt::periodic::update-package-lists": "1",
        "apt::periodic::unattended-upgrade": "1",
    }
    scoped = """
    // the same, written with scopes
    APT {
      Periodic {
        Update-Package-Lists "1";   # daily
        Unattended-Upgrade "0";
      };
    };
    /* Acquire::http::Proxy "http://proxy:3128"; */
    Unattended-Upgrade::Allowed-Origins { "${distro_id}:${distro_codename}"; };
    #clear APT::Periodic;
    Acquire::http::Proxy "http://proxy.example:3128";
    """
    assert parse_apt_conf(scoped) == {
        "apt::periodic::update-package-lists": "1",
        "apt::periodic::unattended-upgrade": "0",
        "acquire::http::proxy": "http://proxy.example:3128",
    }


def test_apt_config_dump_lines() -> None:
    dump = 'APT "";\nAPT::Periodic::Unattended-Upgrade "1";\nnoise\nDir "/";\n'
    assert parse_apt_config_dump(dump) == {
        "apt": "",
        "apt::periodic::unattended-upgrade": "1",
        "dir": "/",
    }


@pytest.mark.parametrize(
    ("value", "on"),
    [("1", True), ("7", True), ("0", False), (None, False), ("", False), ("always", True)]
    + [("12h", True), ("0d", False), ("daily", None), ("-1", None)],
)
def test_periodic_intervals(value: str | None, on: bool | None) -> None:
    assert periodic_on(value) is on


def test_judge_apt() -> None:
    on = parse_apt_conf(F_L7)
    assert judge_apt(on, package_installed=True) is True
    assert judge_apt(on, package_installed=False) is False
    assert judge_apt({**on, "apt::periodic::enable": "0"}, package_installed=True) is False
    odd = judge_apt({**on, "apt::periodic::unattended-upgrade": "yes"}, package_installed=True)
    assert odd.reason is Reason.parse_error  # type: ignore[union-attr]


def test_apt_files_when_apt_config_cannot_run(tmp_path: Path) -> None:
    host = variant(tmp_path, "ubuntu2404-plain", commands=[run(["apt-config", "dump"], "", 100)])
    assert read_updates(host) == {"manager": "apt", "automatic": True, "scheduled": True}


def test_a_masked_timer_on_a_real_debian_means_updates_never_run(recorded: Recorded) -> None:
    on = read_updates(recorded("debian12-updates-on"))
    masked = read_updates(recorded("debian12-updates-timer-masked"))
    assert on == {"manager": "apt", "automatic": True, "scheduled": True}
    assert masked == {"manager": "apt", "automatic": True, "scheduled": False}


def test_without_systemd_debians_cron_job_schedules_the_upgrade(tmp_path: Path) -> None:
    no_systemd = [
        run(["systemctl", "is-enabled", unit], returncode=1, stderr=NO_SYSTEMD)
        for unit in ("apt-daily.timer", "apt-daily-upgrade.timer")
    ]
    cron = {"/etc/cron.daily/apt-compat": "#!/bin/sh\n", "/usr/sbin/cron": ""}
    scheduled = variant(tmp_path / "cron", "ubuntu2404-plain", files=cron, commands=no_systemd)
    assert read_updates(scheduled)["scheduled"] is True  # type: ignore[index]
    unknown = read_updates(variant(tmp_path / "none", "ubuntu2404-plain", commands=no_systemd))
    assert unknown["scheduled"] == Missing(Reason.unsupported, "systemd is not running")  # type: ignore[index]


def test_the_last_upgrade_is_dated_from_apts_stamp(tmp_path: Path) -> None:
    stamp = "/var/lib/apt/periodic/upgrade-stamp"
    dated = {"modified": {stamp: "2026-07-24T10:00:00+00:00"}}  # the machine's now: 2026-11-21
    host = variant(tmp_path, "ubuntu2404-plain", files={stamp: ""}, host=dated)
    assert read_updates(host)["last_upgrade_days"] == 120  # type: ignore[index]


def test_apt_files_later_file_wins_and_odd_names_are_skipped(tmp_path: Path) -> None:
    off = 'APT::Periodic::Unattended-Upgrade "0";\n'
    host = variant(
        tmp_path,
        "debian12-luks-lvm",
        files={
            "/etc/apt/apt.conf.d/10periodic": off,
            "/etc/apt/apt.conf.d/99local.dpkg-old": off,
            "/etc/apt/apt.conf.d/99local~": off,
        },
    )
    assert apt_files(host)["apt::periodic::unattended-upgrade"] == "1"
    later = variant(tmp_path / "later", "debian12-luks-lvm", files={"/etc/apt/apt.conf": off})
    assert apt_files(later)["apt::periodic::unattended-upgrade"] == "0"


def test_apt_unreadable_parts_folder(tmp_path: Path) -> None:
    host = variant(
        tmp_path,
        "debian12-luks-lvm",
        commands=[{"argv": ["apt-config", "dump"], "hang": True}],
        host={"unreadable": ["/etc/apt/apt.conf.d"]},
    )
    facts = read_updates(host)
    assert facts["automatic"].reason is Reason.permission_denied  # type: ignore[index,union-attr]


# --- updates: dnf ----------------------------------------------------------------------------


def test_dnf_booleans() -> None:
    assert parse_dnf_bool("yes") is True
    assert parse_dnf_bool("True") is True
    assert parse_dnf_bool("0") is False
    assert parse_dnf_bool(None) is False
    assert parse_dnf_bool("sometimes") is None


def test_dnf_default_config_does_not_install(tmp_path: Path) -> None:
    host = variant(tmp_path, "fedora41-btrfs-luks", files={"/etc/dnf/automatic.conf": None})
    assert read_updates(host) == {"manager": "dnf", "automatic": False, "scheduled": False}


def test_dnf_install_timer_installs_whatever_the_file_says(tmp_path: Path) -> None:
    host = variant(
        tmp_path,
        "fedora41-btrfs-luks",
        files={"/etc/dnf/automatic.conf": "[commands]\napply_updates = no\n"},
        commands=[run(["systemctl", "is-enabled", "dnf-automatic-install.timer"], "enabled\n")],
    )
    assert read_updates(host) == {"manager": "dnf", "automatic": True, "scheduled": True}


def test_dnf_without_systemd_is_unknown(tmp_path: Path) -> None:
    units = [
        "dnf5-automatic.timer",
        "dnf-automatic.timer",
        "dnf5-automatic-install.timer",
        "dnf-automatic-install.timer",
    ]
    host = variant(
        tmp_path,
        "fedora41-btrfs-luks",
        commands=[
            run(["systemctl", "is-enabled", unit], returncode=1, stderr=NO_SYSTEMD)
            for unit in units
        ],
    )
    automatic = read_updates(host)["automatic"]  # type: ignore[index]
    assert automatic.reason is Reason.unsupported  # type: ignore[union-attr]


def test_is_enabled_outputs() -> None:
    assert parse_is_enabled(0, "enabled\n", "") is True
    assert parse_is_enabled(1, "disabled\n", "") is False
    assert parse_is_enabled(0, "static\n", "") is False
    assert parse_is_enabled(4, "not-found\n", "") is False
    old = "Failed to get unit file state for x.timer: No such file or directory\n"
    assert parse_is_enabled(1, "", old) is False
    assert parse_is_enabled(1, "", NO_SYSTEMD).reason is Reason.unsupported  # type: ignore[union-attr]
    assert parse_is_enabled(1, "what\n", "").reason is Reason.parse_error  # type: ignore[union-attr]


def test_neither_apt_nor_dnf(tmp_path: Path) -> None:
    host = variant(tmp_path, "linux-container", files={"/usr/bin/apt-get": None})
    facts = read_updates(host)
    assert facts["manager"] == "other"  # type: ignore[index]
    assert facts["automatic"].reason is Reason.unsupported  # type: ignore[index,union-attr]


# --- SSH server ------------------------------------------------------------------------------


def test_what_counts_as_a_running_ssh_server() -> None:
    assert ssh_server_running([ProcessInfo("sshd")], [])
    assert ssh_server_running([], [Listener("unknown program", "0.0.0.0", 22)])
    assert ssh_server_running([], [Listener("systemd", "::", 22)])
    assert not ssh_server_running([ProcessInfo("ssh-agent")], [])
    assert not ssh_server_running([], [Listener("x", "0.0.0.0", 22, "udp")])
    assert not ssh_server_running([], [Listener("x", "0.0.0.0", 2222)])


def test_drop_in_wins_over_the_main_file(recorded: Recorded) -> None:
    # F-L9: sshd_config says "PasswordAuthentication no" after its Include line, but the
    # cloud-init drop-in came first, and sshd keeps the first value it reads.
    assert read_ssh_server(recorded("ubuntu2404-plain"))["password_login"] is True  # type: ignore[index]


def test_socket_activation_without_a_listener_seen(tmp_path: Path) -> None:
    host = variant(tmp_path, "ubuntu2404-plain", listeners=[])
    assert read_ssh_server(host)["enabled"] is True  # type: ignore[index]


def test_installed_but_off_keeps_the_settings(tmp_path: Path) -> None:
    host = variant(
        tmp_path,
        "ubuntu2404-plain",
        listeners=[],
        commands=[
            run(["systemctl", "is-enabled", "ssh.socket"], "disabled\n", 1),
            run(["systemctl", "is-enabled", "sshd.socket"], "not-found\n", 4),
        ],
    )
    assert read_ssh_server(host) == {"enabled": False, "password_login": True, "root_login": False}


def test_sshd_process_found_and_root_login(tmp_path: Path) -> None:
    host = variant(
        tmp_path,
        "debian12-luks-lvm",
        processes=[{"name": "sshd"}],
        files={"/etc/ssh/sshd_config": "PermitRootLogin yes\nPasswordAuthentication no\n"},
    )
    assert read_ssh_server(host) == {"enabled": True, "password_login": False, "root_login": True}


@pytest.mark.parametrize(
    "unreadable", ["/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/50-cloud-init.conf"]
)
def test_unreadable_config_is_not_guessed(tmp_path: Path, unreadable: str) -> None:
    # Fedora ships sshd_config 0600; cloud-init may write its drop-in 0600 as well.
    host = variant(tmp_path, "ubuntu2404-plain", host={"unreadable": [unreadable]})
    fact = read_ssh_server(host)
    assert isinstance(fact, dict) and fact["enabled"] is True
    assert fact["password_login"].reason is Reason.permission_denied  # type: ignore[union-attr]
    assert fact["root_login"].reason is Reason.permission_denied  # type: ignore[union-attr]


# --- Secure Boot -----------------------------------------------------------------------------


def test_secure_boot_bytes() -> None:
    assert parse_secure_boot(bytes([6, 0, 0, 0, 1])) is True
    assert parse_secure_boot(bytes([6, 0, 0, 0, 0])) is False
    assert parse_secure_boot(bytes([6, 0, 0, 0, 2])) is None
    assert parse_secure_boot(b"\x01") is None


def test_secure_boot_edge_machines(tmp_path: Path) -> None:
    def secure_boot(files: dict[str, str | bytes | None], name: str) -> object:
        host = variant(tmp_path / name, "ubuntu2404-plain", files=files)
        return LinuxSystemCollector().collect(host)[SECURE_BOOT]

    no_variable = {SECURE_BOOT_VAR: None, "/sys/firmware/efi/efivars/Boot0000-x": b"\x07"}
    assert secure_boot(no_variable, "absent") is False
    empty = {SECURE_BOOT_VAR: None, "/sys/firmware/efi/systab": "ACPI20=0x7ab0d014\n"}
    assert secure_boot(empty, "unmounted").reason is Reason.unsupported  # type: ignore[attr-defined]
    assert secure_boot({SECURE_BOOT_VAR: b"\x06"}, "short").reason is Reason.parse_error  # type: ignore[attr-defined]
