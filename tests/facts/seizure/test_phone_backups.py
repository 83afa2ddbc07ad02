"""Phone backups: only IsEncrypted and the date leave a backup's property lists."""

from __future__ import annotations

import plistlib
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.seizure.phone_backups import (
    MANIFEST_LIMIT,
    PHONE_BACKUPS,
    PhoneBackupsCollector,
    backup_facts,
)
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder
from tests.fixtures.make_phone_backups import CANARY_DEVICE, CANARY_SERIAL, manifest, status

Recorded = Callable[[str], RecordedHost]
NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)
BACKUPS = Path("files/C/Users/Ana/AppData/Roaming/Apple Computer/MobileSync/Backup")


def test_both_windows_folders(recorded: Recorded) -> None:
    backups = PhoneBackupsCollector().collect(recorded("windows11-24h2"))[PHONE_BACKUPS]
    assert isinstance(backups, list)
    shown = [(b["encrypted"], b["date"]) for b in backups]  # type: ignore[index,call-overload]
    assert shown == [(False, "2025-02-14"), (True, "2026-10-30")]
    text = repr(backups)
    for secret in (CANARY_DEVICE, CANARY_SERIAL, "00008101-000A1B2C3D4E5F60", "iPhone14"):
        assert secret not in text


def test_macos_folder_behind_privacy_controls(recorded: Recorded) -> None:
    (backup,) = PhoneBackupsCollector().collect(recorded("macos15-sequoia"))[PHONE_BACKUPS]  # type: ignore[misc]
    assert isinstance(backup["encrypted"], Missing)  # type: ignore[index,call-overload]
    assert backup["encrypted"].reason is Reason.permission_denied  # type: ignore[index,call-overload,union-attr]


def test_no_backup_folder(recorded: Recorded) -> None:
    assert PhoneBackupsCollector().collect(recorded("windows10-22h2")) == {PHONE_BACKUPS: []}


def test_date_falls_back_to_the_manifest() -> None:
    loaded = plistlib.loads(manifest("U", datetime(2026, 1, 2, 3, 4), True))
    found = backup_facts(loaded, Missing(Reason.not_installed), NOW)
    assert found == {"encrypted": True, "date": "2026-01-02", "age_days": 323}


def _copy(tmp_path: Path) -> tuple[RecordedHost, Path]:
    """A copy of the Windows laptop whose first backup the test may spoil."""
    target = tmp_path / "machine"
    shutil.copytree(host_folder("windows11-24h2"), target)
    (first,) = (target / BACKUPS).iterdir()
    return RecordedHost(target), first


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: (p / "Manifest.plist").write_bytes(b"bplist00\x00\x01garbage"),
        lambda p: (p / "Manifest.plist").write_bytes(plistlib.dumps(["not", "a", "dict"])),
        lambda p: (p / "Manifest.plist").write_bytes(b"\0" * (MANIFEST_LIMIT + 1)),
        lambda p: (p / "Manifest.plist").write_bytes(plistlib.dumps({"IsEncrypted": "yes"})),
    ],
    ids=["damaged", "not-a-dictionary", "huge", "odd-value"],
)
def test_spoiled_manifest_is_could_not_check(
    tmp_path: Path, spoil: Callable[[Path], object]
) -> None:
    host, first = _copy(tmp_path)
    spoil(first)
    backups = PhoneBackupsCollector().collect(host)[PHONE_BACKUPS]
    assert isinstance(backups, list) and len(backups) == 2
    assert isinstance(backups[0]["encrypted"], Missing)  # type: ignore[index,call-overload]
    assert backups[1]["encrypted"] is True  # type: ignore[index,call-overload]


def test_damaged_status_keeps_the_manifest_date(tmp_path: Path) -> None:
    host, first = _copy(tmp_path)
    (first / "Status.plist").write_bytes(b"<plist><dict><key>Date")
    backups = PhoneBackupsCollector().collect(host)[PHONE_BACKUPS]
    assert backups[0]["date"] == "2025-02-14"  # type: ignore[index,call-overload]


def test_folder_without_manifest_is_not_a_backup(tmp_path: Path) -> None:
    host, first = _copy(tmp_path)
    (first / "Manifest.plist").unlink()
    (first / "Status.plist").write_bytes(status(datetime(2026, 1, 1)))
    backups = PhoneBackupsCollector().collect(host)[PHONE_BACKUPS]
    assert [b["encrypted"] for b in backups] == [True]  # type: ignore[index,call-overload]
