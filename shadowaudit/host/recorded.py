"""RecordedHost: a whole computer replayed from a folder, for tests, demos and other platforms.

A recorded machine is a folder:

```
host.yaml        platform, home, user, hostname, env, now, unreadable (paths),
                 modified (path: ISO time; files without one count as changed `now`),
                 administrator (true when the scan was run as root)
                 ids (Linux: uid, gid and groups, the numbers the kernel gives the scan)
files/           the file tree, by absolute path (Windows drive C: is files/C/...)
commands.yaml    recorded programs: argv, stdout, stderr, returncode (or hang: true)
registry.yaml    Windows registry keys and their values
processes.yaml   running programs: name (and exe)
devices.yaml     programs holding a device open (Linux): program, device; absent when the
                 recording did not look
listeners.yaml   programs waiting for connections: program, address, port, protocol;
                 or `denied: true` where the system needs administrator rights (macOS)
```
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

import yaml
from msgspec import Struct

from shadowaudit import yamlio
from shadowaudit.errors import (
    CommandNotFound,
    CommandTimeout,
    Damaged,
    NotAFile,
    NotFound,
    PermissionDenied,
    RecordingError,
    Unsupported,
)
from shadowaudit.host.base import (
    DEFAULT_READ_LIMIT,
    DEFAULT_TIMEOUT,
    CommandResult,
    DeviceUse,
    Host,
    Listener,
    Platform,
    ProcessInfo,
    RegistryValue,
    UserIds,
)
from shadowaudit.host.files import inside, read_at, read_regular

log = logging.getLogger(__name__)


#: A file that stands for nothing in a recorded folder that was empty on the computer (git
#: keeps no empty folder); listing the folder leaves it out.
EMPTY_FOLDER_MARK = ".recorded-empty-folder"


def mark_empty_folders(root: Path) -> int:
    """Put EMPTY_FOLDER_MARK in every empty folder below `root` (for the tools that write
    recorded machines); how many were marked."""
    empty = [p for p in root.rglob("*") if p.is_dir() and not any(p.iterdir())]
    for folder in empty:
        (folder / EMPTY_FOLDER_MARK).touch()
    return len(empty)


class RecordedCommand(Struct, frozen=True):
    """One recorded run of a program."""

    argv: tuple[str, ...]
    result: CommandResult
    hang: bool = False


def _load_yaml(path: Path) -> Any:
    """Read a YAML file of the recording; a missing file is an empty document."""
    if not path.is_file():
        return None
    try:
        return yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RecordingError(f"{path}: {exc}") from exc


class RecordedHost(Host):
    """A computer replayed from a recorded machine folder. It is a real Host, not a mock."""

    def __init__(self, folder: Path) -> None:
        """Read host.yaml, commands.yaml and registry.yaml of a recording."""
        self.folder = folder
        meta = _load_yaml(folder / "host.yaml")
        if not isinstance(meta, dict):
            raise RecordingError(f"{folder}: host.yaml is missing or not a mapping")
        try:
            self.platform = Platform(meta["platform"])
            self.home = self.platform.path_type()(meta["home"])
            self._now = datetime.fromisoformat(str(meta["now"]))
        except (KeyError, ValueError) as exc:
            raise RecordingError(f"{folder}/host.yaml: {exc}") from exc
        self.user = str(meta.get("user", ""))
        self._ids = meta.get("ids")
        self.hostname = str(meta.get("hostname", ""))
        self._administrator = meta.get("administrator", False) is True
        self._env = {str(k): str(v) for k, v in (meta.get("env") or {}).items()}
        self._unreadable = {str(p) for p in meta.get("unreadable", [])}
        self._modified = {
            str(p): datetime.fromisoformat(str(t)) for p, t in (meta.get("modified") or {}).items()
        }
        self._commands = [
            self._parse_command(c) for c in _load_yaml(folder / "commands.yaml") or []
        ]
        registry = _load_yaml(folder / "registry.yaml") or {}
        self._registry = {str(k).lower(): v or {} for k, v in registry.items()}
        self._registry_names = [str(k) for k in registry]
        self._processes = [
            ProcessInfo(str(p["name"]), str(p.get("exe", "")))
            for p in _load_yaml(folder / "processes.yaml") or []
        ]
        devices = folder / "devices.yaml"
        self._devices = (
            [DeviceUse(str(d["program"]), str(d["device"])) for d in _load_yaml(devices) or []]
            if devices.is_file()
            else None
        )
        listeners = _load_yaml(folder / "listeners.yaml") or []
        self._listeners_denied = isinstance(listeners, dict) and bool(listeners.get("denied"))
        self._listeners = (
            []
            if isinstance(listeners, dict)
            else [
                Listener(
                    str(entry["program"]),
                    str(entry["address"]),
                    int(entry["port"]),
                    str(entry.get("protocol", "tcp")),
                )
                for entry in listeners
            ]
        )

    @staticmethod
    def _parse_command(entry: dict[str, Any]) -> RecordedCommand:
        """Build a RecordedCommand from one commands.yaml entry."""
        return RecordedCommand(
            argv=tuple(str(a) for a in entry["argv"]),
            result=CommandResult(
                returncode=int(entry.get("returncode", 0)),
                stdout=str(entry.get("stdout", "")),
                stderr=str(entry.get("stderr", "")),
            ),
            hang=bool(entry.get("hang", False)),
        )

    def _locate(self, path: PurePath) -> Path:
        """Where the recorded copy of an absolute path of this machine lies."""
        if isinstance(path, PureWindowsPath):
            parts = [path.drive.rstrip(":"), *path.parts[1:]]
        else:
            parts = list(path.parts[1:])
        if ".." in parts or not path.is_absolute():
            raise NotFound(str(path))
        return self.folder.joinpath("files", *parts)

    def _check_readable(self, path: PurePath) -> None:
        """Raise PermissionDenied for paths the recording marks unreadable, and for what lies
        inside an unreadable folder (a folder without read and search rights hides it all)."""
        if any(str(place) in self._unreadable for place in (path, *path.parents)):
            raise PermissionDenied(str(path))

    def _recorded_file(self, path: PurePath) -> Path:
        """The recorded copy of a file; NotFound when the recording has none (or a folder),
        NotAFile when it is a link that leads out of the recording."""
        self._check_readable(path)
        real = self._locate(path)
        if real.is_dir() or not os.path.lexists(real):
            raise NotFound(str(path))
        self._stays_inside(path, real)
        return real

    def _stays_inside(self, path: PurePath, real: Path) -> None:
        """Refuse a recorded link that leads out of the recording (it would read this
        computer, not the recorded one)."""
        if not inside(os.path.realpath(real), os.path.realpath(self.folder / "files")):
            raise NotAFile(f"{path} is a link that leaves the recorded machine")

    def read_bytes(self, path: PurePath, limit: int = DEFAULT_READ_LIMIT) -> bytes:
        """Return the recorded file's bytes (regular files only, at most `limit`)."""
        return read_regular(self._recorded_file(path), limit)

    def read_head(self, path: PurePath, size: int) -> bytes:
        """The first bytes of a recorded file."""
        return read_regular(self._recorded_file(path), size, head=True)

    def read_range(self, path: PurePath, offset: int, size: int) -> bytes:
        """A part of a recorded file."""
        return read_at(self._recorded_file(path), offset, size)

    def database_file(self, path: PurePath) -> Path | None:
        """The recorded copy of a database (the recording is never written to)."""
        try:
            real = self._recorded_file(path)
        except (NotFound, NotAFile):
            return None
        return real if real.is_file() else None

    def is_file(self, path: PurePath) -> bool:
        """True when the recording has this file."""
        try:
            return self._locate(path).is_file()
        except NotFound:
            return False

    def is_dir(self, path: PurePath) -> bool:
        """True when the recording has this folder."""
        try:
            return self._locate(path).is_dir()
        except NotFound:
            return False

    def list_dir(self, path: PurePath) -> list[str]:
        """The sorted names in a recorded folder."""
        self._check_readable(path)
        real = self._locate(path)
        if not real.is_dir():
            raise NotFound(str(path))
        self._stays_inside(path, real)
        return sorted(p.name for p in real.iterdir() if p.name != EMPTY_FOLDER_MARK)

    def modified(self, path: PurePath) -> datetime:
        """The recorded change time (host.yaml `modified:`), else the recording's `now`."""
        if not self.is_file(path) and not self.is_dir(path):
            raise NotFound(str(path))
        return self._modified.get(str(path), self._now)

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> CommandResult:
        """Replay a recorded command; a program never recorded is not installed."""
        wanted = tuple(argv)
        for command in self._commands:
            if command.argv == wanted:
                if command.hang:
                    raise CommandTimeout(f"{argv[0]} took longer than {timeout} s")
                return command.result
        raise CommandNotFound(argv[0])

    def env(self, name: str) -> str | None:
        """A recorded environment variable."""
        return self._env.get(name)

    def now(self) -> datetime:
        """The recorded time of the scan."""
        return self._now

    def administrator(self) -> bool:
        """What host.yaml says: `administrator: true` when the scan ran as root."""
        return self._administrator

    def registry_values(self, key: str) -> Mapping[str, RegistryValue]:
        """Recorded values under a registry key (Windows recordings only)."""
        if self.platform is not Platform.windows:
            raise Unsupported("the registry exists only on Windows")
        self._check_readable(PureWindowsPath(key))
        values = self._registry.get(key.lower())
        if values is None:
            raise NotFound(key)
        return dict(values)

    def registry_subkeys(self, key: str) -> list[str]:
        """The recorded subkeys of a registry key."""
        if self.platform is not Platform.windows:
            raise Unsupported("the registry exists only on Windows")
        prefix = key.lower().rstrip("\\") + "\\"
        names = {
            k[len(prefix) :].split("\\", 1)[0]
            for k in self._registry_names
            if k.lower().startswith(prefix)
        }
        if not names and key.lower() not in self._registry:
            raise NotFound(key)
        return sorted(names)

    def user_ids(self) -> UserIds:
        """The recorded ids (`ids` in host.yaml); NotFound when the recording has none."""
        if not isinstance(self._ids, dict):
            raise NotFound("ids (not recorded)")
        try:
            return UserIds(
                int(self._ids["uid"]),
                int(self._ids["gid"]),
                tuple(int(g) for g in self._ids.get("groups", [])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise Damaged(f"host.yaml: ids: {type(exc).__name__}") from exc

    def device_users(self, prefixes: tuple[str, ...]) -> list[DeviceUse]:
        """The recorded programs holding such a device open (NotFound when not recorded)."""
        if self._devices is None:
            raise Unsupported("devices.yaml: open devices were not recorded")
        return [use for use in self._devices if use.device.startswith(prefixes)]

    def processes(self) -> list[ProcessInfo]:
        """The recorded running programs."""
        return list(self._processes)

    def listeners(self) -> list[Listener]:
        """The recorded listening programs (PermissionDenied when the recording says so)."""
        if self._listeners_denied:
            raise PermissionDenied("network connections (needs administrator rights)")
        return list(self._listeners)
