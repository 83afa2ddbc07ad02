"""Read a browser's SQLite database without touching it: in place immutable, or a private copy.

Opening a browser's database the usual way (even `mode=ro`) can create `-wal` and `-shm` files
beside it, take locks a running browser then trips over, or fail outright while the browser holds
an exclusive lock. Instead:

* without a pending write-ahead log or journal, the file is opened in place with
  `mode=ro&immutable=1`: SQLite then takes no lock, writes nothing (no `-wal`, no `-shm`) and
  reads pages on demand, so even a 50 MB cookie database costs a few MB of memory. Where the
  Host cannot offer a local file, the bytes are read through it and opened in memory with
  `deserialize` (a WAL-mode header is switched to rollback mode in the copy);
* with a `-wal` (or hot `-journal`) file, both are written into a private temporary folder
  (0700, files 0600, under $XDG_RUNTIME_DIR when it exists) so SQLite applies the log to the
  copy, and the folder is removed afterwards, whatever happens.

Every connection is `query_only` and keeps its temporary data in memory (SQLite would
otherwise spill what it sorts, cookie hosts included, into files under /var/tmp).
`UnreadableDatabase` is raised for files that are not SQLite or are damaged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
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


def _rollback_header(data: bytes) -> bytes:
    """The database bytes with a WAL-mode header switched to rollback mode (one copy at most)."""
    if data[18:20] != b"\x02\x02":
        return data
    return b"".join((memoryview(data)[:18], b"\x01\x01", memoryview(data)[20:]))


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
    if not host.read_head(path, len(_MAGIC)).startswith(_MAGIC):
        raise UnreadableDatabase(f"{path.name} is not an SQLite database")
    wal = _sidecar(host, path, "-wal")
    journal = _sidecar(host, path, "-journal")
    in_place = None if wal or journal else host.database_file(path)
    folder = None
    try:
        if in_place is not None:
            uri = f"{in_place.absolute().as_uri()}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True)
        elif wal or journal:
            data = host.read_bytes(path, MAX_DATABASE_BYTES)
            folder = _private_folder()
            copy = Path(folder) / "snapshot.sqlite"
            _write_private(copy, data)
            if wal:
                _write_private(Path(folder) / "snapshot.sqlite-wal", wal)
            if journal:
                _write_private(Path(folder) / "snapshot.sqlite-journal", journal)
            del data, wal, journal
            connection = sqlite3.connect(copy)
        else:
            data = host.read_bytes(path, MAX_DATABASE_BYTES)
            connection = sqlite3.connect(":memory:")
            connection.deserialize(_rollback_header(data))
            # NOTE: SQLite keeps its own copy; dropping ours halves the memory of a large one.
            del data
        try:
            connection.execute("PRAGMA query_only = ON")
            # NOTE: sorting (GROUP BY) would otherwise spill cookie hosts into /var/tmp files.
            connection.execute("PRAGMA temp_store = MEMORY")
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
    return query_all(host, path, [(sql, params)])[0]


def query_all(
    host: Host, path: PurePath, queries: Sequence[tuple[str, tuple[object, ...]]]
) -> list[list[tuple[object, ...]]]:
    """Run several SELECTs on one snapshot of a database (read once); rows of each."""
    with reader(host, path) as run:
        return [run(sql, params) for sql, params in queries]


Rows = list[tuple[object, ...]]


@contextlib.contextmanager
def reader(host: Host, path: PurePath) -> Iterator[Callable[[str, Sequence[object]], Rows]]:
    """A function that runs SELECTs on one snapshot of a database, for queries that depend on
    the rows of earlier ones; a damaged database raises `UnreadableDatabase`."""
    with open_snapshot(host, path) as connection:

        def run(sql: str, params: Sequence[object] = ()) -> Rows:
            """All rows of one SELECT."""
            try:
                return list(connection.execute(sql, params).fetchall())
            except sqlite3.DatabaseError as exc:
                raise UnreadableDatabase(f"{path.name}: {exc}") from exc

        yield run
