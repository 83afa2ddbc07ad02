"""Telegram Desktop's passcode check against OpenSSL's IGE vectors and tdesktop's format."""

from __future__ import annotations

import hashlib
import struct

import pytest

from shadowaudit.facts.seizure.messengers import tdf
from shadowaudit.facts.seizure.messengers.tdf import TdfError, has_local_passcode, ige, read_tdf
from tests.fixtures.tdata import key_datas

# OpenSSL test/igetest.c, ige_test_vectors 0 (encrypt) and 1 (decrypt).
KEY0 = bytes(range(16))
IV0 = bytes(range(32))
OUT0 = bytes.fromhex("1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb")
KEY1 = b"This is an imple"
IV1 = b"mentation of IGE mode for OpenSS"
IN1 = b"L. Let's hope Ben got it right!\n"
OUT1 = bytes.fromhex("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b")


def test_ige_matches_openssl_vectors() -> None:
    assert ige(KEY0, IV0, bytes(32), decrypt=False) == OUT0
    assert ige(KEY0, IV0, OUT0, decrypt=True) == bytes(32)
    assert ige(KEY1, IV1, IN1, decrypt=True) == OUT1
    assert ige(KEY1, IV1, OUT1, decrypt=False) == IN1


def test_empty_passcode_opens_and_a_real_one_does_not() -> None:
    assert has_local_passcode(key_datas()) is False
    assert has_local_passcode(key_datas(b"correct horse")) is True


def test_file_written_by_the_real_telegram_desktop(recorded) -> None:  # type: ignore[no-untyped-def]
    # Debian 12's telegram-desktop 4.6.5, run headless: a fresh install has no passcode.
    host = recorded("debian12-messengers")
    tdata = host.home / ".local/share/TelegramDesktop/tdata"
    data = host.read_bytes(tdata / "key_datas")
    assert data.startswith(b"TDF$") and [len(a) for a in read_tdf(data)] == [32, 288, 32]
    assert has_local_passcode(data) is False


def _resign(body: bytes, version: bytes = struct.pack("<i", 4006005)) -> bytes:
    """A TDF$ file around `body` with a correct MD5, as tdesktop signs it."""
    md5 = hashlib.md5(body + struct.pack("<i", len(body)) + version + b"TDF$").digest()
    return b"TDF$" + version + body + md5


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"TDF$",
        b"NOPE" + bytes(40),
        key_datas()[:-1] + b"\x00",  # MD5 no longer matches
        _resign(b"\x00\x00\x00\x10abc"),  # an array longer than the file
        _resign(struct.pack(">I", 5) + b"short"),  # a salt of the wrong size
        _resign(struct.pack(">I", 32) + bytes(32) + struct.pack(">I", 20) + bytes(20)),
        b"TDF$" + bytes(tdf.MAX_FILE),
    ],
    ids=["empty", "magic only", "bad magic", "bad md5", "cut array", "bad salt", "odd key", "huge"],
)
def test_broken_files_are_refused_without_their_bytes(data: bytes) -> None:
    with pytest.raises(TdfError) as caught:
        has_local_passcode(data)
    message = str(caught.value)
    assert data[8:40].hex() not in message or not data[8:40]
    assert len(message) < 80


def test_only_one_cheap_key_derivation_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # The work is bounded: one PBKDF2 round with tdesktop's own count, whatever the file says.
    counts: list[int] = []
    real = hashlib.pbkdf2_hmac

    def spy(name: str, password: bytes, salt: bytes, iterations: int, dklen: int) -> bytes:
        counts.append(iterations)
        return real(name, password, salt, iterations, dklen)

    monkeypatch.setattr(tdf.hashlib, "pbkdf2_hmac", spy)
    locked = key_datas(b"a long passcode")
    counts.clear()
    assert has_local_passcode(locked) is True
    assert counts == [1]
