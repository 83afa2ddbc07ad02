"""Trusted roots in an NSS certificate database (cert9.db): Firefox profiles, ~/.pki/nssdb.

The database is opened through the Host's SQLite door (read-only, immutable or a private
copy). NSS keeps each PKCS #11 object as a row of `nssPublic`, one column per attribute named
`a` + the attribute type in hex, values as NSS stores them (numbers as 4 bytes, big-endian).
A certificate row (CKA_CLASS = CKO_CERTIFICATE) holds the DER certificate in CKA_VALUE; a trust
row (CKO_NSS_TRUST) holds the SHA-1 of its certificate and its trust for TLS servers. Only a
certificate trusted to issue server certificates (CKT_NSS_TRUSTED_DELEGATOR, certutil's "C")
is a trusted root; a stored intermediate has no such trust. Constants: NSS's pkcs11n.h.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from shadowaudit.host.base import Host
from shadowaudit.host.sqlite import query_all

CKO_CERTIFICATE = (1).to_bytes(4, "big")
CKO_NSS_TRUST = (0xCE534353).to_bytes(4, "big")
CKT_NSS_TRUSTED_DELEGATOR = (0xCE534352).to_bytes(4, "big")
#: Most certificates read from one database (a real one holds a handful).
MAX_CERTIFICATES = 2_000
_CERTS = "SELECT a11 FROM nssPublic WHERE a0 = ? LIMIT ?"
_TRUST = "SELECT ace5363b4, ace536358 FROM nssPublic WHERE a0 = ? LIMIT ?"


def trusted_roots(host: Host, database: PurePath) -> list[bytes]:
    """The DER bytes of each certificate the database trusts to issue server certificates.

    Raises HostError (UnreadableDatabase for a damaged or foreign file)."""
    certs, trust = query_all(
        host,
        database,
        [
            (_CERTS, (CKO_CERTIFICATE, MAX_CERTIFICATES)),
            (_TRUST, (CKO_NSS_TRUST, MAX_CERTIFICATES)),
        ],
    )
    delegators = {
        bytes(sha1)
        for sha1, server in trust
        if isinstance(sha1, bytes) and server == CKT_NSS_TRUSTED_DELEGATOR
    }
    return [
        bytes(der)
        for (der,) in certs
        if isinstance(der, bytes) and hashlib.sha1(der).digest() in delegators  # noqa: S324
    ]
