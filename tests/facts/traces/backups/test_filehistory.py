"""File History from the Config1.xml Windows writes (tests/fixtures/backups/README.md):
turned on, the kind of drive, never a date it does not keep, never the target's name."""

from __future__ import annotations

from pathlib import Path

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.traces.backups import backups
from tests.facts.traces.backups.conftest import Computer

REAL = (Path(__file__).parents[3] / "fixtures" / "backups" / "filehistory-Config1.xml").read_bytes()
CONFIG = "C:\\Users\\Ana\\AppData\\Local\\Microsoft\\Windows\\FileHistory\\Configuration\\"


def history(computer: Computer, data: bytes, name: str = "Config1.xml") -> dict[str, object]:
    """The one File History item found with this configuration file."""
    value = backups(computer("windows", {CONFIG + name: data}))
    assert isinstance(value, dict) and isinstance(value["tools"], list)
    (item,) = value["tools"]
    assert isinstance(item, dict) and item["tool"] == "File History"
    return item


def test_on_and_copying_to_a_network_share_without_a_date(computer: Computer) -> None:
    item = history(computer, REAL)
    assert item["target"] == "network"
    assert item["encrypted"] is None  # only the drive's BitLocker would encrypt it
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.unsupported


def test_the_target_and_the_person_are_never_kept(computer: Computer) -> None:
    shown = repr(history(computer, REAL))
    for secret in ("labhome099", "FileHistoryBackup", "Admin", "AV-WIN8-004", "6f5671be"):
        assert secret not in shown


def test_a_removable_drive_and_the_twin_file(computer: Computer) -> None:
    data = REAL.replace(b"<TargetDriveType>REMOTE", b"<TargetDriveType>REMOVABLE")
    assert history(computer, data, "Config2.xml")["target"] == "removable"


def test_turned_off_is_never_recent(computer: Computer) -> None:
    item = history(computer, REAL.replace(b">ENABLED<", b">DISABLED<"))
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.not_set


def test_damaged_or_hostile_files_could_not_check(computer: Computer) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><DataProtectionUserConfig/>'
    for data in (REAL[: len(REAL) // 2], bomb, b"<Other/>", b"\xff\xfe\x00garbage"):
        item = history(computer, data)
        assert isinstance(item["days_since"], Missing)
        assert item["days_since"].reason is Reason.parse_error


def test_a_huge_file_could_not_check(computer: Computer) -> None:
    item = history(computer, REAL + b" " * (300 * 1024))
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.too_large
