"""How a backup item reads in the report: its date, encryption and the kind of place."""

from __future__ import annotations

from shadowaudit.report.traces_words import backup_details


def test_a_backup_on_a_drive_you_plug_in() -> None:
    item = {"tool": "Pika Backup", "last_success": "2026-11-28", "days_since": 9}
    assert backup_details({**item, "encrypted": True, "target": "removable"}) == [
        "last backup that worked: 2026-11-28, 9 days ago",
        "encrypted",
        "kept on a drive you plug in",
    ]


def test_a_backup_on_this_computer_says_it_is_lost_with_it() -> None:
    item = {"tool": "BorgBackup", "days_since": None, "encrypted": None, "target": "local"}
    assert backup_details(item) == [
        "no date of a backup that worked",
        "kept on this computer, so it is lost with it",
    ]


def test_an_unknown_place_says_nothing_of_it() -> None:
    item = {"tool": "restic", "days_since": 0, "last_success": "2026-12-07", "target": None}
    assert len(backup_details({**item, "encrypted": True})) == 2
