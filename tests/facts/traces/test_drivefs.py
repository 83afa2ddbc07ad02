"""Google Drive for desktop's copied folders from its root preference database (recorded
machines built with DriveFS Sleuth's schema; damaged, huge and empty variants)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, fact_to_json
from shadowaudit.facts.traces.cloud import CLOUD_SYNC, CloudSyncCollector
from shadowaudit.facts.traces.drivefs import DATABASE, drivefs_folders
from shadowaudit.host import LocalHost, RecordedHost
from tests.conftest import host_folder

DRIVEFS = "files/C/Users/Ana/AppData/Local/Google/DriveFS"


def windows_with(tmp_path: Path, data: bytes | None) -> RecordedHost:
    """windows11-sync with another root preference database (None: without one)."""
    folder = tmp_path / "machine"
    shutil.copytree(host_folder("windows11-sync"), folder)
    database = folder / DRIVEFS / DATABASE
    database.unlink()
    if data is not None:
        database.write_bytes(data)
    return RecordedHost(folder)


def google(host: RecordedHost | LocalHost) -> tuple[list[dict[str, object]], object]:
    """The Google Drive services of a host's sync map, and whether the map is complete;
    checked free of the account id, titles and paths outside the home."""
    value = CloudSyncCollector().collect(host)[CLOUD_SYNC]
    shown = json.dumps(fact_to_json(value)).lower()
    for secret in ("canary", "4242424242", "d:\\\\", "\\\\\\\\?"):
        assert secret not in shown, secret
    assert isinstance(value, dict)
    services = [s for s in value["services"] if s["provider"] == "Google Drive"]
    return services, value["complete"]


def test_the_mirrored_folders_are_read_on_windows() -> None:
    host = RecordedHost(host_folder("windows11-sync"))
    paths = drivefs_folders(host, [])
    assert [str(p) for p in paths or []] == ["C:\\Users\\Ana\\Pictures", "D:\\canary-evidence"]


def test_a_folder_backed_up_to_google_photos_on_macos() -> None:
    services, complete = google(RecordedHost(host_folder("macos15-sync")))
    places = sorted(str(s["place"]) for s in services)
    assert places == ["~/Library/CloudStorage/GoogleDrive", "~/Pictures"]
    assert complete is True


def test_without_drivefs_nothing_is_read(tmp_path: Path) -> None:
    assert drivefs_folders(LocalHost(tmp_path), []) is None


def database(tmp_path: Path, columns: str, rows: list[tuple[object, ...]]) -> bytes:
    """The bytes of an SQLite file with one `roots` table of these columns and rows."""
    path = tmp_path / "roots.db"
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE roots (root_id INTEGER PRIMARY KEY, {columns})")
    marks = ", ".join("?" * (columns.count(",") + 2))
    db.executemany(f"INSERT INTO roots VALUES ({marks})", rows)
    db.commit()
    db.close()
    return path.read_bytes()


def _empty_database(tmp_path: Path) -> bytes:
    """A root preference database with no root: DriveFS streaming only."""
    return database(tmp_path, "last_seen_absolute_path TEXT", [])


def test_streaming_only_is_present_with_its_folders_not_told(tmp_path: Path) -> None:
    services, complete = google(windows_with(tmp_path, _empty_database(tmp_path)))
    (service,) = services
    assert isinstance(service["folders"], Missing)
    assert complete is True
    services, complete = google(windows_with(tmp_path / "none", None))
    assert len(services) == 1 and complete is True


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"SQLite format 3\x00" + b"\xff" * 4000,
        b"not a database at all",
    ],
)
def test_a_damaged_database_could_not_check(tmp_path: Path, data: bytes) -> None:
    services, complete = google(windows_with(tmp_path, data))
    (service,) = services
    assert isinstance(service["folders"], Missing)
    assert isinstance(complete, Missing)


def test_a_database_of_another_shape_could_not_check(tmp_path: Path) -> None:
    data = database(tmp_path, "title TEXT", [(1, "canary-title")])
    services, complete = google(windows_with(tmp_path, data))
    assert len(services) == 1 and isinstance(complete, Missing)


def test_many_roots_are_capped(tmp_path: Path) -> None:
    rows = [(i, f"C:\\Users\\Ana\\Folder{i}") for i in range(5000)]
    data = database(tmp_path, "last_seen_absolute_path TEXT", rows)
    host = windows_with(tmp_path, data)
    assert len(drivefs_folders(host, []) or []) == 100
