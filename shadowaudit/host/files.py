"""Reading one file safely: regular files only, never blocking, never past a size limit."""

from __future__ import annotations

import errno
import os
import stat
from datetime import UTC, datetime
from pathlib import PurePath

from shadowaudit.errors import HostError, NotAFile, NotFound, PermissionDenied, TooLarge

#: Open for reading only; a named pipe must not block the open, nor a terminal become ours.
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1024 * 1024
#: Most bytes one positional read may return (`read_at`): it is for headers and small parts.
RANGE_LIMIT = 16 * 1024 * 1024


def translate(exc: OSError, path: PurePath) -> HostError:
    """Turn an OSError into the HostError that says what happened."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return NotFound(str(path))
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return PermissionDenied(str(path))
    if exc.errno == errno.ENXIO:  # a socket, or a pipe nobody writes to opened for writing
        return NotAFile(f"{path} is not a regular file")
    return HostError(f"{path}: {exc.strerror or exc}")


def inside(path: str, root: str) -> bool:
    """True when `path` is `root` or lies under it (both absolute and normalised)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _open_regular(path: PurePath | str) -> tuple[int, os.stat_result]:
    """An open read-only descriptor of a regular file and its metadata. A folder, named pipe,
    device or socket is refused before any byte is read."""
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
    try:
        info = os.fstat(descriptor)
    except OSError as exc:
        os.close(descriptor)
        raise translate(exc, PurePath(path)) from exc
    if stat.S_ISDIR(info.st_mode) or not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise HostError(f"{path} is a folder")
        raise NotAFile(f"{path} is not a regular file")
    return descriptor, info


def _read_up_to(descriptor: int, wanted: int, first: int) -> bytes:
    """Up to `wanted` bytes from an open file: a first read of `first` bytes, then chunks."""
    chunks: list[bytes] = []
    size = first
    while wanted > 0:
        chunk = os.read(descriptor, min(size, wanted))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
        size = _CHUNK
    return b"".join(chunks)


def read_regular(path: PurePath | str, limit: int, *, head: bool = False) -> bytes:
    """The bytes of a regular file (after following links), at most `limit` of them.

    A named pipe, device or socket raises `NotAFile` before anything is read (a link to
    /dev/zero included). More than `limit` bytes raise `TooLarge`, unless `head` asks for
    only the first `limit` bytes.
    """
    descriptor, info = _open_regular(path)
    try:
        if info.st_size > limit and not head:
            raise TooLarge(f"{path} is larger than {limit} bytes")
        # NOTE: one read sized to the file (and one byte more, to see it grow), not the
        # limit: a 6 MB file is then one buffer, never copied. Files that say they are
        # empty (those of /proc) are read in chunks.
        first = info.st_size + 1 if info.st_size else _CHUNK
        data = _read_up_to(descriptor, limit if head else limit + 1, first)
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise TooLarge(f"{path} is larger than {limit} bytes")
    return data


def read_at(path: PurePath | str, offset: int, size: int) -> bytes:
    """Up to `size` bytes of a regular file from `offset`: fewer at its end, none past it.

    Read-only, like `read_regular` (the same refusals); `size` over RANGE_LIMIT raises
    `TooLarge`, a negative offset or size `HostError`. Nothing is read past what is asked.
    """
    if offset < 0 or size < 0:
        raise HostError(f"{path}: negative offset or size")
    if size > RANGE_LIMIT:
        raise TooLarge(f"{path}: more than {RANGE_LIMIT} bytes asked at once")
    descriptor, info = _open_regular(path)
    try:
        if offset >= info.st_size or not size:
            return b""
        os.lseek(descriptor, offset, os.SEEK_SET)
        return _read_up_to(descriptor, min(size, info.st_size - offset), _CHUNK)
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
    finally:
        os.close(descriptor)


def modified_on(path: PurePath | str) -> datetime:
    """When a file the person named was last changed (its metadata only; nothing is opened)."""
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
