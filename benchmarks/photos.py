#!/usr/bin/env python3
"""Time the photo scan on a camera folder of real JPEG files, most of them old.

    python benchmarks/photos.py                 # 100,000 photos, 5 runs
    python benchmarks/photos.py --photos 25000 --recent 4300 --runs 3

Writes tiny JPEGs (Pillow; the recent ones with a GPS position) into a new temporary folder,
dates them with os.utime, then times PhotosCollector().collect() on that home: every photo is
dated with one stat, the newest 300 recent ones are read (their first bytes only). The folder
is removed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shadowaudit.facts.traces.photos import PHOTOS, PhotosCollector  # noqa: E402
from shadowaudit.host import LocalHost  # noqa: E402
from tests.facts.traces.test_photos import fill  # noqa: E402


def main() -> None:
    """Write the folder, then time the scans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000, help="photos in all")
    parser.add_argument("--recent", type=int, default=5_000, help="of those, changed 3 days ago")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photos-bench-") as folder:
        home = Path(folder)
        camera = home / "Pictures" / "Camera"
        fill(camera, "IMG_0", args.photos - args.recent, 400, located=False)
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
