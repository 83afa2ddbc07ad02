"""Recent photos and videos whose metadata records where they were taken. Counts only.

Photos and videos from phones and many cameras store a GPS position. Sent as files, they tell
anyone who receives them where the person was. Only the first bytes of each file are read
(where EXIF, HEIC's boxes and a fast-start video's `moov` live); a video whose `moov` lies
after its frames is then walked box by box (moov.py); no position is kept or shown.
"""

from __future__ import annotations

import heapq
import io
import logging
import os
import re
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath

from msgspec import Struct, field

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    display_path,
    missing_from,
)
from shadowaudit.facts.traces.boxes import heif_has_location, video_has_location
from shadowaudit.facts.traces.moov import tail_location
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

PHOTOS = "traces.photos"
RECENT = timedelta(days=180)
MAX_PHOTOS = 300
#: Entries listed at most (files and folders): bounds the time on a huge folder; every photo
#: within it is dated (one stat each) before the newest are chosen.
MAX_ENTRIES = 200_000
HEAD = 256 * 1024
_READABLE = {".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp"}
_HEIF = {".heic", ".heif"}
_VIDEOS = {".mp4", ".mov", ".m4v", ".3gp"}
_UNREADABLE = {".dng", ".cr2", ".nef", ".arw"}
_PHOTO_SUFFIXES = frozenset(_READABLE | _HEIF | _VIDEOS | _UNREADABLE)
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


def media_location(path: PurePath, head: bytes) -> bool | None:
    """Whether the first bytes of a photo or video record a position (None: they do not tell)."""
    suffix = path.suffix.lower()
    if suffix in _HEIF:
        return heif_has_location(head)
    if suffix in _VIDEOS:
        return video_has_location(head)
    return has_location(head)


def picture_folders(host: Host) -> list[tuple[PurePath, int]]:
    """Where photos land, with how deep to look: the picture folders of this platform (Linux:
    XDG_PICTURES_DIR too), then the desktop and downloads, where received photos go."""
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
    deep = [(folder, 4) for folder in dict.fromkeys(folders)]
    return [*deep, (home / "Desktop", 1), (home / "Downloads", 1)]


class Walk(Struct):
    """What a walk of the photo folders saw: entries listed, folders read, folders refused."""

    entries: int = 0
    looked_in: list[PurePath] = field(default_factory=list)
    denied: list[Missing] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        """True when the walk stopped at MAX_ENTRIES: some photos were never seen."""
        return self.entries >= MAX_ENTRIES


def _walk(
    host: Host,
    folder: PurePath,
    depth: int,
    walk: Walk,
    top: bool = False,
    suffixes: frozenset[str] = _PHOTO_SUFFIXES,
) -> Iterator[PurePath]:
    """Files with these suffixes below a folder (hidden folders skipped), at most MAX_ENTRIES
    entries in all; a folder that exists but cannot be read is noted in `walk.denied`, never
    taken for an empty one."""
    try:
        names = host.list_dir(folder)
    except NotFound:
        return
    except HostError as exc:
        walk.denied.append(missing_from(exc))
        return
    if top:
        walk.looked_in.append(folder)
    for name in names:
        if walk.capped:
            return
        walk.entries += 1
        if name.startswith("."):
            continue
        # NOTE: a string split, not a path, for each of up to MAX_ENTRIES names (3x faster).
        suffix = os.path.splitext(name)[1].lower()
        if suffix in suffixes:
            yield folder / name
        elif depth > 0 and not suffix and host.is_dir(folder / name):
            yield from _walk(host, folder / name, depth - 1, walk, suffixes=suffixes)


def newest_files(
    host: Host,
    walk: Walk,
    folders: list[tuple[PurePath, int]],
    suffixes: frozenset[str],
    cap: int,
) -> tuple[list[PurePath], int]:
    """The `cap` newest files changed in the last RECENT days, chosen by date over every file
    found (metadata only), and how many recent files there were in all."""
    now, recent = host.now(), 0
    newest: list[tuple[datetime, str]] = []
    for folder, depth in folders:
        for path in _walk(host, folder, depth, walk, top=True, suffixes=suffixes):
            try:
                changed = host.modified(path)
            except HostError:
                continue
            if now - changed > RECENT:
                continue
            recent += 1
            item = (changed, str(path))
            if len(newest) < cap:
                heapq.heappush(newest, item)
            else:
                heapq.heappushpop(newest, item)
    newest.sort(reverse=True)
    return [host.path(path) for _, path in newest], recent


