"""Reading one file safely: regular files only, never blocking, never past the limit."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from shadowaudit.errors import HostError, NotAFile, NotFound, TooLarge
from shadowaudit.host import LocalHost, RecordedHost
from shadowaudit.host.files import RANGE_LIMIT, read_regular
from tests.conftest import host_folder
from tests.fixtures.record_machine import RecordingHost

posix = pytest.mark.skipif(os.name != "posix", reason="pipes, devices and sockets of POSIX")


def test_a_regular_file_is_read_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "prefs.js"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100) == b"x" * 100
    assert read_regular(path, 10, head=True) == b"x" * 10
    with pytest.raises(TooLarge):
        read_regular(path, 99)


@posix
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "user.js"
    os.mkfifo(pipe)
    with pytest.raises(NotAFile):
        LocalHost(tmp_path).read_bytes(pipe)
    with pytest.raises(NotAFile):
        LocalHost(tmp_path).read_head(pipe, 16)


@posix
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_before_any_byte_is_read(tmp_path: Path) -> None:
    link = tmp_path / "cookies.sqlite-wal"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotAFile):
        read_regular(link, 512 * 1024 * 1024)


@posix
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(NotAFile):
            read_regular(path, 10)
    finally:
        server.close()


def test_a_sparse_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "Preferences"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 * 1024)
    with pytest.raises(TooLarge):
        read_regular(path, 16 * 1024 * 1024)


def test_folders_and_absent_files(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_regular(tmp_path / "absent", 10)
    with pytest.raises(HostError):
        read_regular(tmp_path, 10)


@posix
def test_a_recording_with_a_pipe_is_refused_too(tmp_path: Path) -> None:
    import shutil

    folder = Path(shutil.copytree(host_folder("linux-accounts"), tmp_path / "m"))
    gitconfig = folder / "files" / "home" / "ana" / ".gitconfig"
    gitconfig.unlink()
    os.mkfifo(gitconfig)
    host = RecordedHost(folder)
    with pytest.raises(NotAFile):
        host.read_bytes(host.home / ".gitconfig")
    with pytest.raises(NotFound):
        host.read_bytes(host.home / "absent")


@posix
def test_a_link_into_the_kernels_views_is_refused_but_those_views_stay_readable(
    tmp_path: Path,
) -> None:
    link = tmp_path / ".gitconfig"
    link.symlink_to("/proc/self/environ")
    host = LocalHost(tmp_path)
    with pytest.raises(NotAFile):
        host.read_bytes(link)
    assert host.database_file(link) is None
    # Named outright by a collector, the kernel's own files are still read.
    assert b"/" in host.read_bytes(Path("/proc/self/mountinfo"))


@posix
def test_with_another_home_a_link_may_not_leave_it(tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "scanner"
    home.mkdir()
    elsewhere.mkdir()
    (elsewhere / "prefs.js").write_text("user_pref('x', 1);")
    (home / "prefs.js").symlink_to(elsewhere / "prefs.js")
    (home / "Pictures").symlink_to(elsewhere, target_is_directory=True)
    (home / "notes").mkdir()
    (home / "kept.js").symlink_to(home / "notes")
    other = LocalHost(home)
    with pytest.raises(NotAFile, match="leaves the home"):
        other.read_bytes(home / "prefs.js")
    with pytest.raises(NotAFile):
        other.list_dir(home / "Pictures")
    assert other.database_file(home / "prefs.js") is None
    # A link that stays inside the home is followed, and outside `--home` links are the
    # person's own business (dotfiles kept elsewhere, a profile on another disk).
    assert other.list_dir(home / "kept.js") == []
    assert LocalHost().read_bytes(home / "prefs.js") == b"user_pref('x', 1);"


@posix
def test_a_recorded_link_that_leaves_the_recording_is_refused(tmp_path: Path) -> None:
    import shutil

    folder = Path(shutil.copytree(host_folder("linux-accounts"), tmp_path / "m"))
    gitconfig = folder / "files" / "home" / "ana" / ".gitconfig"
    gitconfig.unlink()
    gitconfig.symlink_to("/etc/hostname")
    host = RecordedHost(folder)
    with pytest.raises(NotAFile, match="leaves the recorded machine"):
        host.read_bytes(host.home / ".gitconfig")
    assert host.database_file(host.home / ".gitconfig") is None


def test_a_part_of_a_file_is_read_at_its_place_and_never_past_its_end(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(bytes(range(200)))
    host = LocalHost(tmp_path)
    assert host.read_range(path, 10, 5) == bytes(range(10, 15))
    assert host.read_range(path, 195, 50) == bytes(range(195, 200))
    assert host.read_range(path, 200, 8) == b""
    assert host.read_range(path, 2**62, 8) == b""
    assert host.read_range(path, 0, 0) == b""


def test_a_part_is_refused_when_too_big_or_negative(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"x" * 10)
    host = LocalHost(tmp_path)
    with pytest.raises(TooLarge):
        host.read_range(path, 0, RANGE_LIMIT + 1)
    with pytest.raises(HostError):
        host.read_range(path, -1, 4)
    with pytest.raises(HostError):
        host.read_range(tmp_path, 0, 4)
    with pytest.raises(NotFound):
        host.read_range(tmp_path / "gone.mp4", 0, 4)


@posix
def test_a_part_of_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "clip.mov"
    os.mkfifo(pipe)
    with pytest.raises(NotAFile):
        LocalHost(tmp_path).read_range(pipe, 0, 16)


def test_a_recorded_file_is_read_in_parts_too() -> None:
    host = RecordedHost(host_folder("windows11-sync"))
    whole = host.read_bytes(host.home / "OneDrive" / "Pictures" / "IMG_2041.jpg")
    part = host.read_range(host.home / "OneDrive" / "Pictures" / "IMG_2041.jpg", 4, 32)
    assert part == whole[4:36]


def test_the_recorder_keeps_the_whole_file_of_a_part_read(tmp_path: Path) -> None:
    path = tmp_path / "clip.mov"
    path.write_bytes(bytes(range(100)))
    host = RecordingHost()
    assert host.read_range(path, 90, 20) == bytes(range(90, 100))
    # NOTE: a replay must read the same part from the recorded copy.
    assert host.contents[str(path)] == bytes(range(100))
