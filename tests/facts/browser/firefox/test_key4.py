"""Primary Password detection from key4.db, on NSS-shaped test vectors and broken input."""

from __future__ import annotations

import hashlib
import hmac
import os

import pytest
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from shadowaudit.facts.browser.firefox.der import DerError
from shadowaudit.facts.browser.firefox.key4 import (
    AES256_CBC,
    HMAC_SHA256,
    PBE_SHA1_3DES,
    PBES2,
    PBKDF2,
    primary_password_is_set,
)

PLAIN = b"password-check\x02\x02"


def der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def seq(*parts: bytes) -> bytes:
    return der(0x30, b"".join(parts))


def oid(dotted: str) -> bytes:
    numbers = [int(n) for n in dotted.split(".")]
    body = bytes([40 * numbers[0] + numbers[1]])
    for number in numbers[2:]:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.insert(0, 0x80 | (number & 0x7F))
            number >>= 7
        body += bytes(chunk)
    return der(0x06, body)


def integer(value: int) -> bytes:
    return der(0x02, value.to_bytes((value.bit_length() + 8) // 8, "big"))


def pbes2_item2(global_salt: bytes, password: bytes, iterations: int) -> bytes:
    """What NSS writes for the password check, encrypted under `password`."""
    entry_salt, iv = os.urandom(32), os.urandom(14)
    digest = hashlib.sha384 if len(global_salt) == 48 else hashlib.sha1
    key = hashlib.pbkdf2_hmac(
        "sha256", digest(global_salt + password).digest(), entry_salt, iterations, 32
    )
    encryptor = Cipher(algorithms.AES(key), modes.CBC(b"\x04\x0e" + iv)).encryptor()
    ciphertext = encryptor.update(PLAIN) + encryptor.finalize()
    kdf = seq(
        oid(PBKDF2),
        seq(
            der(0x04, entry_salt),
            integer(iterations),
            integer(32),
            seq(oid(HMAC_SHA256), der(0x05, b"")),
        ),
    )
    return seq(
        seq(oid(PBES2), seq(kdf, seq(oid(AES256_CBC), der(0x04, iv)))), der(0x04, ciphertext)
    )


def sha1_3des_item2(global_salt: bytes, password: bytes) -> bytes:
    entry_salt = os.urandom(20)
    hashed = hashlib.sha1(global_salt + password).digest()
    combined = hashlib.sha1(hashed + entry_salt).digest()
    padded = entry_salt.ljust(20, b"\x00")
    k1 = hmac.new(combined, padded + entry_salt, hashlib.sha1).digest()
    tk = hmac.new(combined, padded, hashlib.sha1).digest()
    k2 = hmac.new(combined, tk + entry_salt, hashlib.sha1).digest()
    material = k1 + k2
    encryptor = Cipher(TripleDES(material[:24]), modes.CBC(material[-8:])).encryptor()
    ciphertext = encryptor.update(b"password-check\x02\x02") + encryptor.finalize()
    return seq(
        seq(oid(PBE_SHA1_3DES), seq(der(0x04, entry_salt), integer(1))), der(0x04, ciphertext)
    )


@pytest.mark.parametrize("salt_length", [20, 48])
def test_empty_password_means_no_primary_password(salt_length: int) -> None:
    salt = os.urandom(salt_length)
    assert primary_password_is_set(salt, pbes2_item2(salt, b"", 1)) is False


@pytest.mark.parametrize("salt_length", [20, 48])
def test_a_real_password_is_detected_without_knowing_it(salt_length: int) -> None:
    salt = os.urandom(salt_length)
    assert primary_password_is_set(salt, pbes2_item2(salt, b"correct horse", 10000)) is True


def test_the_iteration_count_is_not_trusted_alone() -> None:
    # NSS_MIN_MP_PBE_ITERATION_COUNT can change counts; decryption decides.
    salt = os.urandom(20)
    assert primary_password_is_set(salt, pbes2_item2(salt, b"", 50)) is False
    assert primary_password_is_set(salt, pbes2_item2(salt, b"pw", 1)) is True


def test_legacy_3des_check() -> None:
    salt = os.urandom(20)
    assert primary_password_is_set(salt, sha1_3des_item2(salt, b"")) is False
    assert primary_password_is_set(salt, sha1_3des_item2(salt, b"secret")) is True


@pytest.mark.parametrize(
    "item2",
    [
        b"",
        b"\x30",
        b"\x30\x05\x00",
        b"\x04\x02ab",
        seq(seq(oid("1.2.3.4"), seq()), der(4, b"x")),
        seq(seq(oid(PBES2)), der(4, b"x")),
        os.urandom(64),
    ],
)
def test_malformed_structures_raise_der_error(item2: bytes) -> None:
    with pytest.raises(DerError):
        primary_password_is_set(os.urandom(20), item2)