def newest_photos(host: Host, walk: Walk) -> tuple[list[PurePath], int]:
    """The MAX_PHOTOS newest photos and videos of the picture folders, and how many recent
    ones there were in all."""
    return newest_files(host, walk, picture_folders(host), _PHOTO_SUFFIXES, MAX_PHOTOS)


class PhotosCollector(Collector):
    """Counts recent photos and videos with a recorded location in the usual picture folders."""

    name = "photos"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            PHOTOS,
            FactKind.mapping,
            f"Photos and videos changed in the last {RECENT.days} days in the picture folders, "
            f"the desktop and downloads (the {MAX_PHOTOS} newest are read, chosen by date over "
            "all of them, only their first bytes, and a video's details wherever they lie): how "
            "many were checked and how many record where they were taken. No place is ever "
            "kept.",
            fields={
                "looked_in": "folders that were read, as ~/...",
                "recent": f"photos and videos changed in the last {RECENT.days} days",
                "checked": "photos and videos whose metadata could be read",
                "with_location": "of those, photos and videos that record a GPS position",
                "videos_with_location": "of those, videos (MP4, MOV)",
                "not_checked": "files that could not be read (raw photos, damaged files, HEIC "
                "photos whose details sit past the first bytes)",
                "folders": "folders holding photos or videos with a position, as ~/...",
                "per_folder": "how many photos and videos with a position each of those "
                "folders holds (of those read)",
                "only_newest": f"true when there were more recent files than the {MAX_PHOTOS} read",
                "capped": f"true when the folders hold over {MAX_ENTRIES} entries: "
                "some were not looked at",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Find recent photos and videos and read the start of the newest."""
        walk = Walk()
        newest, recent = newest_photos(host, walk)
        checked = located = videos = not_checked = 0
        blind: str | None = None
        per_folder: dict[str, int] = {}
        for path in newest:
            suffix = path.suffix.lower()
            if suffix in _UNREADABLE:
                not_checked += 1
                blind = "raw photos cannot be read"
                continue
            try:
                found = media_location(path, host.read_head(path, HEAD))
                if found is None and suffix in _VIDEOS:
                    found = tail_location(partial(host.read_range, path))
            except NotFound:
                continue
            except HostError as exc:
                log.debug("photos: %s", missing_from(exc).reason)
                not_checked += 1
                continue
            if found is None:
                not_checked += 1
                if suffix in _HEIF:
                    # NOTE: a HEIC may keep its details past the bytes read: a kind of file
                    # it cannot always tell about, not one damaged file. A video's details
                    # are looked for wherever they lie (moov.py): one that still does not
                    # tell is a damaged file.
                    blind = "some phone photos keep their details past the part read"
                continue
            checked += 1
            if found:
                located += 1
                videos += suffix in _VIDEOS
                shown = display_path(host, path.parent)
                per_folder[shown] = per_folder.get(shown, 0) + 1
        # NOTE: none found is not "none there" when a folder could not be read, or when
        # some files are of a kind shadowaudit cannot read (raw photos, some videos).
        none_found: FactValue = 0
        if walk.denied:
            none_found = walk.denied[0]
        elif blind:
            none_found = Missing(Reason.unsupported, blind)
        value: FactValue = {
            "looked_in": [display_path(host, folder) for folder in walk.looked_in],
            # NOTE: a refused folder may hold recent photos: not "none", never "does not apply".
            "recent": walk.denied[0] if walk.denied and not recent else recent,
            "checked": checked,
            "with_location": located or none_found,
            "videos_with_location": videos,
            "not_checked": not_checked,
            "folders": list(per_folder),
            "per_folder": {**per_folder},
            "only_newest": recent > MAX_PHOTOS,
            "capped": walk.capped,
        }
        return {PHOTOS: value}
