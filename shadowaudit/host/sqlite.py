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
  copy. On Linux and macOS the folder is removed as soon as SQLite has the files open;
  elsewhere afterwards; and in any case at exit or on SIGINT, SIGTERM or SIGHUP (`scratch`).

Every connection is `query_only` and keeps its temporary data in memory (SQLite would
otherwise spill what it sorts, cookie hosts included, into files under /var/tmp). Its memory,
the size of one value and the time of one query are bounded; text is decoded with damaged
bytes replaced. A database holding views, triggers or virtual tables (browsers make none) is
refused before any query runs. `UnreadableDatabase` is raised for files that are not SQLite,
are damaged or are refused; `TooSlow` for a query stopped by its time budget.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import Protocol

from shadowaudit.errors import Damaged, HostError, NotFound, TooLarge, TooSlow
from shadowaudit.host import scratch
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

#: Largest database we read (a heavy cookie or history database is far smaller).
MAX_DATABASE_BYTES = 512 * 1024 * 1024
#: Time one query may take; a real browser database answers in well under a second.
QUERY_SECONDS = 20.0
#: Page cache per connection, in KiB, and the most memory SQLite may take in this process.
CACHE_KIB = 16 * 1024
HEAP_LIMIT_BYTES = 1024 * 1024 * 1024
#: Longest single value (text or blob) a query may return.
MAX_VALUE_BYTES = 64 * 1024 * 1024
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


def _text(data: bytes) -> str:
    """A text value of the database, decoded as UTF-8 with damaged bytes replaced."""
    return data.decode("utf-8", errors="replace")


#: How Python's sqlite3 says a text value is not UTF-8 (its default text factory, `str`).
_NOT_UTF8 = "Could not decode to UTF-8"


def _set_limits(connection: sqlite3.Connection) -> None:
    """Bound what one connection may spend: memory, value sizes, and time per query."""
    # NOTE: text is decoded by sqlite3 itself (`str`, in C); a query that meets a value that
    # is not UTF-8 runs again with `_text` (see `_rows`): a Python call per value cost about
    # 0.1 s of CPU for the heavy home's 260,000 cookie hosts.
    connection.text_factory = str
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    connection.execute("PRAGMA query_only = ON")
    # NOTE: sorting (GROUP BY) would otherwise spill cookie hosts into /var/tmp files.
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    connection.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT_BYTES}")
    connection.execute("PRAGMA trusted_schema = OFF")


def _start_clock(connection: sqlite3.Connection, seconds: float) -> None:
    """Stop the next queries of this connection once `seconds` have passed."""
    deadline = time.monotonic() + seconds

    def late() -> bool:
        """True (stop the query) once the deadline has passed."""
        return time.monotonic() > deadline

    connection.set_progress_handler(late, 10_000)


def _refuse_odd_schema(connection: sqlite3.Connection, name: str) -> None:
    """Refuse a database holding views, triggers or virtual tables: a browser's own databases
    have none, and a hostile one could make a query run forever or call unknown code."""
    rows = _rows(connection, "SELECT type, sql FROM sqlite_master", (), counted=False)
    for kind, sql in rows:
        text = str(sql or "").lstrip().upper()
        if kind in ("view", "trigger") or text.startswith("CREATE VIRTUAL"):
            raise UnreadableDatabase(f"{name} holds a {kind}, which browsers never make")


def _failed(
    exc: sqlite3.DatabaseError | UnicodeDecodeError | MemoryError, path: PurePath
) -> HostError:
    """What an SQLite error means: a query stopped by its time budget, one that needed more
    memory than SQLite may take, or a damaged file (SQLite's own message quoting a damaged byte
    cannot even be decoded)."""
    if isinstance(exc, MemoryError):
        return TooLarge(f"{path.name}: reading it needs more memory than allowed")
    if isinstance(exc, sqlite3.OperationalError) and "interrupt" in str(exc):
        return TooSlow(f"{path.name}: a query took longer than {QUERY_SECONDS} s")
    return UnreadableDatabase(f"{path.name}: {exc}")


def _prepare(connection: sqlite3.Connection, name: str) -> None:
    """Bound the connection, then look at the schema (the first read: SQLite opens its files,
    applies a pending log)."""
    _set_limits(connection)
    _start_clock(connection, QUERY_SECONDS)
    _refuse_odd_schema(connection, name)


@contextlib.contextmanager
def _copied(host: Host, path: PurePath, wal: bytes, journal: bytes) -> Iterator[sqlite3.Connection]:
    """A connection to a private copy of the database and its -wal or -journal.

    Until SQLite has the copy open the cleanup on SIGINT, SIGTERM or SIGHUP waits (it could
    not remove files SQLite is creating); then, where the system allows, the copy's names
    are removed at once. The folder is removed afterwards in any case.
    """
    data = host.read_bytes(path, MAX_DATABASE_BYTES)
    with scratch.held():
        folder = scratch.private_folder()
    try:
        with scratch.held():
            copy = scratch.write_private(folder, "snapshot.sqlite", data)
            del data
            if wal:
                scratch.write_private(folder, "snapshot.sqlite-wal", wal)
            if journal:
                scratch.write_private(folder, "snapshot.sqlite-journal", journal)
            connection = sqlite3.connect(copy)
            try:
                _prepare(connection, path.name)
            except BaseException:
                connection.close()
                raise
            if os.name == "posix":
                # NOTE: SQLite holds the copy and its log open now; no name is left on disk.
                scratch.remove(folder)
        with contextlib.closing(connection):
            yield connection
    finally:
        scratch.remove(folder)


