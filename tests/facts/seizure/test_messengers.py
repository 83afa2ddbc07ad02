"""The messengers collector on homes laid out as each app writes them, on every platform."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.seizure.messengers.collector import (
    HISTORY,
    SIGNAL,
    TELEGRAM,
    WHATSAPP,
    MessengersCollector,
)
from shadowaudit.host import RecordedHost
from tests.fixtures.tdata import key_datas

CANARY = "c0ffee00" * 8
HOMES = {"linux": "/home/ana", "macos": "/Users/ana", "windows": "C:/Users/ana"}


def machine(tmp_path: Path, platform: str, files: dict[str, bytes], **meta: object) -> RecordedHost:
    """A recorded machine in tmp_path holding `files` (paths relative to the home)."""
    home = HOMES[platform]
    (tmp_path / "host.yaml").write_text(
        yaml.safe_dump(
            {"platform": platform, "home": home, "now": "2026-12-01T10:00:00+00:00", **meta}
        ),
        encoding="utf-8",
    )
    root = tmp_path / "files" / home.replace("C:/", "C/").lstrip("/")
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return RecordedHost(tmp_path)


def config(**keys: str) -> bytes:
    """A Signal config.json with these keys."""
    return json.dumps(keys).encode()


def by_label(facts: object) -> dict[str, dict[str, object]]:
    """Subjects by label."""
    assert isinstance(facts, list)
    return {str(s["label"]): s for s in facts}  # type: ignore[index]


def test_linux_signal_shapes_and_their_verdicts(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        "linux",
        {
            ".config/Signal/config.json": config(
                encryptedKey="ab" * 40, safeStorageBackend="gnome_libsecret"
            ),
            ".config/Signal/sql/db.sqlite": b"\x00" * 64,
            ".var/app/org.signal.Signal/config/Signal/config.json": config(
                key=CANARY, encryptedKey="cd" * 40, safeStorageBackend="gnome_libsecret"
            ),
            ".var/app/org.signal.Signal/config/Signal/sql/db.sqlite": b"",
            "snap/signal-desktop/current/.config/Signal/config.json": config(
                encryptedKey="ef" * 40, safeStorageBackend="basic_text"
            ),
            ".config/Signal Beta/config.json": config(encryptedKey="01" * 40),
        },
    )
    signal = by_label(MessengersCollector().collect(host)[SIGNAL])
    assert signal["Signal"]["key_storage"] == "key_store"
    assert signal["Signal"]["backend"] == "gnome_libsecret"
    assert signal["Signal (Flatpak)"]["key_storage"] == "plain_text"  # key beside encryptedKey
    assert signal["Signal (Snap)"]["key_storage"] == "plain_text"  # basic_text locks nothing
    assert signal["Signal (Snap)"]["database"] is False
    assert isinstance(
        signal["Signal Beta"]["key_storage"], Missing
    )  # no backend named: never a pass
    assert CANARY not in repr(MessengersCollector().collect(host))


def test_windows_store_apps_and_tdata(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        "windows",
        {
            "AppData/Roaming/Signal/config.json": config(encryptedKey="ab" * 40),
            "AppData/Roaming/Signal/sql/db.sqlite": b"",
            "AppData/Roaming/Telegram Desktop/tdata/key_datas": key_datas(),
            "AppData/Roaming/Telegram Desktop/tdata/D877F783D5D3EF8C/maps": b"",
            "AppData/Local/Packages/5319275A.WhatsAppDesktop_cv1g1gvanyjgm/Settings/x": b"",
            "AppData/Local/Packages/TelegramMessengerLLP.TelegramDesktop_t4vj0pshhgkwm/"
            "LocalCache/Roaming/Telegram Desktop UWP/tdata/key_datas": key_datas(b"1234"),
        },
        env={
            "APPDATA": "C:/Users/ana/AppData/Roaming",
            "LOCALAPPDATA": "C:/Users/ana/AppData/Local",
        },
    )
    facts = MessengersCollector().collect(host)
    assert by_label(facts[SIGNAL])["Signal"]["key_storage"] == "key_store"
    telegram = by_label(facts[TELEGRAM])
    assert telegram["Telegram"]["account"] is True
    assert telegram["Telegram"]["local_passcode"] is False
    assert telegram["Telegram (Store)"]["account"] is False  # no account folder
    assert telegram["Telegram (Store)"]["local_passcode"] is True
    assert list(by_label(facts[WHATSAPP])) == ["WhatsApp (Store)"]
    assert sorted(by_label(facts[HISTORY])) == ["Signal", "Telegram", "WhatsApp (Store)"]


def test_macos_plain_key_and_the_whatsapp_app(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        "macos",
        {
            "Library/Application Support/Signal/config.json": config(key=CANARY),
            "Library/Application Support/Signal/sql/db.sqlite": b"",
            "Applications/WhatsApp.app/Contents/Info.plist": b"",
        },
    )
    facts = MessengersCollector().collect(host)
    assert by_label(facts[SIGNAL])["Signal"]["key_storage"] == "plain_text"
    assert list(by_label(facts[WHATSAPP])) == ["WhatsApp"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", Reason.parse_error),
        (b"[1, 2]", Reason.parse_error),
        (b"{}", Reason.parse_error),
        (b"{" + b" " * (2 * 1024 * 1024) + b"}", Reason.too_large),
    ],
    ids=["broken", "a list", "no key", "huge"],
)
def test_damaged_signal_config_is_could_not_check(
    tmp_path: Path, data: bytes, reason: Reason
) -> None:
    host = machine(
        tmp_path,
        "linux",
        {".config/Signal/config.json": data, ".config/Signal/sql/db.sqlite": b""},
    )
    storage = MessengersCollector().collect(host)[SIGNAL][0]["key_storage"]  # type: ignore[index]
    assert isinstance(storage, Missing) and storage.reason is reason


def test_unreadable_and_damaged_tdata(tmp_path: Path) -> None:
    tdata = ".local/share/TelegramDesktop/tdata"
    host = machine(
        tmp_path,
        "linux",
        {
            f"{tdata}/key_datas": key_datas()[:-3],
            f"{tdata}/D877F783D5D3EF8C/maps": b"",
            ".var/app/org.telegram.desktop/data/TelegramDesktop/tdata/key_datas": key_datas(),
        },
        unreadable=["/home/ana/.var/app/org.telegram.desktop/data/TelegramDesktop/tdata"],
    )
    telegram = by_label(MessengersCollector().collect(host)[TELEGRAM])
    damaged = telegram["Telegram"]["local_passcode"]
    assert isinstance(damaged, Missing) and damaged.reason is Reason.parse_error
    locked = telegram["Telegram (Flatpak)"]
    assert isinstance(locked["account"], Missing)
    assert isinstance(locked["local_passcode"], Missing)
    assert "Telegram (Flatpak)" in by_label(MessengersCollector().collect(host)[HISTORY])


def test_no_key_or_derived_key_in_logs_or_facts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shadowaudit.facts.seizure.messengers import tdf

    made: list[bytes] = []
    real = tdf.passcode_key

    def spy(passcode: bytes, salt: bytes, iterations: int) -> bytes:
        made.append(real(passcode, salt, iterations))
        return made[-1]

    monkeypatch.setattr(tdf, "passcode_key", spy)
    local_key = bytes(range(256))
    data = key_datas(local_key=local_key)
    host = machine(
        tmp_path,
        "linux",
        {
            ".local/share/TelegramDesktop/tdata/key_datas": data,
            ".local/share/TelegramDesktop/tdata/D877F783D5D3EF8C/maps": b"",
            ".config/Signal/config.json": config(key=CANARY),
            ".config/Signal/sql/db.sqlite": b"",
        },
    )
    with caplog.at_level(logging.DEBUG):
        facts = MessengersCollector().collect(host)
    seen = repr(facts) + caplog.text
    assert made, "the passcode key was made"
    secrets = [CANARY, made[0].hex(), made[0][:16].hex(), local_key.hex(), data[8:40].hex()]
    assert not [s for s in secrets if s in seen or s.upper() in seen]


@pytest.mark.parametrize(("newer_broken", "expected"), [(False, False), (True, True)])
def test_older_key_files_are_read_newer_first(
    tmp_path: Path, newer_broken: bool, expected: bool
) -> None:
    # tdesktop's ReadFile: without key_datas, key_data0 and key_data1, the newer first, and
    # the other when the newer does not pass its checks.
    tdata = ".local/share/TelegramDesktop/tdata"
    newer = key_datas()[:-1] if newer_broken else key_datas()
    host = machine(
        tmp_path,
        "linux",
        {
            f"{tdata}/key_data0": key_datas(b"passcode"),
            f"{tdata}/key_data1": newer,
            f"{tdata}/D877F783D5D3EF8C/maps": b"",
        },
        modified={
            f"/home/ana/{tdata}/key_data0": "2026-01-01T00:00:00+00:00",
            f"/home/ana/{tdata}/key_data1": "2026-06-01T00:00:00+00:00",
        },
    )
    telegram = MessengersCollector().collect(host)[TELEGRAM][0]  # type: ignore[index]
    assert telegram["account"] is True
    assert telegram["local_passcode"] is expected
