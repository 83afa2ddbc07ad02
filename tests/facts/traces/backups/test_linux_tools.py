"""borg, restic and Pika Backup on a recorded Debian where the real borg and restic ran
(tests/fixtures/hosts/debian12-backup-tools/README.md), and on damaged or odd files."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from shadowaudit.cli import app
from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.traces.backups import backups
from shadowaudit.facts.traces.backups.restic import MAX_SNAPSHOTS
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder
from tests.facts.traces.backups.conftest import Computer

MACHINE = "debian12-backup-tools"
SECURITY = "/home/ana/.config/borg/security/" + "ab" * 32 + "/"
RESTIC = "/home/ana/.cache/restic/" + "cd" * 32 + "/snapshots/"
PIKA = "/home/ana/.config/pika-backup/"


def items(host: RecordedHost) -> list[dict[str, object]]:
    """The backup items found on a host."""
    value = backups(host)
    assert isinstance(value, dict) and isinstance(value["tools"], list)
    return value["tools"]  # type: ignore[return-value]


def by_tool(host: RecordedHost, name: str) -> list[dict[str, object]]:
    """The items of one tool."""
    return [item for item in items(host) if item["tool"] == name]


def test_the_real_borg_repositories(recorded: Callable[[str], RecordedHost]) -> None:
    found = by_tool(recorded(MACHINE), "BorgBackup")
    assert sorted((i["encrypted"], i["target"], i["days_since"]) for i in found) == [
        (False, "local", 0),
        (True, "local", 0),
    ]
    assert {i["last_success"] for i in found} == {"2026-12-07"}


def test_the_real_restic_repository(recorded: Callable[[str], RecordedHost]) -> None:
    (found,) = by_tool(recorded(MACHINE), "restic")
    assert found == {
        "tool": "restic",
        "last_success": "2026-12-07",
        "days_since": 0,
        "encrypted": True,
        "target": None,
    }


def test_pika_last_completed_run(recorded: Callable[[str], RecordedHost]) -> None:
    (found,) = by_tool(recorded(MACHINE), "Pika Backup")
    assert found["last_success"] == "2026-11-28"
    assert found["days_since"] == 9
    assert found["encrypted"] is True and found["target"] == "removable"


def test_no_place_passphrase_or_id_in_any_output() -> None:
    folder = str(host_folder(MACHINE))
    for command in (["facts"], ["scan", "--format", "json"], ["scan", "--format", "text"]):
        result = CliRunner().invoke(app, ["-v", *command, "--recorded", folder])
        output = (result.stdout + result.stderr).lower()
        assert result.exit_code in (0, 1) and "backup" in output
        for secret in ("canary", "08695618a6", "580a62ec99", "882a1713", "a2538db808"):
            assert secret not in output, secret


def test_borg_odd_files(computer: Computer) -> None:
    files = {
        SECURITY + "manifest-timestamp": b"not a time",
        SECURITY + "key-type": b"255",
        SECURITY + "location": b"ssh://ana@backup.example.org:22/./repo",
    }
    (item,) = items(computer("linux", files))
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.parse_error
    assert item["encrypted"] is None  # a key type borg never wrote
    assert item["target"] == "network"
    assert "example.org" not in repr(item)


def test_borg_without_a_timestamp_is_never_recent(computer: Computer) -> None:
    files = {SECURITY + "key-type": b"3", SECURITY + "location": b"/media/ana/usb/repo"}
    (item,) = items(computer("linux", files))
    assert isinstance(item["days_since"], Missing)
    assert item["encrypted"] is True and item["target"] == "removable"


def test_borg_cache_only_is_present_without_a_date(computer: Computer) -> None:
    (item,) = items(computer("linux", {"/home/ana/.cache/borg/" + "ab" * 32 + "/config": b""}))
    assert item["tool"] == "BorgBackup"
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.unsupported


def test_restic_without_cached_snapshots_has_no_date(computer: Computer) -> None:
    (item,) = items(computer("linux", {"/home/ana/.cache/restic/" + "cd" * 32 + "/version": b"1"}))
    assert isinstance(item["days_since"], Missing)
    assert item["encrypted"] is True


def test_restic_newest_snapshot_counts(computer: Computer) -> None:
    old, new = RESTIC + "aa/aa" + "0" * 62, RESTIC + "ff/ff" + "0" * 62
    times = {old: "2026-10-01T08:00:00+00:00", new: "2026-12-01T08:00:00+00:00"}
    (item,) = items(computer("linux", {old: b"", new: b""}, times))
    assert item["last_success"] == "2026-12-01" and item["days_since"] == 6


def test_restic_past_the_budget_could_not_check(
    computer: Computer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["shadowaudit.facts.traces.backups.restic"], "MAX_SNAPSHOTS", 2)
    files = {RESTIC + f"0{n}/0{n}" + "0" * 62: b"" for n in range(3)}
    (item,) = items(computer("linux", files))
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.too_large
    assert MAX_SNAPSHOTS >= 10_000


def test_pika_damaged_files_could_not_check(computer: Computer) -> None:
    for data in (b"[{", b'{"not": "a list"}', b"\x00" * 64):
        (item,) = items(computer("linux", {PIKA + "backup.json": data}))
        assert isinstance(item["days_since"], Missing)
        assert item["days_since"].reason is Reason.parse_error


def test_pika_huge_file_could_not_check(computer: Computer) -> None:
    (item,) = items(computer("linux", {PIKA + "backup.json": b"[" + b" " * (5 << 20) + b"]"}))
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.too_large


def test_pika_never_completed_and_broken_history(computer: Computer) -> None:
    backup = [{"id": "x", "encrypted": False, "repo": {"type": "Remote", "uri": "ssh://h/r"}}]
    never = {"x": {"run": [], "last_completed": None}}
    files = {PIKA + "backup.json": json.dumps(backup).encode()}
    (item,) = items(computer("linux", {**files, PIKA + "history.json": json.dumps(never).encode()}))
    assert isinstance(item["days_since"], Missing) and item["days_since"].reason is Reason.not_set
    assert item["encrypted"] is False and item["target"] == "network"
    (item,) = items(computer("linux", {**files, PIKA + "history.json": b"{"}))
    assert isinstance(item["days_since"], Missing)
    assert item["days_since"].reason is Reason.parse_error


def test_pika_flatpak_settings(computer: Computer) -> None:
    flatpak = "/home/ana/.var/app/org.gnome.World.PikaBackup/config/pika-backup/"
    backup = [{"id": "y", "encrypted": True, "repo": {"type": "Local", "removable": False}}]
    done = {"y": {"last_completed": {"end": "2026-12-05T23:00:00-05:00"}}}
    files = {
        flatpak + "backup.json": json.dumps(backup).encode(),
        flatpak + "history.json": json.dumps(done).encode(),
    }
    (item,) = items(computer("linux", files))
    assert item["last_success"] == "2026-12-05" and item["target"] == "local"


def test_restic_cache_on_windows_and_macos(computer: Computer) -> None:
    windows = (
        "C:\\Users\\Ana\\AppData\\Local\\restic\\" + "cd" * 32 + "\\snapshots\\ff\\ff" + "0" * 62
    )
    mac = "/Users/ana/Library/Caches/restic/" + "cd" * 32 + "/snapshots/ff/ff" + "0" * 62
    for platform, path in (("windows", windows), ("macos", mac)):
        host = computer(platform, {path: b""}, {path: "2026-12-01T08:00:00+00:00"})
        (item,) = by_tool(host, "restic")
        assert item["days_since"] == 6, platform


def test_pika_mode_none_is_never_encrypted(computer: Computer) -> None:
    backup = [{"id": "z", "encrypted": True, "encryption_mode": "none", "repo": {"type": "Remote"}}]
    (item,) = items(computer("linux", {PIKA + "backup.json": json.dumps(backup).encode()}))
    assert item["encrypted"] is False


def test_borg_2_on_a_mac(computer: Computer) -> None:
    folder = "/Users/ana/Library/Application Support/borg/security/" + "ab" * 32 + "/"
    files = {
        folder + "manifest-timestamp": b"2026-12-05T07:00:00.000001",
        folder + "key-type": b"16",
        folder + "location": b"ssh://ana@backup.example.org/./repo",
    }
    (item,) = items(computer("macos", files))
    assert (item["days_since"], item["encrypted"], item["target"]) == (2, True, "network")


def test_the_repository_pika_runs_is_told_once(computer: Computer) -> None:
    repository = "ab" * 32
    backup = [{"id": "p", "repo_id": repository, "encrypted": True, "repo": {"type": "Remote"}}]
    files = {
        PIKA + "backup.json": json.dumps(backup).encode(),
        SECURITY + "manifest-timestamp": b"2026-12-06T07:00:00.000001",
        SECURITY + "key-type": b"3",
        "/home/ana/.config/borg/security/" + "ef" * 32 + "/key-type": b"2",
    }
    found = items(computer("linux", files))
    assert sorted(str(item["tool"]) for item in found) == ["BorgBackup", "Pika Backup"]
    assert all(
        set(item) == {"tool", "last_success", "days_since", "encrypted", "target"} for item in found
    )
    assert repository not in repr(found)
