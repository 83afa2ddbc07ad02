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


def read_regular(path: PurePath | str, limit: int, *, head: bool = False) -> bytes:
    """The bytes of a regular file (after following links), at most `limit` of them.

    A named pipe, device or socket raises `NotAFile` before anything is read (a link to
    /dev/zero included). More than `limit` bytes raise `TooLarge`, unless `head` asks for
    only the first `limit` bytes.
    """
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise HostError(f"{path} is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(f"{path} is not a regular file")
        if info.st_size > limit and not head:
            raise TooLarge(f"{path} is larger than {limit} bytes")
        chunks: list[bytes] = []
        wanted = limit if head else limit + 1
        # NOTE: one read sized to the file (and one byte more, to see it grow), not the
        # limit: a 6 MB file is then one buffer, never copied. Files that say they are
        # empty (those of /proc) are read in chunks.
        size = info.st_size + 1 if info.st_size else _CHUNK
        while wanted > 0:
            chunk = os.read(descriptor, min(size, wanted))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
            size = _CHUNK
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(f"{path} is larger than {limit} bytes")
    return data


def modified_on(path: PurePath | str) -> datetime:
    """When a file the person named was last changed (its metadata only; nothing is opened)."""
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    except OSError as exc:
        raise translate(exc, PurePath(path)) from exc
