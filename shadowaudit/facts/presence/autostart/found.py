"""What a search for startup items found, and which of its places could not be read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import TypeVar

from msgspec import Struct, field

from shadowaudit.errors import HostError, NotFound, TooLarge
from shadowaudit.facts.base import FactValue, Missing, missing_from
from shadowaudit.host.base import Host

Item = dict[str, FactValue]
#: Most entries read from one folder: a folder of thousands is not a list of startup items.
MAX_ENTRIES = 500
T = TypeVar("T")


class Found(Struct):
    """Items found so far, and each source (`run_key`, `launch_agent`, ...) that could not be
    read in full, with why: one damaged file spoils its source, never the others' items."""

    items: list[Item] = field(default_factory=list)
    unchecked: dict[str, Missing] = field(default_factory=dict)

    def failed(self, source: str, exc: HostError) -> None:
        """Note that (part of) a source could not be read."""
        self.unchecked.setdefault(source, missing_from(exc))

    def each(
        self, source: str, paths: Iterable[PurePath], read: Callable[[PurePath], Iterable[Item]]
    ) -> None:
        """Read each file of a source; a file that vanished is skipped, any other failure
        marks the source as not read in full and the next file is read."""
        for path in paths:
            try:
                self.items.extend(read(path))
            except NotFound:
                continue
            except HostError as exc:
                self.failed(source, exc)

    def paths(
        self, host: Host, source: str, folder: PurePath, keep: Callable[[str], bool]
    ) -> list[PurePath]:
        """The entries of a folder of a source whose names `keep` accepts, at most
        MAX_ENTRIES; none when it is absent. An unreadable folder, or one with more entries
        than are read, is noted: what was not read may hide an item."""
        listed: list[str] = self.guarded(source, lambda: host.list_dir(folder), [])
        chosen = [folder / name for name in listed if keep(name)]
        if len(chosen) > MAX_ENTRIES:
            self.failed(source, TooLarge(f"{folder}: more than {MAX_ENTRIES} entries"))
        return chosen[:MAX_ENTRIES]

    def guarded(self, source: str, read: Callable[[], T], absent: T) -> T:
        """The result of `read`, or `absent` when the source could not be read (noted)."""
        try:
            return read()
        except NotFound:
            return absent
        except HostError as exc:
            self.failed(source, exc)
            return absent
