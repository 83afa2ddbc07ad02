"""The Host interface: the one door through which collectors see the computer being checked."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from msgspec import Struct

from shadowaudit.errors import Unsupported

#: Largest file a collector may read unless it asks for more (browser prefs are well under this).
DEFAULT_READ_LIMIT = 16 * 1024 * 1024
#: Default time a command may take before it is stopped.
DEFAULT_TIMEOUT = 10.0


class Platform(StrEnum):
    """The operating-system families shadowaudit knows."""

    linux = "linux"
    macos = "macos"
    windows = "windows"

    @property
    def shown(self) -> str:
        """The name people know the system by: "Windows", "macOS", "Linux"."""
        return {"linux": "Linux", "macos": "macOS", "windows": "Windows"}[self.value]

    def path_type(self) -> type[PurePath]:
        """The pure path flavour used by this platform."""
        return PureWindowsPath if self is Platform.windows else PurePosixPath


class CommandResult(Struct, frozen=True):
    """What a command printed and how it ended. Text is decoded as UTF-8, bad bytes replaced."""

    returncode: int
    stdout: str
    stderr: str


RegistryValue = str | int | bytes | list[str]


class ProcessInfo(Struct, frozen=True):
    """A running program: its name (as the system shows it) and, when readable, its path."""

    name: str
    exe: str = ""


class Listener(Struct, frozen=True):
    """A program waiting for network connections: which program, on which address and port."""

    program: str
    address: str
    port: int
    protocol: str = "tcp"

    @property
    def loopback(self) -> bool:
        """True when only this computer can connect (127.0.0.0/8, ::1)."""
        return self.address.startswith("127.") or self.address in ("::1", "localhost")


class DeviceUse(Struct, frozen=True):
    """A program holding a device file open now: its name and the device's path."""

    program: str
    device: str


class UserIds(Struct, frozen=True):
    """Who runs the scan, as numbers only: the user id, the primary group, every group id."""

    uid: int
    gid: int
    groups: tuple[int, ...]


class Host(ABC):
    """The computer being checked, seen read-only and offline.

    Every method raises only `HostError` subclasses: `NotFound`, `PermissionDenied`,
    `TooLarge`, `NotAFile`, `CommandNotFound`, `CommandTimeout` or `Unsupported`.
    """

    platform: Platform
    home: PurePath
    #: Whether collectors may read this host from a forked worker process (shadowaudit/forked.py).
    forks: bool = False

    def config_home(self) -> PurePath:
        """Where programs keep settings: $XDG_CONFIG_HOME when it is an absolute path, else
        ~/.config (the XDG Base Directory rule; used on Linux)."""
        xdg = self.env("XDG_CONFIG_HOME") or ""
        return self.path(xdg) if xdg.startswith("/") else self.home / ".config"

    def path(self, *parts: str) -> PurePath:
        """Build a path of this host's flavour from parts."""
        return self.platform.path_type()(*parts)

    @abstractmethod
    def read_bytes(self, path: PurePath, limit: int = DEFAULT_READ_LIMIT) -> bytes:
        """Return the bytes of a regular file; `TooLarge` when it holds more than `limit` bytes,
        `NotAFile` for a named pipe, device or socket (nothing is read, nothing waits)."""

    @abstractmethod
    def read_head(self, path: PurePath, size: int) -> bytes:
        """The first `size` bytes of a file (all of it when shorter)."""

    @abstractmethod
    def read_range(self, path: PurePath, offset: int, size: int) -> bytes:
        """Up to `size` bytes of a regular file from `offset` (fewer at its end, none past
        it); `TooLarge` when `size` is over 16 MiB. For parts of big files, such as a video's
        details at its end, without reading the rest."""

    def database_file(self, path: PurePath) -> Path | None:
        """Where SQLite may open a database in place, read-only and without locks; None when
        the database must be read through `read_bytes` instead."""
        return None

    def read_text(self, path: PurePath, limit: int = DEFAULT_READ_LIMIT) -> str:
        """Return a file as text, decoded as UTF-8 with undecodable bytes replaced."""
        data = self.read_bytes(path, limit)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        return data.decode("utf-8", errors="replace")

    @abstractmethod
    def is_file(self, path: PurePath) -> bool:
        """True when `path` is a regular file we can see (unreadable files still count)."""

    @abstractmethod
    def is_dir(self, path: PurePath) -> bool:
        """True when `path` is a folder we can see."""

    @abstractmethod
    def list_dir(self, path: PurePath) -> list[str]:
        """Return the sorted names in a folder."""

    @abstractmethod
    def modified(self, path: PurePath) -> datetime:
        """When a file was last changed (timezone-aware); NotFound when it does not exist."""

    @abstractmethod
    def run(self, argv: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> CommandResult:
        """Run a program (never through a shell) and return what it printed.

        Raises `CommandNotFound` when the program is not installed and `CommandTimeout`
        when it does not finish within `timeout` seconds.
        """

    @abstractmethod
    def env(self, name: str) -> str | None:
        """Return an environment variable of the person's session, or None."""

    @abstractmethod
    def now(self) -> datetime:
        """The current time, timezone-aware."""

    def administrator(self) -> bool:
        """True when shadowaudit itself runs as the administrator (root, through sudo or su).

        Its home is then the administrator's, not the person's (Linux and macOS)."""
        return False

    def user_ids(self) -> UserIds:
        """The numeric ids of the person running the scan, from the kernel (never from the
        name service, which may ask a directory over the network). Linux only."""
        raise Unsupported(f"no numeric user ids read on {self.platform}")

    def registry_values(self, key: str) -> Mapping[str, RegistryValue]:
        """Return the values under a Windows registry key (`HKLM\\...` or `HKCU\\...`)."""
        raise Unsupported(f"no registry on {self.platform}")

    def registry_subkeys(self, key: str) -> list[str]:
        """Return the names of the subkeys of a Windows registry key."""
        raise Unsupported(f"no registry on {self.platform}")

    def device_users(self, prefixes: tuple[str, ...]) -> list[DeviceUse]:
        """The programs holding open a device whose path starts with one of `prefixes`
        (Linux: the links in /proc/<pid>/fd, readable for the person's own programs only)."""
        raise Unsupported(f"no open devices read on {self.platform}")

    @abstractmethod
    def processes(self) -> list[ProcessInfo]:
        """The programs running now (names readable for every user, paths when allowed)."""

    @abstractmethod
    def listeners(self) -> list[Listener]:
        """The programs that wait for network connections (TCP listen, bound UDP).

        Raises `PermissionDenied` where the system needs administrator rights (macOS).
        """