@contextlib.contextmanager
def _connect(host: Host, path: PurePath) -> Iterator[sqlite3.Connection]:
    """An open, bounded connection to the database: in place, a private copy, or in memory."""
    wal = _sidecar(host, path, "-wal")
    journal = _sidecar(host, path, "-journal")
    in_place = None if wal or journal else host.database_file(path)
    if wal or journal:
        with _copied(host, path, wal, journal) as copied:
            yield copied
        return
    if in_place is not None:
        uri = f"{in_place.absolute().as_uri()}?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True)
    else:
        data = host.read_bytes(path, MAX_DATABASE_BYTES)
        connection = sqlite3.connect(":memory:")
        try:
            connection.deserialize(_rollback_header(data))
        except BaseException:
            connection.close()
            raise
        # NOTE: SQLite keeps its own copy; dropping ours halves the memory of a large one.
        del data
    with contextlib.closing(connection):
        _prepare(connection, path.name)
        yield connection


@contextlib.contextmanager
def open_snapshot(host: Host, path: PurePath) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a snapshot of the database at `path`, with bounded memory and
    time per query (see `reader`).

    Raises `NotFound`, `PermissionDenied`, `TooLarge`, `NotAFile` (from the Host),
    `UnreadableDatabase`, `TooSlow` when a query runs past its time budget, or `TooLarge`
    when it needs more memory than SQLite may take.
    """
    if not host.read_head(path, len(_MAGIC)).startswith(_MAGIC):
        raise UnreadableDatabase(f"{path.name} is not an SQLite database")
    try:
        with _connect(host, path) as connection:
            yield connection
    except (sqlite3.DatabaseError, UnicodeDecodeError, MemoryError) as exc:
        raise _failed(exc, path) from exc


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


class Run(Protocol):
    """What `reader` gives: a function that runs one SELECT on the snapshot."""

    def __call__(self, sql: str, params: Sequence[object] = (), *, counted: bool = False) -> Rows:
        """All rows of one SELECT (or its rows counted)."""


@contextlib.contextmanager
def reader(host: Host, path: PurePath) -> Iterator[Run]:
    """A function that runs SELECTs on one snapshot of a database, for queries that depend on
    the rows of earlier ones; a damaged database raises `UnreadableDatabase`."""
    with open_snapshot(host, path) as connection:

        def run(sql: str, params: Sequence[object] = (), *, counted: bool = False) -> Rows:
            """All rows of one SELECT; with `counted`, each distinct row once with the number
            of times it comes, counted here as rows stream by (see `_count`)."""
            _start_clock(connection, QUERY_SECONDS)
            try:
                return _rows(connection, sql, params, counted)
            except (sqlite3.DatabaseError, UnicodeDecodeError, MemoryError) as exc:
                raise _failed(exc, path) from exc

        yield run


def _rows(
    connection: sqlite3.Connection, sql: str, params: Sequence[object], counted: bool
) -> Rows:
    """The rows of one SELECT, counted or not. Text that is not UTF-8 (a damaged file, or a
    value written by something other than the browser) makes sqlite3's own decoder fail: the
    query then runs again with `_text`, which replaces the damaged bytes, as every later
    query of this connection does."""
    while True:  # twice at most: `_text` never fails to decode
        try:
            cursor = connection.execute(sql, params)
            return _count(cursor) if counted else list(cursor.fetchall())
        except sqlite3.OperationalError as exc:
            if not str(exc).startswith(_NOT_UTF8) or connection.text_factory is _text:
                raise
            connection.text_factory = _text


def _count(cursor: sqlite3.Cursor) -> Rows:
    """(*row, how many times it comes) of each distinct row, in the order of the first
    column's bytes: what `SELECT x, y, count(*) ... GROUP BY x, y` gives when x is a BLOB
    (`CAST(x AS BLOB)`).

    SQLite groups a column that no index sorts by sorting every row in memory (a million
    cookies: 110 MiB); counting as the rows stream by holds only one entry per row value.
    """
    # NOTE: Counter counts an iterable in C: 3x faster than a loop here over 200,000 rows.
    counts = Counter[tuple[object, ...]](cursor)
    return sorted(((*row, count) for row, count in counts.items()), key=_blob_order)


def _blob_order(row: tuple[object, ...]) -> tuple[bool, bytes]:
    """SQLite's order of BLOB values in a row's first column: NULL first, then byte by byte."""
    value = row[0]
    return (value is not None, value if isinstance(value, bytes) else str(value).encode())
