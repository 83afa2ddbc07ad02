"""Browser databases are read in place (immutable), from memory or a private copy: never
locked or changed."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path, PurePath

import pytest

from shadowaudit.errors import NotFound, TooSlow
from shadowaudit.host import LocalHost, scratch
from shadowaudit.host import sqlite as snapshot
from shadowaudit.host.sqlite import UnreadableDatabase, open_snapshot, query


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(folder.iterdir())
    }


def make_wal_db(path: Path) -> sqlite3.Connection:
    """A WAL database like Firefox's, with one row checkpointed and one only in the log."""
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE moz_cookies (host TEXT, name TEXT, value TEXT)")
    writer.execute("INSERT INTO moz_cookies VALUES ('.a.org', 'x', 'secret-1')")
    writer.commit()
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("INSERT INTO moz_cookies VALUES ('.b.org', 'y', 'secret-2')")
    writer.commit()
    return writer


def test_wal_database_held_exclusively_is_read_whole_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "cookies.sqlite"
    writer = make_wal_db(db)
    # NOTE: a running Firefox holds its databases in exclusive locking mode.
    writer.execute("PRAGMA locking_mode=EXCLUSIVE")
    writer.execute("INSERT INTO moz_cookies VALUES ('.c.org', 'z', 'secret-3')")
    writer.commit()
    before = fingerprint(tmp_path)
    rows = query(LocalHost(tmp_path), db, "SELECT host, name FROM moz_cookies ORDER BY host")
    assert rows == [(".a.org", "x"), (".b.org", "y"), (".c.org", "z")]
    assert fingerprint(tmp_path) == before
    writer.execute("INSERT INTO moz_cookies VALUES ('.d.org', 'w', 'secret-4')")
    writer.commit()  # the browser can still write: we took no lock
    writer.close()


def test_checkpointed_wal_database_needs_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "permissions.sqlite"
    writer = make_wal_db(db)
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.close()  # a clean exit removes the -wal file
    assert not (tmp_path / "permissions.sqlite-wal").exists()

    def no_temporary_folder() -> str:
        raise AssertionError("a temporary copy was made")

    monkeypatch.setattr(scratch, "private_folder", no_temporary_folder)
    before = fingerprint(tmp_path)
    assert len(query(LocalHost(tmp_path), db, "SELECT * FROM moz_cookies")) == 2
    assert fingerprint(tmp_path) == before


def test_private_copy_is_owner_only_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cookies.sqlite"
    writer = make_wal_db(db)  # kept open, so the -wal file stays
    folders: list[tuple[str, int]] = []
    files: list[int] = []
    made, write = scratch.private_folder, scratch.write_private

    def watched() -> str:
        folder = made()
        folders.append((folder, os.stat(folder).st_mode & 0o777))
        return folder

    def written(folder: str, name: str, data: bytes) -> str:
        path = write(folder, name, data)
        files.append(os.stat(path).st_mode & 0o777)
        return path

    monkeypatch.setattr(scratch, "private_folder", watched)
    monkeypatch.setattr(scratch, "write_private", written)
    with open_snapshot(LocalHost(tmp_path), db) as connection:
        # SQLite has the copy open: its name is already gone from the disk.
        assert not Path(folders[0][0]).exists()
        assert connection.execute("SELECT count(*) FROM moz_cookies").fetchone() == (2,)
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("DELETE FROM moz_cookies")
    assert folders[0][1] == 0o700
    assert files and set(files) == {0o600}
    assert not Path(folders[0][0]).exists()
    writer.close()


def _rollback_db(folder: Path) -> Path:
    db = folder / "Cookies"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE cookies (host_key TEXT, name TEXT)")
    connection.execute("INSERT INTO cookies VALUES ('.x.com', 'auth_token')")
    connection.commit()
    connection.close()
    return db


