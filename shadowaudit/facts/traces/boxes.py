"""A bounded reader of ISO-BMFF boxes (HEIC photos, MP4 and MOV videos): locations, never kept.

Only the bytes already read are walked (the head of a file); no box is followed past them.
Only fixed paths are followed (no recursion), and the boxes looked at and the counts are
capped, so a damaged or hostile file costs little.
Our own reader instead of `pillow-heif`: that would add a large C library (libheif and its
decoders) to read a few header boxes, and each decoder is one more place for a hostile file to
strike. Nothing here decodes an image or a video frame.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterator

MAX_BOXES = 2_000
MAX_ITEMS = 1_000
_EXIF_ITEM = b"Exif"
_ISO6709 = b"com.apple.quicktime.location.ISO6709"
_XYZ = b"\xa9xyz"
#: A 3GPP `loci` body: version and flags, language, an empty name, role, then three numbers.
_LOCI_SIZE = 4 + 2 + 1 + 1 + 12
_GPS_IFD, _LATITUDE, _LONGITUDE = 0x8825, 2, 4


class BoxError(ValueError):
    """The bytes are not a well-formed box structure, or a cap was reached."""


class _Budget:
    """Counts the boxes looked at in one file; raises BoxError past MAX_BOXES."""

    def __init__(self) -> None:
        """Start at no box looked at."""
        self.boxes = 0

    def spend(self) -> None:
        """Count one more box."""
        self.boxes += 1
        if self.boxes > MAX_BOXES:
            raise BoxError("too many boxes")


def boxes(
    data: bytes, start: int, end: int, budget: _Budget
) -> Iterator[tuple[bytes, int, int, bool]]:
    """(type, body start, body end, complete) of each box between start and end. A box that
    runs past the bytes read is yielded once with complete=False, then the walk stops."""
    offset = start
    limit = min(end, len(data))
    while offset + 8 <= limit:
        budget.spend()
        size, kind = struct.unpack_from(">I4s", data, offset)
        body = offset + 8
        if size == 1:
            if offset + 16 > limit:
                return
            (size,) = struct.unpack_from(">Q", data, offset + 8)
            body = offset + 16
        elif size == 0:
            size = end - offset
        if size < body - offset:
            raise BoxError("box smaller than its header")
        stop = offset + size
        if stop > limit:
            yield kind, body, limit, False
            return
        yield kind, body, stop, True
        offset = stop


def child(
    data: bytes, start: int, end: int, kind: bytes, budget: _Budget
) -> tuple[int, int] | None:
    """The body of the first complete box of this type between start and end."""
    for found, body, stop, complete in boxes(data, start, end, budget):
        if found == kind and complete:
            return body, stop
    return None


def _uint(data: bytes, offset: int, size: int) -> int:
    """A big-endian unsigned integer of 0, 4 or 8 bytes (as in `iloc`), or 2."""
    if size == 0:
        return 0
    if offset + size > len(data) or size not in (2, 4, 8):
        raise BoxError("field out of range")
    return int.from_bytes(data[offset : offset + size], "big")


def _exif_item(data: bytes, start: int, end: int, budget: _Budget) -> int | None:
    """The item ID of the Exif item listed in `iinf`, if any."""
    if end - start < 6:
        raise BoxError("short iinf")
    version = data[start]
    offset = start + 4 + (2 if version == 0 else 4)
    for kind, body, stop, complete in boxes(data, offset, end, budget):
        if kind != b"infe" or not complete or stop - body < 12:
            continue
        infe_version = data[body]
        if infe_version < 2:
            continue
        width = 2 if infe_version == 2 else 4
        item = _uint(data, body + 4, width)
        item_type = data[body + 4 + width + 2 : body + 4 + width + 6]
        if item_type == _EXIF_ITEM:
            return item
    return None


def _item_extent(data: bytes, start: int, end: int, wanted: int) -> tuple[int, int] | None:
    """(offset, length) in the file of an item's single extent, read from `iloc`."""
    if end - start < 8:
        raise BoxError("short iloc")
    version = data[start]
    sizes = data[start + 4 : start + 6]
    offset_size, length_size = sizes[0] >> 4, sizes[0] & 0xF
    base_size, index_size = sizes[1] >> 4, (sizes[1] & 0xF if version in (1, 2) else 0)
    width = 2 if version < 2 else 4
    count = _uint(data, start + 6, width)
    if count > MAX_ITEMS:
        raise BoxError("too many items")
    at = start + 6 + width
    for _ in range(count):
        item = _uint(data, at, width)
        at += width
        method = 0
        if version in (1, 2):
            method = _uint(data, at, 2) & 0xF
            at += 2
        at += 2  # data_reference_index
        base = _uint(data, at, base_size)
        at += base_size
        extents = _uint(data, at, 2)
        at += 2
        if extents > MAX_ITEMS:
            raise BoxError("too many extents")
        found: list[tuple[int, int]] = []
        for _ in range(extents):
            at += index_size
            extent_offset = _uint(data, at, offset_size)
            at += offset_size
            length = _uint(data, at, length_size)
            at += length_size
            found.append((base + extent_offset, length))
        if at > end:
            raise BoxError("iloc runs past its box")
        if item == wanted:
            # NOTE: data in the file itself, in one piece: what phones write.
            return found[0] if method == 0 and len(found) == 1 else None
    return None


