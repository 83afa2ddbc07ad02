"""The cloud-sync map on recorded machines (vendors' formats, sources in each README) and on
broken or huge settings files; the join with located photos."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason, fact_to_json
from shadowaudit.facts.traces.cloud import CLOUD_SYNC, CloudSyncCollector, safe_place, synced_to
from shadowaudit.facts.traces.cloud_roots import MAX_CONFIG
from shadowaudit.facts.traces.photos import PhotosCollector
from shadowaudit.facts.traces.synced_photos import (
    LOCATED_SYNCED,
    LocatedSyncedCollector,
    located_synced,
)
from shadowaudit.host import LocalHost, RecordedHost

SECRETS = ("canary", "gmail", "4242424242")


def sync_of(host: RecordedHost | LocalHost) -> dict[str, object]:
    """The cloud-sync fact of a host, checked free of account details."""
    value = CloudSyncCollector().collect(host)[CLOUD_SYNC]
    shown = json.dumps(fact_to_json(value)).lower()
    for secret in SECRETS:
        assert secret not in shown, secret
    assert isinstance(value, dict)
    return value


def by_provider(value: dict[str, object]) -> dict[str, dict[str, object]]:
    """The services of a cloud-sync fact by provider name."""
    services = value["services"]
    assert isinstance(services, list)
    return {s["provider"]: s for s in services}


def test_onedrive_known_folder_move_dropbox_and_google_drive_on_windows(
    recorded: Callable[[str], RecordedHost],
) -> None:
    value = sync_of(recorded("windows11-sync"))
    services = by_provider(value)
    assert set(services) == {"OneDrive", "Dropbox", "Google Drive"}
    onedrive = services["OneDrive"]
    assert onedrive["place"] == "~/OneDrive"
    assert onedrive["folders"] == ["Desktop", "Documents"]
    assert onedrive["provider_can_read"] is True
    assert onedrive["country"] == "United States"
    assert services["Dropbox"]["place"] == "~/Dropbox"
    # NOTE: Google Drive for desktop's folders come from its root preference database: one
    # in the home, one outside it (shown as such, never by its path).
    drive = [s for s in value["services"] if s["provider"] == "Google Drive"]  # type: ignore[union-attr]
    assert [(s["place"], s["folders"]) for s in drive] == [
        ("~/Pictures", ["Pictures"]),
        ("(outside the home folder)", []),
    ]
    assert value["complete"] is True


def test_macos_file_provider_folders_lose_the_account_and_icloud_depends(
    recorded: Callable[[str], RecordedHost],
) -> None:
    value = sync_of(recorded("macos15-sync"))
    services = by_provider(value)
    drive = [s["place"] for s in value["services"] if s["provider"] == "Google Drive"]  # type: ignore[union-attr]
    assert "~/Library/CloudStorage/GoogleDrive" in drive
    assert services["OneDrive"]["place"] == "~/Library/CloudStorage/OneDrive-Personal"
    icloud = services["iCloud Drive"]
    assert icloud["folders"] == ["Desktop", "Documents"]
    assert isinstance(icloud["provider_can_read"], Missing)


def test_the_located_photo_in_onedrive_is_joined(recorded: Callable[[str], RecordedHost]) -> None:
    host = recorded("windows11-sync")
    facts = {**PhotosCollector().collect(host), **CloudSyncCollector().collect(host)}
    joined = LocatedSyncedCollector().derive(host, facts)[LOCATED_SYNCED]
    assert joined == [
        {"provider": "Google Drive", "photos": 1, "folders": 1, "provider_can_read": True},
        {"provider": "OneDrive", "photos": 3, "folders": 1, "provider_can_read": True},
    ]


def test_photos_are_counted_per_provider_not_folders() -> None:
    sync = {
        "services": [
            {"provider": "OneDrive", "place": "~/OneDrive", "folders": [], "copies": True},
        ]
    }
    photos = {
        "per_folder": {"~/OneDrive/Pictures": 7, "~/OneDrive/Pictures/Trip": 5, "~/Pictures": 2}
    }
    assert located_synced(photos, sync) == [
        {"provider": "OneDrive", "photos": 12, "folders": 2, "provider_can_read": True}
    ]


def test_the_join_without_a_photo_scan_could_not_check(
    recorded: Callable[[str], RecordedHost],
) -> None:
    joined = LocatedSyncedCollector().collect(recorded("windows11-sync"))[LOCATED_SYNCED]
    assert isinstance(joined, Missing)


def test_synced_to_matches_places_and_moved_folders() -> None:
    sync = {
        "services": [
            {"provider": "OneDrive", "place": "~/OneDrive", "folders": ["Desktop"], "copies": True},
            {"provider": "Google Drive", "place": "", "folders": [], "copies": False},
        ]
    }
    assert synced_to(sync, "~/OneDrive/Pictures/Trip") == "OneDrive"
    assert synced_to(sync, "~/Desktop") == "OneDrive"
    assert synced_to(sync, "~/OneDriveOld/Pictures") is None
    assert synced_to(sync, "~/Pictures") is None
    assert synced_to(Missing(Reason.parse_error), "~/Desktop") is None


def test_located_synced_passes_missing_sides_through() -> None:
    denied = Missing(Reason.permission_denied)
    assert located_synced(denied, {"services": []}) is denied
    assert located_synced({"per_folder": {"~/Pictures": 1}}, denied) is denied


def test_an_e_mail_in_a_folder_name_is_cut() -> None:
    assert safe_place("~/Library/CloudStorage/GoogleDrive-a.b@c.org/My Drive") == (
        "~/Library/CloudStorage/GoogleDrive/My Drive"
    )


NEXTCLOUD = (
    "[General]\nclientVersion=3.7.3\n\n[Accounts]\n"
    "0\\Folders\\1\\localPath={home}/Documents/\n"
    "0\\Folders\\1\\targetPath=/CANARY-SERVER-PATH\n"
    "0\\dav_user=CANARY-USER\n0\\url=https://cloud.example.org/nextcloud\nversion=2\n"
)


def home_with(tmp_path: Path, relative: str, data: bytes) -> LocalHost:
    """A home folder holding one settings file."""
    path = tmp_path / relative
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return LocalHost(tmp_path)


def test_nextcloud_keeps_the_folder_and_the_server_host_only(tmp_path: Path) -> None:
    cfg = NEXTCLOUD.format(home=tmp_path).encode()
    value = sync_of(home_with(tmp_path, ".config/Nextcloud/nextcloud.cfg", cfg))
    (service,) = value["services"]  # type: ignore[misc]
    assert service["server"] == "cloud.example.org"
    assert service["folders"] == ["Documents"]
    assert service["place"] == "~/Documents"
    assert isinstance(service["provider_can_read"], Missing)


@pytest.mark.parametrize(
    ("relative", "data", "reason"),
    [
        (".dropbox/info.json", b'{"personal": ', Reason.parse_error),
        (".dropbox/info.json", b"[1, 2]", Reason.parse_error),
        (".config/Nextcloud/nextcloud.cfg", b"x" * (MAX_CONFIG + 1), Reason.too_large),
        (".config/goa-1.0/accounts.conf", b"\xff" * (MAX_CONFIG + 10), Reason.too_large),
    ],
)
def test_broken_or_huge_settings_could_not_check(
    tmp_path: Path, relative: str, data: bytes, reason: Reason
) -> None:
    value = sync_of(home_with(tmp_path, relative, data))
    assert value["services"] == []
    assert isinstance(value["complete"], Missing) and value["complete"].reason is reason