def test_a_database_without_pending_log_is_read_in_place_immutable(tmp_path: Path) -> None:
    db = _rollback_db(tmp_path)
    before = fingerprint(tmp_path)
    with open_snapshot(LocalHost(tmp_path), db) as connection:
        assert Path(connection.execute("PRAGMA database_list").fetchone()[2]) == db
        assert connection.execute("PRAGMA query_only").fetchone() == (1,)
        # Sorting stays in memory: nothing about the cookies is written to /var/tmp.
        assert connection.execute("PRAGMA temp_store").fetchone() == (2,)
        assert connection.execute(
            "SELECT host_key, count(*) FROM cookies GROUP BY 1 ORDER BY 2"
        ).fetchall() == [(".x.com", 1)]
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("DELETE FROM cookies")
    assert fingerprint(tmp_path) == before


class _BytesOnlyHost(LocalHost):
    """A host that cannot offer a local file (as a remote or packed recording would)."""

    def database_file(self, path: PurePath) -> Path | None:
        return None


def test_without_a_local_file_the_database_is_read_in_memory(tmp_path: Path) -> None:
    db = _rollback_db(tmp_path)
    before = fingerprint(tmp_path)
    with open_snapshot(_BytesOnlyHost(tmp_path), db) as connection:
        assert connection.execute("PRAGMA database_list").fetchone()[2] != str(db)
        assert connection.execute("PRAGMA temp_store").fetchone() == (2,)
        assert connection.execute("SELECT * FROM cookies").fetchall() == [(".x.com", "auth_token")]
    assert fingerprint(tmp_path) == before


def test_broken_files_are_unreadable_databases(tmp_path: Path) -> None:
    host = LocalHost(tmp_path)
    (tmp_path / "text").write_text("not a database")
    with pytest.raises(UnreadableDatabase):
        query(host, tmp_path / "text", "SELECT 1")
    db = tmp_path / "cut.sqlite"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE t (x)")
    connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    connection.commit()
    connection.close()
    db.write_bytes(db.read_bytes()[:5000])
    with pytest.raises(UnreadableDatabase):
        query(host, db, "SELECT count(*) FROM t")
    with pytest.raises(UnreadableDatabase):
        query(host, tmp_path / "text", "SELECT nothing FROM nowhere")
    with pytest.raises(NotFound):
        query(host, tmp_path / "absent.sqlite", "SELECT 1")


def test_reads_in_parallel_threads(tmp_path: Path) -> None:
    db = tmp_path / "cookies.sqlite"
    make_wal_db(db).close()
    results: list[int] = []

    def read() -> None:
        results.append(len(query(LocalHost(tmp_path), db, "SELECT * FROM moz_cookies")))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [2, 2, 2, 2]


@pytest.mark.parametrize(
    "odd",
    [
        "CREATE VIEW v AS SELECT 1",
        "CREATE TRIGGER t AFTER INSERT ON cookies BEGIN SELECT 1; END",
        "CREATE VIRTUAL TABLE f USING fts5(x)",
    ],
)
def test_views_triggers_and_virtual_tables_are_refused(tmp_path: Path, odd: str) -> None:
    db = _rollback_db(tmp_path)
    connection = sqlite3.connect(db)
    connection.execute(odd)
    connection.commit()
    connection.close()
    with pytest.raises(UnreadableDatabase, match="browsers never make"):
        query(LocalHost(tmp_path), db, "SELECT host_key FROM cookies")


def test_a_query_past_its_time_budget_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _rollback_db(tmp_path)
    monkeypatch.setattr(snapshot, "QUERY_SECONDS", 0.2)
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"
    with pytest.raises(TooSlow):
        query(LocalHost(tmp_path), db, endless)


def test_text_that_is_not_utf8_is_read_with_replacement(tmp_path: Path) -> None:
    db = _rollback_db(tmp_path)
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO cookies VALUES (CAST(X'2E78FF2E636F6D' AS TEXT), 'n')")
    connection.commit()
    connection.close()
    rows = query(LocalHost(tmp_path), db, "SELECT host_key FROM cookies ORDER BY rowid")
    assert rows == [(".x.com",), (".x\ufffd.com",)]


