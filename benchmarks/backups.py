#!/usr/bin/env python3
"""Time the backups collector on a restic cache holding many snapshot files.

    python benchmarks/backups.py                   # 20,000 snapshots (the bound), 5 runs
    python benchmarks/backups.py --snapshots 5000 --runs 3

Writes empty snapshot files in restic's cache layout (snapshots/<two hex>/<id>) into a new
temporary home, dated one hour apart with os.utime, then times backups() on a LocalHost of
that home: each file is dated with one stat; past MAX_SNAPSHOTS the date is "could not check".
The folder is removed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shadowaudit.facts.traces.backups import backups  # noqa: E402
from shadowaudit.host import LocalHost  # noqa: E402


def fill(home: Path, count: int) -> None:
    """`count` snapshot files in one repository's cache, the newest changed an hour ago."""
    snapshots = home / ".cache" / "restic" / ("ab" * 32) / "snapshots"
    now = time.time()
    for index in range(count):
        name = hashlib.sha256(str(index).encode()).hexdigest()
        path = snapshots / name[:2] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        stamp = now - 3600 * (index + 1)
        os.utime(path, (stamp, stamp))


def main() -> None:
    """Write the cache, then time the scans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backups-bench-") as folder:
        home = Path(folder)
        fill(home, args.snapshots)
        os.environ.pop("XDG_CACHE_HOME", None)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            found = backups(LocalHost(home))
            times.append(time.perf_counter() - start)
        print(f"{args.snapshots} restic snapshots: {found}")
        print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
