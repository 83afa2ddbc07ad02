"""Firefox Primary Password: is one set? Decided from key4.db as NSS itself decides it.

NSS stores, in key4.db's `metaData` row `password`, a global salt (item1) and the text
"password-check" encrypted with a key derived from the Primary Password (item2). With no Primary
Password, that key comes from the empty password, so decrypting with the empty password gives
"password-check" back (NSS's `sftkdb_CheckPasswordNull`). Only the empty password is ever tried:
no guessing, no NSS library, nothing written.
"""

from __future__ import annotations

import hashlib
import hmac

from shadowaudit.facts.browser.firefox.der import DerError, Node, parse

PBES2 = "1.2.840.113549.1.5.13"
PBKDF2 = "1.2.840.113549.1.5.12"
HMAC_SHA256 = "1.2.840.113549.2.9"
AES256_CBC = "2.16.840.1.101.3.4.1.42"
PBE_SHA1_3DES = "1.2.840.113549.1.12.5.1.3"
CHECK = b"password-check"
#: Iterations above which a PBKDF2 check is not worth running (NSS uses 1 or 10000).
MAX_ITERATIONS = 1_000_000


def _pbes2_decrypt(global_salt: bytes, parameters: Node, ciphertext: bytes) -> bytes:
    """Decrypt with the empty password under PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC)."""
    kdf, scheme = parameters.children()
    kdf_oid, kdf_params = kdf.children()
    if kdf_oid.oid() != PBKDF2:
        raise DerError(f"unknown key derivation {kdf_oid.oid()}")
    fields = kdf_params.children()
    salt, iterations, key_length = fields[0].octets(), fields[1].integer(), fields[2].integer()
    if len(fields) > 3 and fields[3].children()[0].oid() != HMAC_SHA256:
        raise DerError("unknown PBKDF2 hash")
    if not 0 < iterations <= MAX_ITERATIONS or key_length != 32:
        raise DerError("unexpected PBKDF2 parameters")
    scheme_oid, iv = scheme.children()
    if scheme_oid.oid() != AES256_CBC:
        raise DerError(f"unknown cipher {scheme_oid.oid()}")
    digest = hashlib.sha384 if len(global_salt) == 48 else hashlib.sha1
    password_key = digest(global_salt).digest()  # H(global salt || empty password)
    key = hashlib.pbkdf2_hmac("sha256", password_key, salt, iterations, key_length)
    # NOTE: NSS stores a 14-byte IV and prefixes the DER header bytes 04 0E to make 16.
    full_iv = b"\x04\x0e" + iv.octets() if len(iv.octets()) == 14 else iv.octets()
    if len(full_iv) != 16 or len(ciphertext) % 16:
        raise DerError("unexpected AES block sizes")
    # NOTE: cryptography is imported when a profile has a Primary Password row, not at start.
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    decryptor = Cipher(algorithms.AES(key), modes.CBC(full_iv)).decryptor()
    return decryptor.update(ciphertext) + decryptor.finalize()


def _sha1_3des_decrypt(global_salt: bytes, parameters: Node, ciphertext: bytes) -> bytes:
    """Decrypt with the empty password under NSS's legacy SHA-1 + 3DES-CBC scheme."""
    salt_node, _iterations = parameters.children()[:2]
    entry_salt = salt_node.octets()
    hashed_password = hashlib.sha1(global_salt).digest()
    padded_salt = entry_salt.ljust(20, b"\x00")
    combined = hashlib.sha1(hashed_password + entry_salt).digest()
    k1 = hmac.new(combined, padded_salt + entry_salt, hashlib.sha1).digest()
    tk = hmac.new(combined, padded_salt, hashlib.sha1).digest()
    k2 = hmac.new(combined, tk + entry_salt, hashlib.sha1).digest()
    key_material = k1 + k2
    if len(ciphertext) % 8:
        raise DerError("unexpected 3DES block size")
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

    decryptor = Cipher(TripleDES(key_material[:24]), modes.CBC(key_material[-8:])).decryptor()
    return decryptor.update(ciphertext) + decryptor.finalize()


def primary_password_is_set(global_salt: bytes, item2: bytes) -> bool:
    """True when a Primary Password protects the store, False when it is empty.

    Raises `DerError` when item2 is not a structure NSS writes.
    """
    try:
        return _is_set(global_salt, item2)
    except DerError:
        raise
    except (ValueError, IndexError, TypeError) as exc:
        raise DerError(f"unexpected structure: {exc}") from exc


def _is_set(global_salt: bytes, item2: bytes) -> bool:
    """The check itself; `primary_password_is_set` turns odd input into DerError."""
    algorithm, ciphertext = parse(item2).children()
    oid_node, *rest = algorithm.children()
    if not rest:
        raise DerError("no algorithm parameters")
    oid = oid_node.oid()
    if oid == PBES2:
        plain = _pbes2_decrypt(global_salt, rest[0], ciphertext.octets())
    elif oid == PBE_SHA1_3DES:
        plain = _sha1_3des_decrypt(global_salt, rest[0], ciphertext.octets())
    else:
        raise DerError(f"unknown protection {oid}")
    return not plain.startswith(CHECK)
