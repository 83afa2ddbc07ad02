"""Backups on recorded machines (Time Machine's plist in the keys osquery reads, File History's
configuration folder, Déjà Dup through the real gsettings) and on broken inputs."""

from __future__ import annotations

import plistlib
from collections.abc import Callable
from pathlib import Path

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.traces.backups import BACKUPS, BackupsCollector, backups
from shadowaudit.host import RecordedHost


def tools(host: RecordedHost) -> list[dict[str, object]]:
    """The backup tools found on a host."""
    value = BackupsCollector().collect(host)[BACKUPS]
    assert isinstance(value, dict) and isinstance(value["tools"], list)
    return value["tools"]  # type: ignore[return-value]


def test_time_machine_last_snapshot_and_encryption(
    recorded: Callable[[str], RecordedHost],
) -> None:
    (machine,) = tools(recorded("macos15-sync"))
    assert machine == {
        "tool": "Time Machine",
        "last_success": "2026-11-29",
        "days_since": 2,
        "encrypted": False,
        "target": None,
    }


def test_file_history_is_present_without_a_date(recorded: Callable[[str], RecordedHost]) -> None:
    (history,) = tools(recorded("windows11-sync"))
    assert history["tool"] == "File History"
    assert isinstance(history["days_since"], Missing)
    assert history["days_since"].reason is Reason.unsupported
    assert history["encrypted"] is None


def test_no_known_tool_is_could_not_check(recorded: Callable[[str], RecordedHost]) -> None:
    value = backups(recorded("macos15-messengers"))
    assert isinstance(value, dict)
    assert isinstance(value["tools"], Missing) and value["tools"].reason is Reason.not_installed


def _macos_with_plist(tmp_path: Path, data: bytes) -> RecordedHost:
    """A recorded Mac whose Time Machine plist holds `data`."""
    (tmp_path / "host.yaml").write_text(
        "platform: macos\nhome: /Users/ana\nuser: ana\nhostname: mac\n"
        "now: '2026-12-01T10:00:00+00:00'\n",
        encoding="utf-8",
    )
    plist = tmp_path / "files/Library/Preferences/com.apple.TimeMachine.plist"
    plist.parent.mkdir(parents=True)
    plist.write_bytes(data)
    (tmp_path / "files/Users/ana").mkdir(parents=True)
    return RecordedHost(tmp_path)


def test_a_damaged_time_machine_plist_could_not_check(tmp_path: Path) -> None:
    (machine,) = tools(_macos_with_plist(tmp_path, b"bplist00\x00\x01garbage"))
    assert isinstance(machine["days_since"], Missing)
    assert machine["days_since"].reason is Reason.parse_error


def test_a_destination_that_never_backed_up_has_no_date(tmp_path: Path) -> None:
    data = plistlib.dumps({"Destinations": [{"LastKnownEncryptionState": "Encrypted"}]})
    (machine,) = tools(_macos_with_plist(tmp_path, data))
    assert machine["encrypted"] is True
    assert isinstance(machine["days_since"], Missing)
    assert machine["days_since"].reason is Reason.not_set