def gps_in_exif(payload: bytes) -> bool | None:
    """True when EXIF bytes (TIFF, perhaps after "Exif\\0\\0") hold a latitude and a
    longitude; None when Pillow cannot read them."""
    from PIL import Image  # NOTE: lazy, Pillow is large.

    exif = Image.Exif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exif.load(payload)
            gps = exif.get_ifd(_GPS_IFD)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, struct.error):
        return None
    return _LATITUDE in gps and _LONGITUDE in gps


def heif_has_location(data: bytes) -> bool | None:
    """True when the HEIC/HEIF bytes hold an Exif item with a GPS position, False when they hold
    no Exif item or one without it, None when the bytes read do not tell."""
    try:
        budget = _Budget()
        meta = child(data, 0, len(data), b"meta", budget)
        if meta is None:
            return None
        inner = meta[0] + 4  # NOTE: `meta` is a full box: version and flags first.
        iinf = child(data, inner, meta[1], b"iinf", budget)
        iloc = child(data, inner, meta[1], b"iloc", budget)
        if iinf is None or iloc is None:
            return None
        item = _exif_item(data, *iinf, budget)
        if item is None:
            return False
        extent = _item_extent(data, *iloc, item)
    except (BoxError, struct.error, IndexError):
        return None
    if extent is None or extent[0] + extent[1] > len(data) or extent[1] < 4:
        return None
    offset, length = extent
    skip = _uint(data, offset, 4)
    return gps_in_exif(data[offset + 4 + skip : offset + length])


def _keys_index(data: bytes, start: int, end: int, budget: _Budget) -> int | None:
    """The 1-based index of the ISO 6709 location key in a QuickTime `keys` box."""
    for index, (_, body, stop, complete) in enumerate(boxes(data, start + 8, end, budget), 1):
        if complete and data[body:stop] == _ISO6709:
            return index
    return None


def _meta_location(data: bytes, start: int, end: int, budget: _Budget) -> bool:
    """True when a QuickTime `meta` box holds a non-empty ISO 6709 location item."""
    keys = child(data, start, end, b"keys", budget)
    ilst = child(data, start, end, b"ilst", budget)
    if keys is None or ilst is None:
        return False
    index = _keys_index(data, *keys, budget)
    if index is None:
        return False
    wanted = index.to_bytes(4, "big")
    for kind, body, stop, complete in boxes(data, *ilst, budget):
        if kind == wanted and complete:
            value = child(data, body, stop, b"data", budget)
            return value is not None and value[1] - value[0] > 8
    return False


def _udta_location(data: bytes, start: int, end: int, budget: _Budget) -> bool:
    """True when a `udta` box holds a non-empty ©xyz entry (QuickTime) or a 3GPP `loci` box
    (what ffmpeg's MP4 writer uses): both hold a position."""
    found = child(data, start, end, _XYZ, budget)
    # NOTE: ©xyz is a 2-byte length, a 2-byte language, then the ISO 6709 text.
    if found is not None and found[1] - found[0] > 4:
        return True
    loci = child(data, start, end, b"loci", budget)
    return loci is not None and loci[1] - loci[0] >= _LOCI_SIZE


def _meta_body(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Where the child boxes of a `meta` box start: QuickTime's has no version field, the
    MP4 one (a full box) has 4 bytes of it before its `hdlr`."""
    return (start, end) if data[start + 4 : start + 8] == b"hdlr" else (start + 4, end)


def video_has_location(data: bytes) -> bool | None:
    """True when MP4/MOV bytes record where the video was taken (QuickTime ISO 6709 key or
    ©xyz), False when the `moov` box was read whole without one, None when it was not."""
    try:
        budget = _Budget()
        for kind, body, stop, complete in boxes(data, 0, len(data), budget):
            if kind != b"moov":
                continue
            if not complete:
                return None
            meta = child(data, body, stop, b"meta", budget)
            if meta is not None and _meta_location(data, *_meta_body(data, *meta), budget):
                return True
            udta = child(data, body, stop, b"udta", budget)
            if udta is not None:
                if _udta_location(data, *udta, budget):
                    return True
                inner = child(data, *udta, b"meta", budget)
                if inner is not None and _meta_location(data, *_meta_body(data, *inner), budget):
                    return True
            return False
    except (BoxError, struct.error, IndexError):
        return None
    return None