def test_damaged_text_reads_the_same_counted_and_in_every_later_query(tmp_path: Path) -> None:
    # sqlite3 decodes text itself; a value that is not UTF-8 makes the query run again with
    # the replacing decoder, which the connection keeps: same rows as before, counted or not.
    db = _rollback_db(tmp_path)
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO cookies VALUES (CAST(X'2E78FF2E636F6D' AS TEXT), 'n')")
    connection.execute("INSERT INTO cookies VALUES (CAST(X'EDA080' AS TEXT), 'n')")
    connection.commit()
    connection.close()
    with snapshot.reader(LocalHost(tmp_path), db) as run:
        clean = run("SELECT name FROM cookies WHERE rowid = 1")
        counted = run("SELECT host_key FROM cookies", counted=True)
        later = run("SELECT host_key FROM cookies ORDER BY rowid")
    assert clean == [("auth_token",)]
    assert sorted(counted, key=str) == sorted(
        [(".x.com", 1), (".x\ufffd.com", 1), ("\ufffd\ufffd\ufffd", 1)], key=str
    )
    assert later == [(".x.com",), (".x\ufffd.com",), ("\ufffd\ufffd\ufffd",)]


def test_a_schema_with_damaged_text_is_still_looked_at(tmp_path: Path) -> None:
    db = tmp_path / "odd.sqlite"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE cookies (host_key TEXT)")
    connection.execute("INSERT INTO cookies VALUES ('.a.com')")
    connection.execute("PRAGMA writable_schema = ON")
    damaged = (b"CREATE TABLE cookies (host_key TEXT) -- \xff").hex()
    connection.execute(
        f"UPDATE sqlite_master SET sql = CAST(X'{damaged}' AS TEXT) WHERE name = 'cookies'"
    )
    connection.commit()
    connection.close()
    assert query(LocalHost(tmp_path), db, "SELECT host_key FROM cookies") == [(".a.com",)]


def test_a_query_stopped_by_its_budget_is_not_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _rollback_db(tmp_path)
    monkeypatch.setattr(snapshot, "QUERY_SECONDS", 0.2)
    calls: list[str] = []
    real = snapshot._rows

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("run")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(snapshot, "_rows", counting)
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"
    with pytest.raises(TooSlow):
        query(LocalHost(tmp_path), db, endless)
    assert calls.count("run") == 2  # the schema look, then the query once


def test_memory_is_bounded(tmp_path: Path) -> None:
    db = _rollback_db(tmp_path)
    with open_snapshot(LocalHost(tmp_path), db) as connection:
        assert connection.execute("PRAGMA cache_size").fetchone() == (-snapshot.CACHE_KIB,)
        assert connection.execute("PRAGMA hard_heap_limit").fetchone() == (
            snapshot.HEAP_LIMIT_BYTES,
        )


_HUNGRY = """
import sys
from pathlib import Path
from shadowaudit.errors import TooLarge
from shadowaudit.host import LocalHost
from shadowaudit.host import sqlite as snapshot

snapshot.HEAP_LIMIT_BYTES = 4 * 1024 * 1024
db = Path(sys.argv[1])
try:
    snapshot.query(
        LocalHost(db.parent),
        db,
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 200000) "
        "SELECT x, randomblob(100) FROM n ORDER BY 2",
    )
except TooLarge:
    print("too large")
"""


def test_a_query_needing_more_memory_than_allowed_is_too_large(tmp_path: Path) -> None:
    # NOTE: in a process of its own: SQLite's heap limit can be lowered, never raised again.
    db = _rollback_db(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _HUNGRY, str(db)], capture_output=True, text=True, check=False
    )
    assert done.stdout == "too large\n", done.stderr
