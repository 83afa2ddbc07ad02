"""Which apps used the camera and microphone: Windows' record; macOS and Linux by hand."""

from __future__ import annotations

from collections.abc import Callable

from shadowaudit.facts.base import Reason
from shadowaudit.facts.presence.camera.collector import CameraMicrophoneCollector
from shadowaudit.facts.presence.camera.consent import filetime
from shadowaudit.host.recorded import RecordedHost

Recorded = Callable[[str], RecordedHost]


def test_windows_consent_store_names_the_program_and_its_last_use(recorded: Recorded) -> None:
    facts = CameraMicrophoneCollector().collect(recorded("windows11-24h2"))
    recent = facts["presence.camera_microphone_recent"]
    assert isinstance(recent, list)
    first = recent[0]
    assert first == {
        "name": "syncbox.exe",
        "program": r"~\AppData\Roaming\Syncbox\syncbox.exe",
        "device": "microphone",
        "scope": "user",
        "allowed": True,  # follows NonPackaged's Value
        "in_use": True,  # LastUsedTimeStop is 0
        "last_used": "2026-11-21 02:10 UTC",
        "days_since_used": 0,
    }
    assert {(u["name"], u["device"]) for u in recent} == {  # type: ignore[index]
        ("syncbox.exe", "microphone"),
        ("Zoom.exe", "camera"),
        ("Zoom.exe", "microphone"),
    }
    every = facts["presence.camera_microphone"]
    assert isinstance(every, list)
    maps = [u for u in every if u["name"] == "Microsoft.WindowsMaps"]  # type: ignore[index]
    assert maps[0]["allowed"] is False and maps[0]["device"] == "location"  # type: ignore[index]


def test_macos_and_linux_are_could_not_check(recorded: Recorded) -> None:
    mac = CameraMicrophoneCollector().collect(recorded("macos15-sequoia"))
    assert (
        getattr(mac["presence.camera_microphone_recent"], "reason", None)
        is Reason.permission_denied
    )
    linux = CameraMicrophoneCollector().collect(recorded("debian12-autostart"))
    assert getattr(linux["presence.camera_microphone_recent"], "reason", None) is Reason.unsupported


def test_filetimes_out_of_range_are_none() -> None:
    assert filetime(0) is None and filetime(-5) is None and filetime("x") is None
    assert filetime(2**63 * 100) is None
    assert filetime(133_000_000_000_000_000) is not None


def test_a_windows_without_the_consent_store_is_could_not_check(recorded: Recorded) -> None:
    facts = CameraMicrophoneCollector().collect(recorded("windows11-browsers"))
    assert getattr(facts["presence.camera_microphone_recent"], "reason", None) is (
        Reason.not_installed
    )
