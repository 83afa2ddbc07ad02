"""The photo scan on generated folders of real JPEG files (written by Pillow, dated by utime)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.traces import photos
from shadowaudit.facts.traces.photos import PHOTOS, PhotosCollector, has_location
from shadowaudit.host import LocalHost

DAY = 86_400


def jpeg(located: bool) -> bytes:
    """A tiny real JPEG, with a GPS position in its EXIF when `located`."""
    exif = Image.Exif()
    if located:
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(out, "JPEG", exif=exif)
    return out.getvalue()


def fill(folder: Path, prefix: str, count: int, age_days: float, located: bool) -> None:
    """`count` photos named prefix00000.jpg..., last changed `age_days` ago (one second apart)."""
    folder.mkdir(parents=True, exist_ok=True)
    data, now = jpeg(located), time.time()
    for index in range(count):
        path = folder / f"{prefix}{index:05d}.jpg"
        path.write_bytes(data)
        stamp = now - age_days * DAY - index
        os.utime(path, (stamp, stamp))


def scan(home: Path) -> dict[str, object]:
    """The photos fact of a home folder on this computer."""
    value = PhotosCollector().collect(LocalHost(home))[PHOTOS]
    assert isinstance(value, dict)
    return value


def test_the_generated_photos_are_real() -> None:
    assert has_location(jpeg(True)) is True
    assert has_location(jpeg(False)) is False


def test_a_camera_folder_of_25000_photos_is_judged_by_its_newest(tmp_path: Path) -> None:
    # NOTE: the case: 20,700 old photos sort first by name; the 4,300 recent ones
    # (half of them located) come after them. A cap in name order saw none of them.
    camera = tmp_path / "Pictures" / "Camera"
    fill(camera, "IMG_0", 20_700, 400, located=False)
    fill(camera, "IMG_5", 2_150, 10, located=True)
    fill(camera, "IMG_7", 2_150, 5, located=False)
    found = scan(tmp_path)
    assert found["recent"] == 4_300
    assert found["checked"] == photos.MAX_PHOTOS
    assert found["only_newest"] is True
    assert found["capped"] is False
    # The 300 newest are the IMG_7 ones (5 days old), which hold no position.
    assert found["with_location"] == 0
    assert found["looked_in"] == ["~/Pictures"]


def test_the_newest_are_chosen_by_date_not_by_name(tmp_path: Path) -> None:
    fill(tmp_path / "Pictures" / "a", "OLD", 500, 30, located=False)
    fill(tmp_path / "Pictures" / "z", "NEW", 50, 1, located=True)
    found = scan(tmp_path)
    assert (found["recent"], found["checked"], found["with_location"]) == (550, 300, 50)
    assert found["folders"] == ["~/Pictures/z"]


def test_a_reached_cap_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tmp_path / "Pictures", "IMG", 40, 2, located=True)
    monkeypatch.setattr(photos, "MAX_ENTRIES", 25)
    found = scan(tmp_path)
    assert found["capped"] is True
    assert found["recent"] == 25


def test_desktop_and_downloads_are_looked_at(tmp_path: Path) -> None:
    fill(tmp_path / "Downloads", "signal-", 3, 1, located=True)
    (tmp_path / "Desktop").mkdir()
    found = scan(tmp_path)
    assert found["looked_in"] == ["~/Desktop", "~/Downloads"]
    assert (found["recent"], found["with_location"]) == (3, 3)
    assert found["folders"] == ["~/Downloads"]


def test_no_photo_at_all_is_said_as_what_was_looked_at(tmp_path: Path) -> None:
    (tmp_path / "Pictures").mkdir()
    found = scan(tmp_path)
    assert found["looked_in"] == ["~/Pictures"]
    assert (found["recent"], found["checked"], found["with_location"]) == (0, 0, 0)


def test_phone_formats_it_cannot_read_are_not_taken_for_none(tmp_path: Path) -> None:
    fill(tmp_path / "Pictures", "IMG", 2, 1, located=False)
    heic = tmp_path / "Pictures" / "IMG_9999.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic")
    found = scan(tmp_path)
    assert found["not_checked"] == 1
    located = found["with_location"]
    assert isinstance(located, Missing) and located.reason is Reason.unsupported


MEDIA = Path(__file__).resolve().parents[2] / "fixtures" / "media"


def test_heic_photos_and_videos_are_read_and_counted(tmp_path: Path) -> None:
    camera = tmp_path / "Pictures" / "Camera"
    camera.mkdir(parents=True)
    for name in ("located.heic", "plain.heic", "located.mp4", "located.mov", "plain.mp4"):
        (camera / name).write_bytes((MEDIA / name).read_bytes())
    found = scan(tmp_path)
    assert (found["recent"], found["checked"], found["not_checked"]) == (5, 5, 0)
    assert (found["with_location"], found["videos_with_location"]) == (3, 2)
    assert found["folders"] == ["~/Pictures/Camera"]
    # No coordinate of the recorded place appears anywhere in the fact.
    shown = repr(found)
    for leak in ("48.8577", "2.295", "48", "51"):
        assert leak not in shown


def test_a_cut_short_video_is_counted_as_not_checked(tmp_path: Path) -> None:
    data = (MEDIA / "located-moov-last.mp4").read_bytes()
    (tmp_path / "Pictures").mkdir()
    (tmp_path / "Pictures" / "clip.mp4").write_bytes(data[: data.index(b"moov")])
    found = scan(tmp_path)
    # A damaged file, like a damaged JPEG: counted, not a reason to doubt the others.
    assert (found["checked"], found["not_checked"], found["with_location"]) == (0, 1, 0)


def test_videos_whose_details_lie_past_the_head_are_read_at_their_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Phone videos are megabytes: their moov lies far past the bytes read first. A head of
    # 64 bytes stands for that with the small recorded files.
    monkeypatch.setattr(photos, "HEAD", 64)
    camera = tmp_path / "Pictures" / "Camera"
    camera.mkdir(parents=True)
    names = ("located-moov-last.mov", "located-xyz-moov-last.mov", "plain-moov-last.mp4")
    for name in names:
        (camera / name).write_bytes((MEDIA / name).read_bytes())
    found = scan(tmp_path)
    assert (found["checked"], found["not_checked"]) == (3, 0)
    assert (found["with_location"], found["videos_with_location"]) == (2, 2)
    assert "48.85" not in repr(found) and "+002" not in repr(found)
