"""Windows collector on recorded Windows 10 and 11 machines, and on recordings made to fail."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from shadowaudit.facts.base import Missing, Reason, fact_to_json
from shadowaudit.facts.seizure.disk_key.windows import POWERCFG_LID, POWERCFG_STATES
from shadowaudit.facts.system.windows.collector import (
    ANTIVIRUS,
    AUTO_LOGIN,
    BITLOCKER,
    DEFENDER,
    FIREWALL,
    GUEST,
    SSHD,
    USER_IS_ADMIN,
    VERSION,
    WindowsCollector,
    read_os_version,
)
from shadowaudit.facts.system.windows.commands import (
    ACCOUNTS_ARGV,
    ANTIVIRUS_ARGV,
    DEFENDER_ARGV,
    WHOAMI_ARGV,
    bitlocker_argv,
)
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]


def firewall(public: bool, open_to_all_rules: int) -> dict[str, object]:
    """The firewall fact of a recorded machine: every profile refuses what no rule allows."""
    found: dict[str, object] = {}
    for profile, on in (("domain", True), ("private", True), ("public", public)):
        found.update({profile: on, f"{profile}_inbound": "block", f"{profile}_block_all": False})
    return {**found, "public_open_to_all_rules": open_to_all_rules}


RISKY = {
    "system.windows.version": {
        "product": "Windows 11",
        "display_version": "24H2",
        "build": 26100,
        "ubr": 2033,
        "edition": "Core",
    },
    "system.windows.bitlocker": "off",
    "system.windows.firewall": firewall(public=False, open_to_all_rules=1),
    "system.windows.screen_lock": {"$missing": "not_set"},
    "system.windows.auto_login": {"enabled": True, "stored_password": True},
    "system.windows.updates": {
        "disabled_by_policy": False,
        "service_disabled": False,
        "paused_days": 9170,
    },
    "system.windows.defender": {"antivirus": True, "real_time": False, "signature_age_days": 40},
    "system.windows.antivirus_products": [
        {"name": "Windows Defender", "enabled": False, "up_to_date": False}
    ],
    "system.windows.remote_desktop": True,
    "system.windows.remote_assistance": True,
    "system.windows.shares": ["Reports"],
    "system.windows.user_is_admin": True,
    "system.windows.guest_enabled": False,
    "system.windows.secure_boot": True,
    "system.windows.hide_file_extensions": True,
    "system.windows.sshd": {"enabled": False},
}

WELL_KEPT = {
    "system.windows.version": {
        "product": "Windows 10",
        "display_version": "22H2",
        "build": 19045,
        "ubr": 6575,
        "edition": "Professional",
    },
    "system.windows.bitlocker": "on",
    "system.windows.firewall": firewall(public=True, open_to_all_rules=0),
    "system.windows.screen_lock": {
        "screensaver_active": True,
        "screensaver_secure": True,
        "timeout_minutes": 5,
        "grace_seconds": 5,
        "lock_after_seconds": 305,
        "policy_inactivity_minutes": 15,
    },
    "system.windows.auto_login": {"enabled": False, "stored_password": False},
    "system.windows.updates": {
        "disabled_by_policy": False,
        "service_disabled": False,
        "paused_days": 0,
    },
    "system.windows.defender": {"antivirus": True, "real_time": True, "signature_age_days": 0},
    "system.windows.antivirus_products": {"$missing": "timeout"},
    "system.windows.remote_desktop": False,
    "system.windows.remote_assistance": False,
    "system.windows.shares": [],
    "system.windows.user_is_admin": False,
    "system.windows.guest_enabled": False,
    "system.windows.secure_boot": True,
    "system.windows.hide_file_extensions": False,
    "system.windows.sshd": {"enabled": True, "password_login": False, "root_login": False},
}


@pytest.mark.parametrize(
    ("machine", "expected"), [("windows11-24h2", RISKY), ("windows10-22h2", WELL_KEPT)]
)
def test_recorded_machines(recorded: Recorded, machine: str, expected: dict[str, object]) -> None:
    facts = WindowsCollector().collect(recorded(machine))
    assert fact_to_json(facts) == expected
    assert set(facts) == WindowsCollector.fact_names()


def test_a_hanging_command_becomes_a_timeout(recorded: Recorded) -> None:
    facts = WindowsCollector().collect(recorded("windows10-22h2"))
    assert facts[ANTIVIRUS] == Missing(Reason.timeout, "powershell took longer than 15.0 s")


def test_the_stored_password_never_reaches_facts_or_logs(
    recorded: Recorded, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    facts = WindowsCollector().collect(recorded("windows11-24h2"))
    dumped = json.dumps(fact_to_json(facts)) + repr(facts) + caplog.text
    assert facts[AUTO_LOGIN] == {"enabled": True, "stored_password": True}
    assert "CANARY" not in dumped.upper()
    assert "outlook.example" not in dumped
    assert "Ana" not in dumped


def test_read_os_version_is_the_version_fact(recorded: Recorded) -> None:
    for machine in ("windows11-24h2", "windows10-22h2"):
        host = recorded(machine)
        assert read_os_version(host) == WindowsCollector().collect(host)[VERSION]


def test_every_command_is_recorded_in_both_machines() -> None:
    wanted = [bitlocker_argv("C:"), DEFENDER_ARGV, ANTIVIRUS_ARGV, ACCOUNTS_ARGV, WHOAMI_ARGV]
    wanted += [POWERCFG_STATES, POWERCFG_LID]  # the seizure wing's disk-key collector
    for machine in ("windows11-24h2", "windows10-22h2"):
        recorded_argv = [
            entry["argv"]
            for entry in yaml.safe_load((host_folder(machine) / "commands.yaml").read_text())
            # NOTE: schtasks belongs to presence.autostart (tests/facts/presence).
            if entry["argv"][0] != "schtasks"
        ]
        assert sorted(map(tuple, recorded_argv)) == sorted(map(tuple, wanted)), machine


def test_on_linux_every_fact_is_missing_and_nothing_raises(recorded: Recorded) -> None:
    facts = WindowsCollector().collect(recorded("ubuntu2404-plain"))
    assert facts[FIREWALL] == Missing(Reason.unsupported, "the registry exists only on Windows")
    assert isinstance(facts[BITLOCKER], Missing)
    assert facts[BITLOCKER].reason is Reason.not_installed  # type: ignore[union-attr]
    assert isinstance(facts[SSHD], Missing)


def test_a_windows_recording_without_these_keys_guesses_nothing(recorded: Recorded) -> None:
    facts = WindowsCollector().collect(recorded("windows11-browsers"))
    assert fact_to_json(facts[VERSION]) == {"$missing": "not_set"}
    assert fact_to_json(facts[AUTO_LOGIN]) == {"$missing": "not_set"}
    assert fact_to_json(facts[DEFENDER]) == {"$missing": "not_installed"}
    assert facts[FIREWALL] == {}


# --- recordings changed in a temporary copy ----------------------------------------------------


def _copy(tmp_path: Path, machine: str) -> Path:
    """A private copy of a recorded machine that a test may change."""
    folder = tmp_path / machine
    shutil.copytree(host_folder(machine), folder)
    return folder


def _replace_command(folder: Path, wanted: list[str], **result: object) -> None:
    """Give one recorded command another result (or, with argv=, another command line)."""
    path = folder / "commands.yaml"
    entries = yaml.safe_load(path.read_text())
    for entry in entries:
        if entry["argv"] == wanted:
            if "argv" not in result:
                for key in ("stdout", "stderr", "returncode", "hang"):
                    entry.pop(key, None)
            entry.update(result)
    path.write_text(yaml.safe_dump(entries))


def _edit_yaml(path: Path, change: Callable[[dict[str, object]], None]) -> None:
    """Load a YAML mapping, change it and write it back."""
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data))


def test_defender_that_does_not_answer_is_missing(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows10-22h2")
    _replace_command(
        folder,
        DEFENDER_ARGV,
        stdout="",
        stderr="Get-MpComputerStatus : Operation failed with the following error: 0x800106ba\r\n",
        returncode=1,
    )
    facts = WindowsCollector().collect(RecordedHost(folder))
    assert facts[DEFENDER] == Missing(Reason.not_installed, "powershell exited 1")


@pytest.mark.parametrize(
    ("stdout", "expected"),
    [("", "not_encryptable"), ("0\r\n", "not_encryptable"), ("5\r\n", "suspended")],
)
def test_bitlocker_outputs(tmp_path: Path, stdout: str, expected: str) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    _replace_command(folder, bitlocker_argv("C:"), stdout=stdout, returncode=0)
    assert WindowsCollector().collect(RecordedHost(folder))[BITLOCKER] == expected


def test_bitlocker_value_we_do_not_know_is_a_parse_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    _replace_command(folder, bitlocker_argv("C:"), stdout="8\r\n", returncode=0)
    fact = WindowsCollector().collect(RecordedHost(folder))[BITLOCKER]
    assert fact == Missing(Reason.parse_error, "unknown BitLockerProtection value 8")


def test_bitlocker_blocked_by_constrained_language_mode(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    _replace_command(
        folder,
        bitlocker_argv("C:"),
        stdout="",
        stderr="New-Object : Cannot create type. Only core types are supported in this language "
        "mode.\r\n",
        returncode=1,
    )
    fact = WindowsCollector().collect(RecordedHost(folder))[BITLOCKER]
    assert fact == Missing(Reason.unsupported, "powershell exited 1")


def test_windows_on_another_drive_asks_about_that_drive(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    _replace_command(folder, bitlocker_argv("C:"), argv=bitlocker_argv("D:"))
    _edit_yaml(folder / "host.yaml", lambda meta: meta["env"].update(SystemDrive="d:"))  # type: ignore[attr-defined]
    assert WindowsCollector().collect(RecordedHost(folder))[BITLOCKER] == "off"


def test_an_unreadable_key_spoils_only_its_fact(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    winlogon = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
    _edit_yaml(folder / "host.yaml", lambda meta: meta.update(unreadable=[winlogon]))
    facts = WindowsCollector().collect(RecordedHost(folder))
    assert fact_to_json(facts[AUTO_LOGIN]) == {"$missing": "permission_denied"}
    assert facts[BITLOCKER] == "off"


def test_whoami_missing_and_accounts_failing(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    path = folder / "commands.yaml"
    entries = [e for e in yaml.safe_load(path.read_text()) if e["argv"] != WHOAMI_ARGV]
    path.write_text(yaml.safe_dump(entries))
    _replace_command(folder, ACCOUNTS_ARGV, stdout="", returncode=1)
    facts = WindowsCollector().collect(RecordedHost(folder))
    assert fact_to_json(facts[USER_IS_ADMIN]) == {"$missing": "not_installed"}
    assert facts[GUEST] == Missing(Reason.unsupported, "powershell exited 1")


def test_sshd_config_unreadable_keeps_enabled(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows10-22h2")
    config = r"C:\ProgramData\ssh\sshd_config"
    _edit_yaml(folder / "host.yaml", lambda meta: meta.update(unreadable=[config]))
    fact = fact_to_json(WindowsCollector().collect(RecordedHost(folder))[SSHD])
    assert fact == {
        "enabled": True,
        "password_login": {"$missing": "permission_denied"},
        "root_login": {"$missing": "permission_denied"},
    }


def test_sshd_running_without_a_service(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows11-24h2")
    (folder / "processes.yaml").write_text("- name: sshd.exe\n")
    fact = fact_to_json(WindowsCollector().collect(RecordedHost(folder))[SSHD])
    assert fact == {
        "enabled": True,
        "password_login": {"$missing": "not_installed"},
        "root_login": {"$missing": "not_installed"},
    }


def test_sshd_installed_but_manual_and_stopped(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "windows10-22h2")
    sshd = r"HKLM\SYSTEM\CurrentControlSet\Services\sshd"
    _edit_yaml(folder / "registry.yaml", lambda keys: keys[sshd].update(Start=3))  # type: ignore[attr-defined]
    (folder / "processes.yaml").write_text("- name: explorer.exe\n")
    fact = WindowsCollector().collect(RecordedHost(folder))[SSHD]
    assert fact == {"enabled": False, "password_login": False, "root_login": False}
