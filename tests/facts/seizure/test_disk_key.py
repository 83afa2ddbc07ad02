"""Disk-key custody and sleep: parsers on vendor formats, readers on recorded machines."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.seizure.disk_key import linux, macos, windows
from shadowaudit.facts.seizure.disk_key.collector import DISK_KEY, SLEEP, DiskKeyCollector
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]


def test_crypttab_tpm_line_written_by_an_administrator(recorded: Recorded) -> None:
    facts = DiskKeyCollector().collect(recorded("debian12-crypttab-tpm"))
    expected = {"volumes": 1, "tpm_volumes": 1, "clevis": False, "unlocks_itself": True}
    assert facts[DISK_KEY] == expected
    assert facts[SLEEP]["lid_action"] == "hibernate"  # type: ignore[index,call-overload]


def test_debian_without_crypttab_and_default_lid(recorded: Recorded) -> None:
    facts = DiskKeyCollector().collect(recorded("debian12-luks-lvm"))
    assert isinstance(facts[DISK_KEY], Missing)
    assert facts[SLEEP]["lid_action"] == "sleep"  # type: ignore[index,call-overload]


@pytest.mark.parametrize(
    ("text", "volumes", "tpm"),
    [
        ("# <target> <source> <key> <options>\n", 0, 0),
        ("sda3_crypt UUID=1 none luks,discard\n", 1, 0),
        ("root UUID=1 none luks,tpm2-device=auto\nswap /dev/sda2 /dev/urandom swap\n", 2, 1),
        ("data UUID=2 /etc/keys/data.key\n", 1, 0),
    ],
)
def test_parse_crypttab(text: str, volumes: int, tpm: int) -> None:
    parsed = linux.parse_crypttab(text)
    assert (len(parsed), linux.self_unlocking(parsed)) == (volumes, tpm)


def test_lid_value_not_known_is_could_not_check() -> None:
    assert linux.LID_ACTIONS.get("sideways") is None
    assert linux.LID_ACTIONS["suspend-then-hibernate"] == "sleep"


def test_microsoft_account_is_counted_never_named(recorded: Recorded) -> None:
    facts = DiskKeyCollector().collect(recorded("windows11-24h2"))
    key = facts[DISK_KEY]
    assert isinstance(key, dict)
    assert key["microsoft_account"] is True
    assert "CANARY" not in repr(facts)
    assert isinstance(key["startup_pin"], Missing)
    assert key["startup_pin"].reason is Reason.permission_denied


def test_pin_required_by_policy(recorded: Recorded) -> None:
    facts = DiskKeyCollector().collect(recorded("windows10-22h2"))
    assert facts[DISK_KEY] == {
        "microsoft_account": False,
        "startup_pin": "required",
        "unlocks_itself": False,
    }


@pytest.mark.parametrize(
    ("policy", "required"),
    [
        ({"UseAdvancedStartup": 1, "UseTPMPIN": 1}, True),
        ({"UseAdvancedStartup": 1, "UseTPMPIN": 2}, False),
        ({"UseAdvancedStartup": 0, "UseTPMPIN": 1}, False),
        ({"UseAdvancedStartup": 1, "UseTPMKeyPIN": 1}, True),
        ({}, False),
    ],
)
def test_startup_pin_policy(policy: dict[str, object], required: bool) -> None:
    assert (windows.startup_pin(policy) == "required") is required


def test_windows_lid_and_hibernate(recorded: Recorded) -> None:
    sleep = DiskKeyCollector().collect(recorded("windows11-24h2"))[SLEEP]
    assert sleep == {"lid_action": "sleep", "hibernate": True}


def test_german_powercfg_lid_read_by_its_numbers(recorded: Recorded) -> None:
    sleep = DiskKeyCollector().collect(recorded("windows10-22h2"))[SLEEP]
    assert isinstance(sleep, dict)
    assert sleep["lid_action"] == "shutdown"
    assert isinstance(sleep["hibernate"], Missing)


def test_worse_of_plugged_in_and_battery() -> None:
    text = (
        "x\r\n    Current AC Power Setting Index: 0x00000003\r\n"
        "    Current DC Power Setting Index: 0x00000001\r\n"
    )
    assert windows.parse_lid_action(text) == "sleep"
    assert isinstance(windows.parse_lid_action("nothing here"), Missing)
    assert isinstance(windows.parse_lid_action(text.replace("0x00000001", "0x00000009")), Missing)


def test_hibernation_not_enabled() -> None:
    text = (
        "The following sleep states are available on this system:\r\n    Standby (S3)\r\n\r\n"
        "The following sleep states are not available on this system:\r\n    Hibernate\r\n"
        "        Hibernation has not been enabled.\r\n"
    )
    assert windows.parse_hibernate(text) is False


def test_mac_keeps_the_key_while_asleep(recorded: Recorded) -> None:
    sleep = DiskKeyCollector().collect(recorded("macos15-sequoia"))[SLEEP]
    expected = {"lid_action": "sleep", "hibernatemode": 3, "destroy_key": False, "standby": True}
    assert sleep == expected


def test_mac_drops_the_key(recorded: Recorded) -> None:
    sleep = DiskKeyCollector().collect(recorded("macos14-sonoma"))[SLEEP]
    assert isinstance(sleep, dict)
    assert (sleep["lid_action"], sleep["destroy_key"]) == ("hibernate", True)


def test_mac_recovery_key_needs_an_administrator(recorded: Recorded) -> None:
    key = DiskKeyCollector().collect(recorded("macos14-sonoma"))[DISK_KEY]
    assert isinstance(key, Missing)
    assert key.reason is Reason.permission_denied


def test_pmset_names_with_spaces_and_notes() -> None:
    found = macos.parse_pmset(" Sleep On Power Button 1\n sleep  1 (sleep prevented by powerd)\n")
    assert found == {"sleep on power button": 1, "sleep": 1}
    assert isinstance(macos.sleep_from_pmset({}), Missing)


def test_a_command_missing_spoils_only_its_fact(recorded: Recorded) -> None:
    facts = DiskKeyCollector().collect(recorded("windows11-browsers"))
    assert isinstance(facts[SLEEP], Missing)
    assert isinstance(facts[DISK_KEY], dict)


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        ("", False),
        ("usr/share/initramfs-tools/hooks/clevis", True),
        ("usr/lib/dracut/dracut-version.sh", None),  # LUKS tokens unseen: could not check
    ],
)
def test_clevis_and_dracut(tmp_path: Path, planted: str, expected: bool | None) -> None:
    target = tmp_path / "machine"
    shutil.copytree(host_folder("debian12-crypttab-tpm"), target)
    crypttab = target / "files/etc/crypttab"
    crypttab.write_text(crypttab.read_text().replace(",tpm2-device=auto", ""))
    if planted:
        (target / "files" / planted).parent.mkdir(parents=True, exist_ok=True)
        (target / "files" / planted).write_text("#!/bin/sh\n")
    found = DiskKeyCollector().collect(RecordedHost(target))[DISK_KEY]
    assert isinstance(found, dict)
    assert found["tpm_volumes"] == 0
    if expected is None:
        assert isinstance(found["unlocks_itself"], Missing)
    else:
        assert found["unlocks_itself"] is expected
