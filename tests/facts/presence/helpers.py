"""Build small recorded machines in a test's folder: a host.yaml, files, commands."""

from __future__ import annotations

from pathlib import Path

import yaml

from shadowaudit.host import RecordedHost


def machine(
    root: Path,
    files: dict[str, bytes] | None = None,
    commands: list[dict[str, object]] | None = None,
    platform: str = "linux",
) -> RecordedHost:
    """A recorded Linux (or other) machine with these files (by absolute path) and commands."""
    home = "/home/ana" if platform == "linux" else "/Users/ana"
    meta = {
        "platform": platform,
        "home": home,
        "user": "ana",
        "hostname": "laptop",
        "env": {},
        "now": "2026-12-07T10:00:00+00:00",
    }
    (root / "host.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for path, data in (files or {}).items():
        target = root / "files" / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (root / "files" / home.lstrip("/")).mkdir(parents=True, exist_ok=True)
    (root / "commands.yaml").write_text(yaml.safe_dump(commands or []), encoding="utf-8")
    return RecordedHost(root)
