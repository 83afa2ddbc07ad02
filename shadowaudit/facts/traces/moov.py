"""A video's `moov` box found wherever it lies, by reading box headers only, with caps.

Phones write a video's details (the `moov` box) after its frames unless the file is made for
"fast start". The top-level boxes are walked by their declared sizes: the frames (`mdat`) are
skipped, never read. Inside `moov` only the `meta` and `udta` boxes (where a place is kept) are
read, each with a size cap, and handed to boxes.py's parser. A damaged, looping or huge file
ends the walk: it "does not tell".
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator

from shadowaudit.facts.traces.boxes import BoxError, video_has_location

#: Reads up to `size` bytes at `offset` of the file (fewer at its end).
ReadAt = Callable[[int, int], bytes]

#: Box headers read at most per file (top level and inside `moov`).
MAX_HEADERS = 256
#: Largest `meta` or `udta` box read: a place takes a few dozen bytes.
MAX_PART = 1024 * 1024
#: Largest offset followed: a declared size past this is a damaged file, not a video.
MAX_OFFSET = 1 << 44
_WANTED = (b"meta", b"udta")


def _headers(
    read_at: ReadAt, start: int, end: int | None, budget: list[int]
) -> Iterator[tuple[bytes, int, int | None]]:
    """(type, offset, size or None when it runs to `end`) of each box from `start`; stops at
    the end of the file or `end`. BoxError when a cap is reached or a size cannot be."""
    offset = start
    while end is None or offset + 8 <= end:
        budget[0] += 1
        if budget[0] > MAX_HEADERS or offset > MAX_OFFSET:
            raise BoxError("too many boxes or too far")
        header = read_at(offset, 16)
        if len(header) < 8:
            if end is not None:
                raise BoxError("box runs past the end of the file")
            return
        size, kind = struct.unpack_from(">I4s", header)
        length = 8
        if size == 1:
            if len(header) < 16:
                raise BoxError("short 64-bit box header")
            (size,) = struct.unpack_from(">Q", header, 8)
            length = 16
        if size == 0:
            yield kind, offset, None
            return
        if size < length:
            raise BoxError("box smaller than its header")
        if end is not None and offset + size > end:
            raise BoxError("box runs past its parent")
        yield kind, offset, size
        offset += size


def _read_whole(read_at: ReadAt, offset: int, size: int) -> bytes:
    """A box read whole, or BoxError when it is over the cap or the file ends first."""
    if size > MAX_PART:
        raise BoxError("box too large")
    data = read_at(offset, size)
    if len(data) < size:
        raise BoxError("file ends inside the box")
    return data


def _inside_moov(read_at: ReadAt, offset: int, size: int | None, budget: list[int]) -> bytes:
    """A `moov` box rebuilt from its `meta` and `udta` children only (tracks left out)."""
    header = read_at(offset, 16)
    body = offset + (16 if header[:4] == b"\x00\x00\x00\x01" else 8)
    end = None if size is None else offset + size
    parts = []
    for kind, at, length in _headers(read_at, body, end, budget):
        if kind in _WANTED:
            if length is None:
                raise BoxError("open-ended box inside moov")
            parts.append(_read_whole(read_at, at, length))
    inner = b"".join(parts)
    return struct.pack(">I4s", 8 + len(inner), b"moov") + inner


def tail_location(read_at: ReadAt) -> bool | None:
    """True when the video's `moov` box, wherever it lies, records a place; False when it was
    read and holds none; None when the file has none or does not tell (damaged, capped)."""
    budget = [0]
    try:
        for kind, offset, size in _headers(read_at, 0, None, budget):
            if kind == b"moov":
                return video_has_location(_inside_moov(read_at, offset, size, budget))
    except (BoxError, struct.error):
        return None
    return None
