"""The macOS collector on recorded Macs, and what it does when a source is missing or odd."""

from __future__ import annotations

import plistlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.macos.collector import (
    AUTO_LOGIN,
    FILE_SHARING,
    FILEVAULT,
    FIREWALL,
    GATEKEEPER,
    GUEST_ENABLED,
    REMOTE_LOGIN,
    REMOTE_MANAGEMENT,
    SCREEN_LOCK,
    SCREEN_SHARING,
    SECURE_BOOT,
    SIP,
    SSHD,
    UPDATES,
    USER_IS_ADMIN,
    VERSION,
    MacOSCollector,
    read_os_version,
)
from shadowaudit.facts.system.macos.read import (
    ADMIN_GROUP,
    ALF_PLIST,
    LOGINWINDOW_PLIST,
    PRINT_DISABLED,
    PROFILER_FIREWALL,
    SCREEN_LOCK_STATUS,
    SOCKETFILTERFW,
    SYSTEM_VERSION,
    UPDATE_PLIST,
    read_user_is_admin,
)
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]

SONOMA = {
    VERSION: {"version": "14.7.1", "build": "23H222"},
    FILEVAULT: "on",
    FIREWALL: "on",
    SCREEN_LOCK: {"lock_delay_seconds": 0, "idle_seconds": 300, "lock_after_seconds": 300},
    AUTO_LOGIN: {"enabled": False, "stored_password": False},
    UPDATES: {
        "automatic_check": True,
        "automatic_download": True,
        "install_macos_updates": True,
        "install_security_updates": True,
    },
    GATEKEEPER: True,
    SIP: "enabled",
    REMOTE_LOGIN: False,
    SCREEN_SHARING: False,
    FILE_SHARING: False,
    REMOTE_MANAGEMENT: False,
    GUEST_ENABLED: False,
    USER_IS_ADMIN: True,
    SSHD: {"enabled": False},
}

SEQUOIA = {
    VERSION: {"version": "15.1.1", "build": "24B91"},
    FILEVAULT: "off",
    FIREWALL: "off",
    SCREEN_LOCK: {"lock_delay_seconds": -1},
    AUTO_LOGIN: {"enabled": True, "stored_password": True},
    UPDATES: {"automatic_download": False, "install_security_updates": False},
    GATEKEEPER: False,
    SIP: "custom",
    REMOTE_LOGIN: True,
    SCREEN_SHARING: True,
    FILE_SHARING: True,
    REMOTE_MANAGEMENT: True,
    GUEST_ENABLED: True,
    USER_IS_ADMIN: True,
    SSHD: {"enabled": True, "password_login": True, "root_login": False},
}


@pytest.mark.parametrize(
    ("machine", "expected"), [("macos14-sonoma", SONOMA), ("macos15-sequoia", SEQUOIA)]
)
def test_recorded_machines(recorded: Recorded, machine: str, expected: dict[str, object]) -> None:
    facts = MacOSCollector().collect(recorded(machine))
    secure_boot = facts.pop(SECURE_BOOT)
    assert facts == expected
    assert isinstance(secure_boot, Missing)
    assert secure_boot.reason is Reason.permission_denied


@pytest.mark.parametrize("machine", ["macos14-sonoma", "macos15-sequoia"])
def test_every_declared_fact_is_given(recorded: Recorded, machine: str) -> None:
    facts = MacOSCollector().collect(recorded(machine))
    assert set(facts) == MacOSCollector.fact_names()


def test_read_os_version_is_the_version_fact(recorded: Recorded) -> None:
    host = recorded("macos15-sequoia")
    assert read_os_version(host) == MacOSCollector().collect(host)[VERSION]


def test_no_user_name_or_stored_password_in_the_facts(recorded: Recorded) -> None:
    facts = MacOSCollector().collect(recorded("macos15-sequoia"))
    assert "noor" not in repr(facts)
    assert "ABCDEF" not in repr(facts)


def test_a_stale_alf_plist_on_macos_15_is_not_believed(recorded: Recorded) -> None:
    host = recorded("macos15-sequoia")
    leftover = plistlib.loads(host.read_bytes(host.path(ALF_PLIST)))
    assert leftover["globalstate"] == 1
    assert MacOSCollector().collect(host)[FIREWALL] == "off"


def test_a_mac_with_nothing_recorded_gives_missing_never_raises(recorded: Recorded) -> None:
    facts = MacOSCollector().collect(recorded("macos15-browsers"))
    assert set(facts) == MacOSCollector.fact_names()
    for name in (VERSION, FILEVAULT, FIREWALL, GATEKEEPER, SIP, REMOTE_LOGIN, SSHD, USER_IS_ADMIN):
        assert isinstance(facts[name], Missing), name
    assert facts[FIREWALL].reason is Reason.not_installed  # type: ignore[union-attr]
    assert facts[UPDATES] == {}
    screen_lock = facts[SCREEN_LOCK]
    assert isinstance(screen_lock, dict)
    assert isinstance(screen_lock["lock_delay_seconds"], Missing)
    assert isinstance(screen_lock["idle_seconds"], Missing)


