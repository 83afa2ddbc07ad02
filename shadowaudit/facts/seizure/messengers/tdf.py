"""Telegram Desktop's local passcode: is one set? Decided from tdata/key_datas as tdesktop does.

tdesktop (telegramdesktop/tdesktop) writes key_datas with `Storage::Domain::writeAccounts`
(storage/storage_domain.cpp) through `FileWriteDescriptor` (storage/details/
storage_file_utilities.cpp): "TDF$", the app version (int32, little-endian), the data, then
an MD5 of data + size + version + magic. The data is three Qt byte arrays (a big-endian
length, then the bytes): the salt (32 bytes), the local key encrypted with the passcode key,
and the account list encrypted with the local key. `CreateLocalKey` makes the passcode key:
PBKDF2-HMAC-SHA512 over SHA512(salt + passcode + salt), with 1 iteration for an empty
passcode and 100,000 for a real one; `DecryptLocal` decrypts with AES-256-IGE, key and IV from
`AuthKey::prepareAES_oldmtp` (mtproto/mtproto_auth_key.cpp), and accepts the result when its
SHA-1 starts with the 16 bytes stored before it.

Only the empty passcode is ever tried, with tdesktop's own iteration count for it (never a
count read from the file). The keys made here stay in this module's local variables: no log,
no exception message and no fact ever holds them; only True or False leaves.
"""

from __future__ import annotations

import hashlib
import struct

MAGIC = b"TDF$"
SALT_SIZE = 32
#: `MTP::AuthKey::kSize`: the local key and the passcode key are 256 bytes.
KEY_SIZE = 256
#: tdesktop's `CreateLocalKey`: "Don't slow down for no password."
EMPTY_PASSCODE_ITERATIONS = 1
#: key_datas is about 400 bytes; anything far larger is not a file tdesktop wrote.
MAX_FILE = 64 * 1024
_BLOCK = 16


class TdfError(ValueError):
    """A key_datas file tdesktop would refuse. The message never holds file bytes."""


def read_tdf(data: bytes) -> list[bytes]:
    """The byte arrays of a TDF$ file, after the magic and MD5 checks of `ReadFile`."""
    if len(data) > MAX_FILE:
        raise TdfError("larger than any key file tdesktop writes")
    if len(data) < 8 + 16 or not data.startswith(MAGIC):
        raise TdfError("no TDF$ header")
    version = data[4:8]
    body, signature = data[8:-16], data[-16:]
    check = hashlib.md5(usedforsecurity=False)
    for part in (body, struct.pack("<i", len(body)), version, MAGIC):
        check.update(part)
    if check.digest() != signature:
        raise TdfError("MD5 check failed")
    arrays, offset = [], 0
    while offset < len(body):
        if offset + 4 > len(body):
            raise TdfError("cut-off byte array")
        (size,) = struct.unpack(">I", body[offset : offset + 4])
        offset += 4
        size = 0 if size == 0xFFFFFFFF else size
        if offset + size > len(body):
            raise TdfError("cut-off byte array")
        arrays.append(body[offset : offset + size])
        offset += size
    return arrays


def _aes_key_iv(key: bytes, msg_key: bytes) -> tuple[bytes, bytes]:
    """`AuthKey::prepareAES_oldmtp(msgKey, ..., send=false)`: the AES key and IGE IV."""
    x = 8
    a = hashlib.sha1(msg_key + key[x : x + 32]).digest()
    b = hashlib.sha1(key[32 + x : 48 + x] + msg_key + key[48 + x : 64 + x]).digest()
    c = hashlib.sha1(key[64 + x : 96 + x] + msg_key).digest()
    d = hashlib.sha1(msg_key + key[96 + x : 128 + x]).digest()
    return a[:8] + b[8:20] + c[4:16], a[8:20] + b[:8] + c[16:20] + d[:8]


def ige(key: bytes, iv: bytes, data: bytes, *, decrypt: bool) -> bytes:
    """AES in IGE mode, as OpenSSL's `AES_ige_encrypt`: iv is the previous ciphertext block
    then the previous plaintext block. Built on single AES blocks (ECB), block by block."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if len(iv) != 2 * _BLOCK or len(data) % _BLOCK:
        raise TdfError("not whole AES blocks")
    cipher = Cipher(algorithms.AES(key), modes.ECB())  # noqa: S305 (IGE is built on blocks)
    step = cipher.decryptor() if decrypt else cipher.encryptor()
    before_in, before_out = (iv[_BLOCK:], iv[:_BLOCK]) if decrypt else (iv[:_BLOCK], iv[_BLOCK:])
    out = bytearray()
    for start in range(0, len(data), _BLOCK):
        block = data[start : start + _BLOCK]
        mixed = step.update(bytes(x ^ y for x, y in zip(block, before_in, strict=True)))
        result = bytes(x ^ y for x, y in zip(mixed, before_out, strict=True))
        out += result
        before_in, before_out = result, block
    return bytes(out)


def passcode_key(passcode: bytes, salt: bytes, iterations: int) -> bytes:
    """tdesktop's `CreateLocalKey`: PBKDF2-HMAC-SHA512 over SHA512(salt + passcode + salt)."""
    seed = hashlib.sha512(salt + passcode + salt).digest()
    return hashlib.pbkdf2_hmac("sha512", seed, salt, iterations, KEY_SIZE)


def decrypt_local(encrypted: bytes, key: bytes) -> bytes | None:
    """tdesktop's `DecryptLocal`: the plain data, or None when the key is not the right one."""
    if len(encrypted) <= _BLOCK or len(encrypted) % _BLOCK:
        raise TdfError("bad encrypted part size")
    msg_key, body = encrypted[:_BLOCK], encrypted[_BLOCK:]
    aes_key, aes_iv = _aes_key_iv(key, msg_key)
    plain = ige(aes_key, aes_iv, body, decrypt=True)
    if hashlib.sha1(plain).digest()[:_BLOCK] != msg_key:
        return None
    (size,) = struct.unpack("<I", plain[:4])
    if size > len(plain) or size <= len(body) - _BLOCK or size < 4:
        raise TdfError("bad decrypted part size")
    return plain[:size]


def has_local_passcode(key_datas: bytes) -> bool:
    """True when a local passcode protects tdata, False when the empty passcode opens it.

    Raises `TdfError` (with no bytes of the file in its message) for a file tdesktop would
    not read either.
    """
    arrays = read_tdf(key_datas)
    if len(arrays) < 2 or len(arrays[0]) != SALT_SIZE:
        raise TdfError("no salt and key in key_datas")
    salt, key_encrypted = arrays[0], arrays[1]
    opened = decrypt_local(key_encrypted, passcode_key(b"", salt, EMPTY_PASSCODE_ITERATIONS))
    return opened is None
