#!/usr/bin/env python3
"""Time the photo scan on a camera folder of real JPEG files, most of them old.

    python benchmarks/photos.py                 # 100,000 photos, 5 runs
    python benchmarks/photos.py --photos 25000 --recent 4300 --runs 3
    python benchmarks/photos.py --photos 10000 --recent 1000 --media   # some HEIC, some MP4

Writes tiny JPEGs (Pillow; the recent ones with a GPS position) into a new temporary folder,
dates them with os.utime (with --media, a third of the recent ones are the recorded HEIC photo
and a third the recorded MP4 video of tests/fixtures/media, both located), then times
PhotosCollector().collect() on that home: every file is dated with one stat, the newest 300
recent ones are read (their first bytes only). The folder is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def copies(folder: Path, name: str, count: int, shift: int) -> None:
    """`count` copies of a recorded media file, changed about 2 days ago, two seconds apart
    (shifted by `shift` seconds, so that HEIC photos and MP4 videos alternate by date)."""
    data, now = (MEDIA / name).read_bytes(), time.time()
    stem, suffix = name.split(".")
    for index in range(count):
        path = folder / f"{stem}{index:05d}.{suffix}"
        path.write_bytes(data)
        stamp = now - 2 * 86_400 - 2 * index - shift
        os.utime(path, (stamp, stamp))


def main() -> None:
    """Write the folder, then time the scans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000, help="photos in all")
    parser.add_argument("--recent", type=int, default=5_000, help="of those, changed 3 days ago")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--media", action="store_true", help="recent: JPEG, HEIC and MP4")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photos-bench-") as folder:
        home = Path(folder)
        camera = home / "Pictures" / "Camera"
        fill(camera, "IMG_0", args.photos - args.recent, 400, located=False)
        if args.media:
            third = args.recent // 3
            fill(camera, "IMG_9", args.recent - 2 * third, 3, located=True)
            copies(camera, "located.heic", third, 0)
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
