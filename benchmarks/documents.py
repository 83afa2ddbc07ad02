#!/usr/bin/env python3
"""Time the scan of a home with 10,000 photos and 2,000 documents (issue 20).

    python benchmarks/documents.py                       # 10,000 photos, 2,000 documents
    python benchmarks/documents.py --documents 5000 --recent-documents 1500 --runs 3
    python benchmarks/documents.py --no-scan             # the collectors only

Writes, in a new temporary folder, a camera folder as benchmarks/photos.py does (tiny JPEGs,
1,000 of them recent and located) and 2,000 documents: copies, under varied names, of the
real ODT, DOCX and PDF files LibreOffice wrote (tests/fixtures/documents), spread over
Documents (in case folders up to three levels deep), the desktop and downloads, a quarter of
them changed in the last 6 months; plus 500 files that are not documents (text, CSV, HTML,
archives) beside them. Then it times, each `--runs` times: the photo collector, the document
collector and, unless `--no-scan`, a whole `shadowaudit scan --home HOME --format json
--no-questions` process next to the same scan of an empty home. The folder is removed at the
end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
sys.path.insert(0, str(ROOT))

from shadowaudit.facts.traces.documents import DOCUMENTS as DOCUMENTS_FACT  # noqa: E402
from shadowaudit.facts.traces.documents import DocumentsCollector  # noqa: E402
from shadowaudit.facts.traces.photos import PHOTOS, PhotosCollector  # noqa: E402
from shadowaudit.host import LocalHost  # noqa: E402
from tests.facts.traces.test_photos import fill  # noqa: E402

DAY = 86_400
#: The real documents copied, in turn: with and without an author, comments and changes.
SOURCES = [f"{kind}.{suffix}" for suffix in ("odt", "docx", "pdf") for kind in ("notes", "plain")]
#: Files beside them that are not documents, with the bytes they start with.
OTHERS = {
    ".txt": b"minutes of the meeting\n" * 40,
    ".csv": b"date,place,count\n" * 40,
    ".html": b"<!doctype html><p>notes</p>\n" * 40,
    ".zip": b"PK\x05\x06" + b"\x00" * 18,
}


def place(home: Path, index: int) -> Path:
    """Where the index-th file goes: 70% in Documents case folders (1 to 3 levels deep),
    15% on the desktop, 15% in downloads."""
    slot = index % 20
    if slot < 3:
        return home / "Desktop"
    if slot < 6:
        return home / "Downloads"
    case = home / "Documents" / f"case-{index % 40:02d}"
    return case if slot < 10 else case / "drafts" if slot < 15 else case / "drafts" / "old"


def documents(home: Path, count: int, recent: int, others: int) -> None:
    """`count` documents (the first `recent` changed in the last 6 months) and `others`
    files that are not documents, one second apart in time."""
    data = {name: (DOCUMENTS / name).read_bytes() for name in SOURCES}
    now = time.time()
    for index in range(count):
        name = SOURCES[index % len(SOURCES)]
        stem, suffix = name.split(".")
        folder = place(home, index)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}-{index:05d}-report.{suffix}"
        path.write_bytes(data[name])
        age = 3 * DAY if index < recent else 400 * DAY
        os.utime(path, (now - age - index, now - age - index))
    kinds = list(OTHERS.items())
    for index in range(others):
        suffix, body = kinds[index % len(kinds)]
        folder = place(home, index)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file-{index:05d}{suffix}").write_bytes(body)


def timed(runs: int, work: Callable[[], object]) -> tuple[list[float], object]:
    """Run `work` `runs` times: the wall times and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return times, result


def scan(home: Path) -> None:
    """One whole scan of `home` by the shadowaudit installed beside this Python."""
    program = Path(sys.executable).with_name("shadowaudit")
    subprocess.run(
        [str(program), "scan", "--home", str(home), "--format", "json", "--no-questions"],
        stdout=subprocess.DEVNULL,
        check=False,
    )


def show(label: str, times: list[float]) -> None:
    """Median and max of some runs."""
    print(f"{label}: median {statistics.median(times):.2f} s, max {max(times):.2f} s")


def main() -> None:
    """Write the home, then time the collectors and the scans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--recent-photos", type=int, default=1_000)
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--recent-documents", type=int, default=500)
    parser.add_argument("--others", type=int, default=500, help="files that are not documents")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-scan", action="store_true", help="time the collectors only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="documents-bench-") as folder:
        home, empty = Path(folder) / "home", Path(folder) / "empty"
        empty.mkdir()
        camera = home / "Pictures" / "Camera"
        fill(camera, "IMG_0", args.photos - args.recent_photos, 400, located=False)
        fill(camera, "IMG_9", args.recent_photos, 3, located=True)
        documents(home, args.documents, args.recent_documents, args.others)
        photo_times, photos = timed(args.runs, lambda: PhotosCollector().collect(LocalHost(home)))
        doc_times, docs = timed(args.runs, lambda: DocumentsCollector().collect(LocalHost(home)))
        print(f"{args.photos} photos: {photos[PHOTOS]}")  # type: ignore[index]
        print(f"{args.documents} documents: {docs[DOCUMENTS_FACT]}")  # type: ignore[index]
        show("photo collector", photo_times)
        show("document collector", doc_times)
        if not args.no_scan:
            scan(home)  # warm-up
            full, bare = [], []
            for _ in range(args.runs):  # in pairs, so that load slows both sides alike
                full += timed(1, lambda: scan(home))[0]
                bare += timed(1, lambda: scan(empty))[0]
            show("scan, this home", full)
            show("scan, empty home", bare)
            added = [a - b for a, b in zip(full, bare, strict=True)]
            show("added by the photos and documents", added)
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
