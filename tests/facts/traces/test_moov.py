"""Videos whose details (`moov`) lie after their frames: real ffmpeg files, damaged, fuzzed."""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shadowaudit.facts.traces import moov
from shadowaudit.facts.traces.moov import tail_location

MEDIA = Path(__file__).resolve().parents[2] / "fixtures" / "media"


class Reader:
    """Positional reads over bytes, counted like a file read through the Host."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls = 0
        self.asked = 0

    def __call__(self, offset: int, size: int) -> bytes:
        self.calls += 1
        self.asked += size
        return self.data[offset : offset + size]


def media(name: str) -> bytes:
    """The bytes of a recorded media file."""
    return (MEDIA / name).read_bytes()


def located(data: bytes) -> bool | None:
    """What the walk tells about these bytes."""
    return tail_location(Reader(data))


def box_at(data: bytes, kind: bytes) -> int:
    """Where the top-level box of this type starts."""
    return data.index(kind) - 4


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("located-moov-last.mov", True),  # QuickTime keys, moov after mdat
        ("located-xyz-moov-last.mov", True),  # ©xyz in udta
        ("located-moov-last.mp4", True),  # 3GPP loci
        ("plain-moov-last.mp4", False),
        ("located.mp4", True),  # fast start: moov first, found the same way
        ("plain.mp4", False),
    ],
)
def test_videos_from_ffmpeg_are_read_wherever_moov_lies(name: str, expected: bool) -> None:
    data = media(name)
    assert box_at(data, b"moov") > box_at(data, b"mdat") or "moov-last" not in name
    assert located(data) is expected


def test_the_frames_are_skipped_not_read() -> None:
    # The recorded video with 64 MiB more frames: the walk reads headers and moov's place
    # boxes only, never the frames.
    data = media("located-moov-last.mov")
    mdat = box_at(data, b"mdat")
    size = struct.unpack_from(">I", data, mdat)[0]
    extra = 64 * 1024 * 1024
    big = data[:mdat] + struct.pack(">I", size + extra) + data[mdat + 4 : mdat + size]
    big += bytes(extra) + data[mdat + size :]
    reader = Reader(big)
    assert tail_location(reader) is True
    assert reader.asked < 16 * 1024
    assert reader.calls < 20


def _widened(data: bytes) -> bytes:
    """The file as ffmpeg writes one over 4 GiB: its `wide` (or `free`) placeholder and the
    `mdat` header become one 64-bit `mdat` header."""
    mdat = box_at(data, b"mdat")
    size = struct.unpack_from(">I", data, mdat)[0]
    return data[: mdat - 8] + struct.pack(">I4sQ", 1, b"mdat", size + 8) + data[mdat + 8 :]


@pytest.mark.parametrize("name", ["located-moov-last.mov", "located-moov-last.mp4"])
def test_a_64_bit_mdat_is_skipped_too(name: str) -> None:
    data = _widened(media(name))
    assert len(data) == len(media(name))
    assert located(data) is True
    assert located(_widened(media("plain-moov-last.mp4"))) is False


def test_a_moov_that_runs_to_the_end_of_the_file_is_read() -> None:
    data = bytearray(media("located-moov-last.mov"))
    struct.pack_into(">I", data, box_at(bytes(data), b"moov"), 0)
    assert located(bytes(data)) is True


def test_an_mdat_that_runs_to_the_end_hides_no_moov() -> None:
    data = bytearray(media("located-moov-last.mov"))
    struct.pack_into(">I", data, box_at(bytes(data), b"mdat"), 0)
    assert located(bytes(data)) is None


@pytest.mark.parametrize("name", ["located-moov-last.mov", "plain-moov-last.mp4"])
def test_a_cut_short_video_does_not_tell(name: str) -> None:
    data = media(name)
    for cut in range(0, len(data) - 1, 5):
        assert located(data[:cut]) is None


@pytest.mark.parametrize("size", [0x7, 0x4, 0x0000_0001])
def test_a_box_smaller_than_its_header_ends_the_walk(size: int) -> None:
    data = bytearray(media("located-moov-last.mov"))
    struct.pack_into(">I", data, box_at(bytes(data), b"mdat"), size)
    assert located(bytes(data)) is None


@pytest.mark.parametrize("huge", [2**32 - 1, 2**63, 2**64 - 1])
def test_huge_declared_sizes_end_the_walk_cheaply(huge: int) -> None:
    data = media("located-moov-last.mov")
    mdat = box_at(data, b"mdat")
    if huge < 2**32:
        forged = data[:mdat] + struct.pack(">I", huge) + data[mdat + 4 :]
    else:
        forged = data[: mdat - 8] + struct.pack(">I4sQ", 1, b"mdat", huge) + data[mdat + 8 :]
    reader = Reader(forged)
    assert tail_location(reader) is None
    assert reader.calls <= 4


def test_a_huge_udta_inside_moov_is_not_read() -> None:
    udta = struct.pack(">I4s", 8 + moov.MAX_PART + 1, b"udta") + b"\x00" * (moov.MAX_PART + 1)
    data = struct.pack(">I4s", 8 + len(udta), b"moov") + udta
    reader = Reader(data)
    assert tail_location(reader) is None
    assert reader.asked < 1024


def test_many_small_boxes_stop_at_the_cap() -> None:
    data = struct.pack(">I4s", 8, b"free") * 100_000
    reader = Reader(data)
    start = time.perf_counter()
    assert tail_location(reader) is None
    assert reader.calls <= moov.MAX_HEADERS
    assert time.perf_counter() - start < 0.5


def test_the_bytes_read_per_file_are_capped() -> None:
    # A moov of many children claiming up to the cap each: never more than the caps allow.
    meta = struct.pack(">I4s", moov.MAX_PART, b"meta") + b"\x00" * (moov.MAX_PART - 8)
    inner = meta * 3
    data = struct.pack(">I4s", 8 + len(inner), b"moov") + inner
    reader = Reader(data)
    tail_location(reader)
    assert reader.asked <= moov.MAX_HEADERS * 16 + 3 * moov.MAX_PART + 16


def test_a_read_error_reaches_the_caller() -> None:
    def failing(offset: int, size: int) -> bytes:
        raise OSError("gone")

    read: Callable[[int, int], bytes] = failing
    with pytest.raises(OSError):
        tail_location(read)


@settings(max_examples=300, deadline=500)
@given(st.binary(max_size=2048), st.integers(min_value=0, max_value=1800))
def test_fuzzed_videos_never_crash(noise: bytes, cut: int) -> None:
    for name in ("located-moov-last.mov", "located-moov-last.mp4"):
        data = media(name)
        mixed = data[:cut] + noise + data[cut + len(noise) :]
        assert located(mixed) in (True, False, None)
