"""Microsoft Office's user name: the registry of a recorded Windows 11, and macOS's
MeContact.plist written with plistlib as `defaults write` writes it."""

from __future__ import annotations

import json
import plistlib
from collections.abc import Callable
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.traces.office.microsoft import name_set
from shadowaudit.host import RecordedHost
from tests.facts.traces.office.test_libreoffice import suites


def test_word_on_the_recorded_windows(recorded: Callable[[str], RecordedHost]) -> None:
    (office,) = suites(recorded("windows11-24h2"))
    assert office == {
        "id": "microsoft-office",
        "label": "Microsoft Office",
        "kind": "microsoft_office",
        "name_set": True,
        "removes_on_saving": False,
        "keeps_names": False,
    }
    assert "Witness" not in json.dumps(office)


def test_no_office_key_no_subject(recorded: Callable[[str], RecordedHost]) -> None:
    assert suites(recorded("windows11-sync")) == []


@pytest.mark.parametrize(
    ("name", "initials", "expected"),
    [
        ("Ana Witness", "", True),
        ("", "AW", True),
        ("Microsoft Office User", "MO", False),
        ("Ana Witness".encode("utf-16-le") + b"\x00\x00", None, True),
        (b"\x00\x00", None, None),
        ("  ", None, None),
        (None, None, None),
    ],
)
def test_name_set(name: object, initials: object, expected: bool | None) -> None:
    found = name_set(name, initials)
    if expected is None:
        # Empty: Office may take the name of the signed-in account, not readable here.
        assert isinstance(found, Missing) and found.reason is Reason.unsupported
    else:
        assert found is expected


def _mac(tmp_path: Path, data: bytes | None) -> RecordedHost:
    """A recorded Mac whose Office MeContact.plist holds `data` (None: no such file)."""
    (tmp_path / "host.yaml").write_text(
        "platform: macos\nhome: /Users/ana\nuser: ana\nhostname: mac\n"
        "now: '2026-12-07T10:00:00+00:00'\n",
        encoding="utf-8",
    )
    folder = tmp_path / "files/Users/ana/Library/Group Containers/UBF8T346G9.Office"
    folder.mkdir(parents=True)
    if data is not None:
        (folder / "MeContact.plist").write_bytes(data)
    return RecordedHost(tmp_path)


def test_word_for_mac(tmp_path: Path) -> None:
    card = plistlib.dumps({"Name": "Ana Witness", "Initials": "AW"}, fmt=plistlib.FMT_BINARY)
    (office,) = suites(_mac(tmp_path, card))
    assert office["name_set"] is True and office["removes_on_saving"] is False
    assert "Witness" not in json.dumps(office)


def test_word_for_mac_damaged_card(tmp_path: Path) -> None:
    (office,) = suites(_mac(tmp_path, b"bplist00\x00garbage"))
    assert isinstance(office["name_set"], Missing)
    assert office["name_set"].reason is Reason.parse_error


def test_no_office_on_the_mac(tmp_path: Path) -> None:
    assert suites(_mac(tmp_path, None)) == []


def test_office_for_mac_with_its_placeholder_name(
    recorded: Callable[[str], RecordedHost],
) -> None:
    # Volume-licensed Office writes "Microsoft Office User": not a person.
    (office,) = suites(recorded("macos14-sonoma"))
    assert (office["name_set"], office["removes_on_saving"]) == (False, False)
