"""The ISO-BMFF reader on real HEIC, MP4 and MOV files (tests/fixtures/media), damaged, fuzzed."""

from __future__ import annotations

import struct
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shadowaudit.facts.traces import boxes
from shadowaudit.facts.traces.boxes import heif_has_location, video_has_location

MEDIA = Path(__file__).resolve().parents[2] / "fixtures" / "media"


def media(name: str) -> bytes:
    """The bytes of a recorded media file."""
    return (MEDIA / name).read_bytes()


@pytest.mark.parametrize(("name", "expected"), [("located.heic", True), ("plain.heic", False)])
def test_heic_photos_from_libheif(name: str, expected: bool) -> None:
    assert heif_has_location(media(name)) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("located.mp4", True),
        ("located.mov", True),
        ("located-xyz.mov", True),
        ("located-moov-last.mp4", True),
        ("plain.mp4", False),
    ],
)
def test_videos_from_ffmpeg(name: str, expected: bool) -> None:
    assert video_has_location(media(name)) is expected


def test_a_video_whose_details_are_past_the_bytes_read_does_not_tell() -> None:
    data = media("located-moov-last.mp4")
    moov = data.index(b"moov") - 4
    assert video_has_location(data[:moov]) is None
    assert video_has_location(data[: moov + 40]) is None


@pytest.mark.parametrize("name", ["located.heic", "plain.heic"])
def test_truncated_heic_does_not_tell(name: str) -> None:
    data = media(name)
    for cut in range(0, len(data) - 1, 7):
        assert heif_has_location(data[:cut]) in (None, False)
    assert heif_has_location(media("located.heic")[:300]) is None


def test_a_video_that_is_not_a_video_does_not_tell() -> None:
    assert video_has_location(b"") is None
    assert video_has_location(media("located.heic")) is None
    assert heif_has_location(media("plain.mp4")) is None


def test_huge_declared_sizes_counts_and_nesting_stay_cheap() -> None:
    # A box claiming 2**64-1 bytes, an iloc claiming a million items, and boxes nested
    # thousands deep: each is "does not tell", read without allocating what it claims.
    huge = struct.pack(">I4sQ", 1, b"moov", 2**64 - 1) + b"\x00" * 64
    data = media("located.heic")
    at = data.index(b"iloc") + 4
    many = data[: at + 6] + b"\xff\xff" + data[at + 8 :]
    nested = b"".join(struct.pack(">I4s", 8 + 8 * (3000 - i), b"moov") for i in range(3000))
    flat = struct.pack(">I4s", 8, b"free") * (boxes.MAX_BOXES + 10)
    tracemalloc.start()
    start = time.perf_counter()
    assert video_has_location(huge) is None
    assert heif_has_location(many) is None
    assert video_has_location(nested) in (None, False)
    assert video_has_location(flat) is None
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 2 * 1024 * 1024


@settings(max_examples=300, deadline=500)
@given(st.binary(max_size=4096), st.integers(min_value=0, max_value=1800))
def test_fuzzed_bytes_never_crash(noise: bytes, cut: int) -> None:
    for name in ("located.heic", "located.mov", "located.mp4"):
        data = media(name)
        mixed = data[:cut] + noise + data[cut + len(noise) :]
        assert heif_has_location(mixed) in (True, False, None)
        assert video_has_location(mixed) in (True, False, None)
