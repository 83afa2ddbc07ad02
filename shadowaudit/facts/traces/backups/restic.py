"""restic: each repository's newest snapshot this computer wrote or read, from restic's cache.

restic keeps a cache folder per repository, named by the repository's 64-hex id, under
$XDG_CACHE_HOME/restic or ~/.cache/restic (Linux), ~/Library/Caches/restic (macOS) or
%LOCALAPPDATA%\\restic (Windows) (internal/backend/cache/dir.go: os.UserCacheDir). Each
snapshot file is saved there as `snapshots/<first two hex>/<id>` when restic writes it, that
is when `restic backup` ends well, or when it first reads it (cache.go, file.go, backend.go:
snapshots are always cached). The files are encrypted: their change times are all that can be
read. The newest one is the last backup, unless the cache was emptied and then filled again by
reading old snapshots; the folder's own time changes on every use and is not used. A
repository is always encrypted (restic's design). No place is kept: the cache does not name it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath

from shadowaudit.errors import HostError, TooLarge
from shadowaudit.facts.base import FactValue, missing_from
from shadowaudit.facts.traces.backups.item import no_date, tool
from shadowaudit.host.base import Host, Platform

NAME = "restic"
_REPOSITORY = re.compile(r"^[0-9a-fA-F]{64}$")
#: Most repositories, and most snapshot files in all, whose times are read.
MAX_REPOS = 16
MAX_SNAPSHOTS = 20_000


def _cache(host: Host) -> PurePath | None:
    """restic's cache folder on this system."""
    if host.platform is Platform.macos:
        return host.home / "Library" / "Caches" / "restic"
    if host.platform is Platform.windows:
        local = host.env("LOCALAPPDATA")
        return host.path(local, "restic") if local else None
    xdg = host.env("XDG_CACHE_HOME") or ""
    return (host.path(xdg) if xdg.startswith("/") else host.home / ".cache") / "restic"


def _newest_snapshot(host: Host, folder: PurePath, budget: int) -> tuple[datetime | None, int]:
    """The newest change time among a repository's cached snapshot files, and how many
    more files may still be looked at; TooLarge past the budget (an older file would
    otherwise stand for the newest)."""
    newest: datetime | None = None
    snapshots = folder / "snapshots"
    for part in host.list_dir(snapshots) if host.is_dir(snapshots) else []:
        if not host.is_dir(snapshots / part):
            continue
        for name in host.list_dir(snapshots / part):
            budget -= 1
            if budget < 0:
                raise TooLarge(f"more than {MAX_SNAPSHOTS} restic snapshots")
            when = host.modified(snapshots / part / name)
            newest = when if newest is None or when > newest else newest
    return newest, budget


def restic(host: Host) -> Iterator[dict[str, FactValue]]:
    """Every repository restic keeps a cache for; present without a date when none of its
    snapshots is cached (restic run with --no-cache)."""
    cache = _cache(host)
    if cache is None or not host.is_dir(cache):
        return
    try:
        names = [n for n in host.list_dir(cache) if _REPOSITORY.match(n)]
    except HostError as exc:
        yield tool(NAME, missing_from(exc), True)
        return
    budget = MAX_SNAPSHOTS
    for name in names[:MAX_REPOS]:
        try:
            newest, budget = _newest_snapshot(host, cache / name, budget)
        except HostError as exc:
            yield tool(NAME, missing_from(exc), True)
            continue
        yield tool(NAME, newest if newest is not None else no_date(NAME), True)
    if not names:
        yield tool(NAME, no_date(NAME), True)