# --- machines built in tmp_path from the sequoia recording, with one thing changed ---------


def build(
    tmp_path: Path,
    base: str = "macos15-sequoia",
    files: dict[str, bytes | None] | None = None,
    commands: dict[tuple[str, ...], dict[str, Any] | None] | None = None,
    unreadable: list[str] | None = None,
) -> RecordedHost:
    """A copy of a recorded Mac with files replaced (None removes) and commands changed."""
    source = host_folder(base)
    folder = tmp_path / base
    meta = yaml.safe_load((source / "host.yaml").read_text())
    meta["unreadable"] = unreadable or []
    folder.mkdir(parents=True)
    (folder / "host.yaml").write_text(yaml.safe_dump(meta))
    for path in (source / "files").rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for name, data in (files or {}).items():
        target = folder / "files" / name.lstrip("/")
        if data is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    recorded = yaml.safe_load((source / "commands.yaml").read_text())
    by_argv = {tuple(entry["argv"]): entry for entry in recorded}
    for argv, entry in (commands or {}).items():
        if entry is None:
            by_argv.pop(argv, None)
        else:
            by_argv[argv] = {"argv": list(argv), **entry}
    (folder / "commands.yaml").write_text(yaml.safe_dump(list(by_argv.values())))
    return RecordedHost(folder)


def sonoma(tmp_path: Path, **changes: Any) -> RecordedHost:
    return build(tmp_path, "macos14-sonoma", **changes)


def test_firewall_falls_back_to_socketfilterfw_when_the_plist_is_unreadable(
    tmp_path: Path,
) -> None:
    host = sonoma(
        tmp_path,
        unreadable=[ALF_PLIST],
        commands={
            tuple(SOCKETFILTERFW): {
                "stdout": "Firewall is blocking all non-essential incoming connections. "
                "(State = 2)\n"
            }
        },
    )
    assert MacOSCollector().collect(host)[FIREWALL] == "block_all"


def test_firewall_falls_back_when_system_profiler_hangs(tmp_path: Path) -> None:
    host = build(tmp_path, commands={tuple(PROFILER_FIREWALL): {"hang": True}})
    assert MacOSCollector().collect(host)[FIREWALL] == "off"


def test_firewall_keeps_the_first_reason_when_no_source_answers(tmp_path: Path) -> None:
    host = build(
        tmp_path,
        commands={tuple(PROFILER_FIREWALL): {"hang": True}, tuple(SOCKETFILTERFW): None},
    )
    firewall = MacOSCollector().collect(host)[FIREWALL]
    assert isinstance(firewall, Missing)
    assert firewall.reason is Reason.timeout


def test_firewall_without_a_known_version_tries_plist_then_system_profiler(
    tmp_path: Path,
) -> None:
    host = build(tmp_path, files={SYSTEM_VERSION: None, ALF_PLIST: None})
    facts = MacOSCollector().collect(host)
    assert isinstance(facts[VERSION], Missing)
    assert facts[FIREWALL] == "off"


def test_the_compatibility_version_is_not_believed(tmp_path: Path) -> None:
    compat = plistlib.dumps({"ProductVersion": "10.16", "ProductBuildVersion": "24B91"})
    host = sonoma(tmp_path, files={SYSTEM_VERSION: compat})
    version = read_os_version(host)
    assert isinstance(version, Missing)
    assert version.reason is Reason.parse_error


def test_unreadable_loginwindow_plist(tmp_path: Path) -> None:
    facts = MacOSCollector().collect(build(tmp_path, unreadable=[LOGINWINDOW_PLIST]))
    auto_login = facts[AUTO_LOGIN]
    assert isinstance(auto_login, dict)
    assert isinstance(auto_login["enabled"], Missing)
    assert auto_login["enabled"].reason is Reason.permission_denied
    assert auto_login["stored_password"] is True
    assert isinstance(facts[GUEST_ENABLED], Missing)


def test_damaged_loginwindow_plist(tmp_path: Path) -> None:
    host = build(tmp_path, files={LOGINWINDOW_PLIST: b"bplist00\x00\x01garbage"})
    facts = MacOSCollector().collect(host)
    assert facts[GUEST_ENABLED].reason is Reason.parse_error  # type: ignore[union-attr]


