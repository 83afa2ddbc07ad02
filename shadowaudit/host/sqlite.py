"""Read a browser's SQLite database without touching it: from memory or a private copy.

A browser's database is never opened in place. Opening it (even `mode=ro`) can create `-wal` and
`-shm` files beside it, take locks a running browser then trips over, or fail outright while the
browser holds an exclusive lock. Instead the bytes are read through the Host and:

* without pending write-ahead log, opened in memory with `deserialize` (a WAL-mode header is
  switched to rollback mode in the copy, since an in-memory database cannot use WAL);
* with a `-wal` (or hot `-journal`) file, both are written into a private temporary folder
  (0700, files 0600, under $XDG_RUNTIME_DIR when it exists) so SQLite applies the log to the
  copy, and the folder is removed afterwards, whatever happens.

Every connection is `query_only`. `UnreadableDatabase` is raised for files that are not SQLite
or are damaged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePath

from shadowaudit.errors import Damaged, NotFound
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

#: Largest database we read (a heavy cookie or history database is far smaller).
MAX_DATABASE_BYTES = 512 * 1024 * 1024
_MAGIC = b"SQLite format 3\x00"


class UnreadableDatabase(Damaged):
    """The file is not an SQLite database, or it is damaged."""


def _sidecar(host: Host, path: PurePath, suffix: str) -> bytes:
    """The bytes of a database's -wal or -journal file, or nothing."""
    try:
        return host.read_bytes(path.with_name(path.name + suffix), MAX_DATABASE_BYTES)
    except NotFound:
        return b""


def _in_memory(data: bytes) -> sqlite3.Connection:
    """Open database bytes in memory, switching a WAL header to rollback mode."""
    if data[18:20] == b"\x02\x02":
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return connection


def _private_folder() -> str:
    """A new folder only this user can enter (mkdtemp makes it 0700), in RAM when possible."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = runtime if runtime and os.path.isdir(runtime) else None
    return tempfile.mkdtemp(prefix="shadowaudit-", dir=base)


def _write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def open_snapshot(host: Host, path: PurePath) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a snapshot of the database at `path`.

    Raises `NotFound`, `PermissionDenied`, `TooLarge` (from the Host) or `UnreadableDatabase`.
    """
    data = host.read_bytes(path, MAX_DATABASE_BYTES)
    if not data.startswith(_MAGIC):
        raise UnreadableDatabase(f"{path.name} is not an SQLite database")
    wal = _sidecar(host, path, "-wal")
    journal = _sidecar(host, path, "-journal")
    folder = None
    try:
        if wal or journal:
            folder = _private_folder()
            copy = Path(folder) / "snapshot.sqlite"
            _write_private(copy, data)
            if wal:
                _write_private(Path(folder) / "snapshot.sqlite-wal", wal)
            if journal:
                _write_private(Path(folder) / "snapshot.sqlite-journal", journal)
            connection = sqlite3.connect(copy)
        else:
            connection = _in_memory(data)
        try:
            connection.execute("PRAGMA query_only = ON")
            yield connection
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise UnreadableDatabase(f"{path.name}: {exc}") from exc
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def query(
    host: Host, path: PurePath, sql: str, params: tuple[object, ...] = ()
) -> list[tuple[object, ...]]:
    """Run one SELECT on a snapshot of a database and return all rows."""
    with open_snapshot(host, path) as connection:
        try:
            return list(connection.execute(sql, params).fetchall())
        except sqlite3.DatabaseError as exc:
            raise UnreadableDatabase(f"{path.name}: {exc}") from exc
