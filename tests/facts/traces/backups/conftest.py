"""A small recorded computer made in a temporary folder, for damaged and odd backup files."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import yaml

from shadowaudit.host import RecordedHost

HOMES = {"linux": "/home/ana", "windows": "C:\\Users\\Ana", "macos": "/Users/ana"}
NOW = "2026-12-07T10:00:00+00:00"

Computer = Callable[..., RecordedHost]


@pytest.fixture
def computer(tmp_path: Path) -> Computer:
    """`computer(platform, {path: bytes}, modified={path: ISO time})`: files by absolute path
    (Windows C:\\ as C/), the clock at NOW, LOCALAPPDATA set on Windows."""

    def make(
        platform: str,
        files: Mapping[str, bytes],
        modified: Mapping[str, str] | None = None,
    ) -> RecordedHost:
        env = {"LOCALAPPDATA": "C:\\Users\\Ana\\AppData\\Local"} if platform == "windows" else {}
        host = {
            "platform": platform,
            "home": HOMES[platform],
            "user": "ana",
            "hostname": "laptop",
            "env": env,
            "now": NOW,
            "modified": dict(modified or {}),
        }
        (tmp_path / "host.yaml").write_text(yaml.safe_dump(host), encoding="utf-8")
        home = HOMES[platform].replace("C:\\", "C/").replace("\\", "/").lstrip("/")
        (tmp_path / "files" / home).mkdir(parents=True, exist_ok=True)
        for path, data in files.items():
            target = tmp_path / "files" / path.replace("C:\\", "C/").replace("\\", "/").lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return RecordedHost(tmp_path)

    return make