def test_no_loginwindow_plist_means_no_auto_login_and_no_guest(tmp_path: Path) -> None:
    facts = MacOSCollector().collect(sonoma(tmp_path, files={LOGINWINDOW_PLIST: None}))
    assert facts[AUTO_LOGIN] == {"enabled": False, "stored_password": False}
    assert facts[GUEST_ENABLED] is False


def test_updates_plist_missing_or_unreadable(tmp_path: Path) -> None:
    missing = MacOSCollector().collect(build(tmp_path / "a", files={UPDATE_PLIST: None}))
    assert missing[UPDATES] == {}
    denied = MacOSCollector().collect(build(tmp_path / "b", unreadable=[UPDATE_PLIST]))
    assert denied[UPDATES].reason is Reason.permission_denied  # type: ignore[union-attr]


def test_a_drop_in_that_turns_passwords_off(tmp_path: Path) -> None:
    host = build(
        tmp_path,
        files={"/etc/ssh/sshd_config.d/010-no-passwords.conf": b"PasswordAuthentication no\n"},
    )
    assert MacOSCollector().collect(host)[SSHD] == {
        "enabled": True,
        "password_login": False,
        "root_login": False,
    }


def test_remote_login_on_without_a_readable_sshd_config(tmp_path: Path) -> None:
    host = build(tmp_path, unreadable=["/etc/ssh/sshd_config"])
    sshd = MacOSCollector().collect(host)[SSHD]
    assert isinstance(sshd, dict)
    assert sshd["enabled"] is True
    assert sshd["password_login"].reason is Reason.permission_denied  # type: ignore[union-attr]


def test_unreadable_launchctl_answer_leaves_sharing_unknown(tmp_path: Path) -> None:
    host = build(
        tmp_path,
        commands={
            tuple(PRINT_DISABLED): {"stderr": "Unrecognized target specifier.\n", "returncode": 1}
        },
    )
    facts = MacOSCollector().collect(host)
    for name in (REMOTE_LOGIN, SCREEN_SHARING, FILE_SHARING, SSHD):
        assert facts[name].reason is Reason.parse_error, name  # type: ignore[union-attr]


def test_an_unknown_screen_lock_answer_is_missing_not_absent(tmp_path: Path) -> None:
    host = sonoma(
        tmp_path,
        commands={
            tuple(SCREEN_LOCK_STATUS): {
                "stderr": "2026-06-12 20:19:59.452 sysadminctl[42871:292343] "
                "Unknown state for screenLock (0)\n"
            }
        },
    )
    screen_lock = MacOSCollector().collect(host)[SCREEN_LOCK]
    assert isinstance(screen_lock, dict)
    assert screen_lock["idle_seconds"] == 300
    assert screen_lock["lock_delay_seconds"].reason is Reason.parse_error  # type: ignore[union-attr]


def test_a_huge_plist_is_not_read(tmp_path: Path) -> None:
    huge = plistlib.dumps({"AutomaticDownload": True, "Padding": "x" * (5 * 1024 * 1024)})
    facts = MacOSCollector().collect(sonoma(tmp_path, files={UPDATE_PLIST: huge}))
    assert facts[UPDATES].reason is Reason.too_large  # type: ignore[union-attr]


def test_remote_management_folder_we_may_not_read_is_unknown(tmp_path: Path) -> None:
    folder = "/Library/Application Support/Apple/Remote Desktop"
    host = sonoma(tmp_path, unreadable=[folder])
    remote_management = MacOSCollector().collect(host)[REMOTE_MANAGEMENT]
    assert isinstance(remote_management, Missing)
    assert remote_management.reason is Reason.permission_denied


def test_remote_management_folder_without_the_file(tmp_path: Path) -> None:
    other = "/Library/Application Support/Apple/Remote Desktop/Other.plist"
    host = sonoma(tmp_path, files={other: b"x"})
    assert MacOSCollector().collect(host)[REMOTE_MANAGEMENT] is False


def test_admin_from_the_local_node_only(tmp_path: Path) -> None:
    """Not a member, a nested (directory) group, and dscl failing."""
    group = tuple(ADMIN_GROUP)
    standard = sonoma(tmp_path / "a", commands={group: {"stdout": "GroupMembership: root\n"}})
    assert read_user_is_admin(standard) is False
    nested = sonoma(
        tmp_path / "b",
        commands={group: {"stdout": "GroupMembership: root\nNestedGroups: ABCDEFAB-0000\n"}},
    )
    result = read_user_is_admin(nested)
    assert isinstance(result, Missing) and result.reason is Reason.directory
    failed = sonoma(tmp_path / "c", commands={group: {"stdout": "", "returncode": 64}})
    result = read_user_is_admin(failed)
    assert isinstance(result, Missing) and result.reason is Reason.parse_error
