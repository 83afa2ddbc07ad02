"""Recent photos whose metadata (EXIF) records where they were taken. Counts only, never places.

Photos from phones and many cameras store a GPS position. Sent as files, they tell anyone who
receives them where the person was. Only the first bytes of each file are read (where EXIF
lives); the position itself is never kept or shown.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from datetime import datetime, timedelta
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    display_path,
    missing_from,
)
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

PHOTOS = "traces.photos"
RECENT = timedelta(days=180)
MAX_PHOTOS = 300
MAX_ENTRIES = 20_000
HEAD = 256 * 1024
_READABLE = {".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp"}
_UNREADABLE = {".heic", ".heif", ".dng", ".cr2", ".nef", ".arw"}
_GPS_IFD, _LATITUDE, _LONGITUDE = 0x8825, 2, 4
_XDG_PICTURES = re.compile(r'^XDG_PICTURES_DIR="?\$HOME/([^"]+)"?', re.MULTILINE)


def has_location(head: bytes) -> bool | None:
    """True when image bytes carry a GPS latitude and longitude, None when unreadable."""
    from PIL import Image, UnidentifiedImageError  # NOTE: lazy, Pillow is large.

    # NOTE: Pillow refuses a photo declaring over twice MAX_IMAGE_PIXELS (about 179 million)
    # before decoding anything: DecompressionBombError, one more way to be unreadable.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(head)) as image:
                gps = image.getexif().get_ifd(_GPS_IFD)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        ValueError,
        SyntaxError,
        KeyError,
        TypeError,
    ):
        return None
    return _LATITUDE in gps and _LONGITUDE in gps


def picture_folders(host: Host) -> list[PurePath]:
    """The usual picture folders of this platform (Linux: XDG_PICTURES_DIR too)."""
    home = host.home
    folders = [home / "Pictures"]
    if host.platform is Platform.windows:
        folders.append(home / "OneDrive" / "Pictures")
    if host.platform is Platform.linux:
        try:
            match = _XDG_PICTURES.search(host.read_text(home / ".config" / "user-dirs.dirs"))
            if match:
                folders.insert(0, home.joinpath(*match.group(1).split("/")))
        except HostError:
            pass
    return list(dict.fromkeys(folders))


def _walk(
    host: Host, folder: PurePath, depth: int, seen: list[int], denied: list[Missing]
) -> list[PurePath]:
    """Photo files below a folder (hidden folders and app libraries skipped); a folder that
    exists but cannot be read is noted in `denied`, never taken for an empty one."""
    try:
        names = host.list_dir(folder)
    except NotFound:
        return []
    except HostError as exc:
        denied.append(missing_from(exc))
        return []
    found: list[PurePath] = []
    for name in names:
        seen[0] += 1
        if seen[0] > MAX_ENTRIES or name.startswith("."):
            continue
        path = folder / name
        suffix = PurePath(name).suffix.lower()
        if suffix in _READABLE | _UNREADABLE:
            found.append(path)
        elif depth > 0 and not suffix and host.is_dir(path):
            found.extend(_walk(host, path, depth - 1, seen, denied))
    return found


class PhotosCollector(Collector):
    """Counts recent photos with a recorded location in the usual picture folders."""

    name = "photos"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            PHOTOS,
            FactKind.mapping,
            f"Photos changed in the last {RECENT.days} days in the usual picture folders "
            f"(at most the {MAX_PHOTOS} newest): how many were checked and how many record "
            "where they were taken. No place is ever kept.",
            fields={
                "checked": "photos whose metadata could be read",
                "with_location": "of those, photos that record a GPS position",
                "not_checked": "photos in formats shadowaudit cannot read (HEIC, raw)",
                "folders": "folders holding photos with a position, as ~/...",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Find recent photos and read the start of each."""
        now, seen, denied = host.now(), [0], list[Missing]()
        files: list[tuple[datetime, PurePath]] = []
        for folder in picture_folders(host):
            for path in _walk(host, folder, 4, seen, denied):
                try:
                    changed = host.modified(path)
                except HostError:
                    continue
                if now - changed <= RECENT:
                    files.append((changed, path))
        files.sort(key=lambda item: item[0], reverse=True)
        checked = located = not_checked = 0
        folders: list[FactValue] = []
        for _, path in files[:MAX_PHOTOS]:
            if path.suffix.lower() in _UNREADABLE:
                not_checked += 1
                continue
            try:
                found = has_location(host.read_head(path, HEAD))
            except NotFound:
                continue
            except HostError as exc:
                log.debug("photos: %s", missing_from(exc).reason)
                not_checked += 1
                continue
            if found is None:
                not_checked += 1
                continue
            checked += 1
            if found:
                located += 1
                shown = display_path(host, path.parent)
                if shown not in folders:
                    folders.append(shown)
        value: FactValue = {
            "checked": checked,
            # NOTE: none found is not "none there" when a picture folder could not be read.
            "with_location": denied[0] if denied and not located else located,
            "not_checked": not_checked,
            "folders": folders,
        }
        return {PHOTOS: value}
