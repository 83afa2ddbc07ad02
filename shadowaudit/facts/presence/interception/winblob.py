"""The DER certificate inside a Windows certificate store's registry `Blob` value.

Format: Microsoft [MS-GPEF] 2.2.2.2.1 "Certificate Blob" (the serialized store element that
CertSerializeCertificateStoreElement writes): a run of properties, each a 4-byte property ID,
4 reserved bytes (1), a 4-byte length, then the value, all little-endian. Property 0x20
(CERT_CERT_PROP_ID) holds the encoded certificate. The walk is bounded by the blob's size.
"""

from __future__ import annotations

CERT_CERT_PROP_ID = 0x20
_HEADER = 12
#: Most properties read from one blob (a real one holds under 20).
MAX_PROPERTIES = 256


def blob_certificate(blob: bytes) -> bytes | None:
    """The DER certificate in a registry Blob, or None when the blob holds none or is damaged."""
    offset = 0
    for _ in range(MAX_PROPERTIES):
        if offset + _HEADER > len(blob):
            return None
        prop = int.from_bytes(blob[offset : offset + 4], "little")
        length = int.from_bytes(blob[offset + 8 : offset + 12], "little")
        start = offset + _HEADER
        if start + length > len(blob):
            return None
        if prop == CERT_CERT_PROP_ID:
            return blob[start : start + length]
        offset = start + length
    return None
