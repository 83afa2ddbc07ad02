#!/usr/bin/env python3
"""Record what a scan reads to answer its questions other than the browser profiles' ones.

    python benchmarks/system_inputs.py HOME OUT.json   # with the Python shadowaudit runs on

The floor (floor.py) computes the browser profiles' answers itself. Every other question a
scan answers (firewall, disk, updates, accounts, who else is on this computer, photos,
documents, backups ...) needs at least its inputs: the files, folders, commands, database
queries and process lists the collectors ask the Host for. This script runs those collectors
once, as `shadowaudit scan --home HOME` chooses them for the shipped rules, on a Host that
notes each request (the real path, the size read, the command line, the SQL), and writes the
list as JSON. `floor.py HOME --inputs OUT.json` then makes the same requests with nothing
around them: the least any program pays to answer the same questions on this computer.

The list is made again for each benchmark run, on the computer being measured: it names this
computer's own files and commands, so it is never kept in the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import Any

from shadowaudit.facts.base import Collector
from shadowaudit.host import sqlite as host_sqlite
from shadowaudit.host.base import DEFAULT_READ_LIMIT, DEFAULT_TIMEOUT
from shadowaudit.host.local import LocalHost
from shadowaudit.scan import collect_facts, load_selected_rules, needed_collectors

#: The collectors whose answers the floor computes itself, from the browser profiles.
BROWSER_COLLECTORS = frozenset({"firefox", "chromium"})

Request = list[Any]


class RecordingHost(LocalHost):
    """This computer, noting every request a collector makes (one list, shared by threads:
    `list.append` is atomic)."""

    forks = False

    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self.requests: list[Request] = []

    def _where(self, path: PurePath) -> str:
        try:
            return self.resolve(path)
        except OSError:
            return str(path)

    def read_bytes(self, path: PurePath, limit: int = DEFAULT_READ_LIMIT) -> bytes:
        data = super().read_bytes(path, limit)
        self.requests.append(["read", self._where(path), 0, len(data)])
        return data

    def read_head(self, path: PurePath, size: int) -> bytes:
        data = super().read_head(path, size)
        self.requests.append(["read", self._where(path), 0, len(data)])
        return data

    def read_range(self, path: PurePath, offset: int, size: int) -> bytes:
        data = super().read_range(path, offset, size)
        self.requests.append(["read", self._where(path), offset, len(data)])
        return data

    def is_file(self, path: PurePath) -> bool:
        self.requests.append(["stat", str(path)])
        return super().is_file(path)

    def is_dir(self, path: PurePath) -> bool:
        self.requests.append(["stat", str(path)])
        return super().is_dir(path)

    def modified(self, path: PurePath) -> Any:
        self.requests.append(["stat", str(path)])
        return super().modified(path)

    def list_dir(self, path: PurePath) -> list[str]:
        self.requests.append(["list", str(path)])
        return super().list_dir(path)

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> Any:
        self.requests.append(["run", list(argv), timeout])
        return super().run(argv, timeout)

    def processes(self) -> Any:
        self.requests.append(["processes"])
        return super().processes()

    def listeners(self) -> Any:
        self.requests.append(["listeners"])
        return super().listeners()

    def device_users(self, prefixes: tuple[str, ...]) -> Any:
        self.requests.append(["device_users", list(prefixes)])
        return super().device_users(prefixes)


class _NotedConnection:
    """A connection that notes each query it runs, with the database's real path."""

    def __init__(self, connection: sqlite3.Connection, path: str, noted: list[Request]) -> None:
        self._connection, self._path, self._noted = connection, path, noted

    def execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        self._noted.append(["sql", self._path, sql, list(params)])
        return self._connection.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def _noting_queries(host: RecordingHost) -> Any:
    """shadowaudit's snapshot opener, with each query noted on `host`."""
    opener = host_sqlite._connect

    @contextlib.contextmanager
    def connect(inner: Any, path: PurePath) -> Iterator[Any]:
        with opener(inner, path) as connection:
            yield _NotedConnection(connection, host._where(path), host.requests)

    return connect


def record(home: Path) -> list[Request]:
    """The requests of the scan's non-browser collectors for `home`, in the order made, each
    once."""
    host = RecordingHost(home)
    collectors: list[type[Collector]] = [
        c
        for c in needed_collectors(load_selected_rules(), host)
        if c.name not in BROWSER_COLLECTORS
    ]
    host_sqlite._connect = _noting_queries(host)
    collect_facts(host, collectors)
    unique: dict[str, Request] = {}
    for request in host.requests:
        unique.setdefault(json.dumps(request), request)
    return list(unique.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path, help="the home folder a scan is pointed at")
    parser.add_argument("out", type=Path, help="the JSON file to write")
    args = parser.parse_args(argv)
    requests = record(args.home.absolute())
    args.out.write_text(json.dumps(requests, indent=0) + "\n")
    kinds: dict[str, int] = {}
    for request in requests:
        kinds[request[0]] = kinds.get(request[0], 0) + 1
    print(", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
