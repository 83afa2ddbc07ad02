"""A home with real Firefox and Chromium profiles, to prove the promises on."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import host_folder


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """Every file and folder under `folder`: content hash, size, mtime and mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[str(path.relative_to(folder))] = (
            digest,
            info.st_size,
            info.st_mtime_ns,
            info.st_mode,
        )
    return found


@pytest.fixture
def browser_home(tmp_path: Path) -> Path:
    """A home holding the profiles written by the real firefox-esr and chromium."""
    home = tmp_path / "home" / "ana"
    shutil.copytree(host_folder("linux-firefox") / "files" / "home" / "ana", home)
    shutil.copytree(
        host_folder("linux-chromium") / "files" / "home" / "ana" / ".config" / "chromium",
        home / ".config" / "chromium",
    )
    shutil.copytree(
        host_folder("linux-accounts") / "files" / "home" / "ana" / ".ssh", home / ".ssh"
    )
    return home
