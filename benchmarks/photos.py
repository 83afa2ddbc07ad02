#!/usr/bin/env python3
"""Time the photo scan on a camera folder of real JPEG files, most of them old.

    python benchmarks/photos.py                 # 100,000 photos, 5 runs
    python benchmarks/photos.py --photos 25000 --recent 4300 --runs 3
    python benchmarks/photos.py --photos 10000 --recent 1000 --media   # some HEIC, some MP4
    python benchmarks/photos.py --photos 10000 --recent 1000 --moov-last  # phone-like videos

Writes tiny JPEGs (Pillow; the recent ones with a GPS position) into a new temporary folder,
dates them with os.utime (with --media, a third of the recent ones are the recorded HEIC photo
and a third the recorded MP4 video of tests/fixtures/media, both located), then times
PhotosCollector().collect() on that home: every file is dated with one stat, the newest 300
recent ones are read (their first bytes only). With --moov-last, a third of the recent ones
are the recorded MOV whose `moov` follows its frames, grown by a 64 MiB hole in its frames
(a sparse file, as a phone video's size without its disk space): the part read first holds no
`moov`, so each is walked box by box to its end. The folder is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "tests" / "fixtures" / "media"
sys.path.insert(0, str(ROOT))

from shadowaudit.facts.traces.photos import PHOTOS, PhotosCollector  # noqa: E402
from shadowaudit.host import LocalHost  # noqa: E402
from tests.facts.traces.test_photos import fill  # noqa: E402

GROWN = 64 * 1024 * 1024


def grown(data: bytes) -> tuple[bytes, bytes]:
    """A video's bytes before and after a hole of GROWN bytes added to its frames (`mdat`)."""
    mdat = data.index(b"mdat") - 4
    size = struct.unpack_from(">I", data, mdat)[0]
    head = data[:mdat] + struct.pack(">I", size + GROWN) + data[mdat + 4 : mdat + size]
    return head, data[mdat + size :]


def copies(folder: Path, name: str, count: int, shift: int, grow: bool = False) -> None:
    """`count` copies of a recorded media file, changed about 2 days ago, two seconds apart
    (shifted by `shift` seconds, so that HEIC photos and MP4 videos alternate by date);
    `grow`: with a sparse hole of GROWN bytes in its frames."""
    data, now = (MEDIA / name).read_bytes(), time.time()
    head, tail = grown(data) if grow else (data, b"")
    stem, suffix = name.rsplit(".", 1)
    for index in range(count):
        path = folder / f"{stem}{index:05d}.{suffix}"
        with path.open("wb") as out:
            out.write(head)
            if grow:
                out.seek(GROWN, os.SEEK_CUR)
                out.write(tail)
        stamp = now - 2 * 86_400 - 2 * index - shift
        os.utime(path, (stamp, stamp))


def main() -> None:
    """Write the folder, then time the scans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000, help="photos in all")
    parser.add_argument("--recent", type=int, default=5_000, help="of those, changed 3 days ago")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--media", action="store_true", help="recent: JPEG, HEIC and MP4")
    parser.add_argument(
        "--moov-last", action="store_true", help="recent: JPEG, HEIC and big MOV, moov last"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photos-bench-") as folder:
        home = Path(folder)
        camera = home / "Pictures" / "Camera"
        fill(camera, "IMG_0", args.photos - args.recent, 400, located=False)
        if args.media or args.moov_last:
            third = args.recent // 3
            fill(camera, "IMG_9", args.recent - 2 * third, 3, located=True)
            copies(camera, "located.heic", third, 0)
            if args.moov_last:
                copies(camera, "located-moov-last.mov", third, 1, grow=True)
            else:
                copies(camera, "located.mp4", third, 1)
        else:
            fill(camera, "IMG_9", args.recent, 3, located=True)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            found = PhotosCollector().collect(LocalHost(home))[PHOTOS]
            times.append(time.perf_counter() - start)
        print(f"{args.photos} photos, {args.recent} recent: {found}")
        print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
