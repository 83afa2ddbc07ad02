"""Google Drive for desktop's mirrored and backed-up folders, from its root preference database.

DriveFS keeps the local folders it copies (mirrored "My Drive" and folders backed up to Drive
or Google Photos) in `root_preference_sqlite.db`, in its data folder (`%LOCALAPPDATA%\\Google\\
DriveFS` on Windows, `~/Library/Application Support/Google/DriveFS` on macOS), table `roots`,
column `last_seen_absolute_path` (a Windows path may start with `\\\\?\\`). Sources: DriveFS
Sleuth (AmgdGocha/DriveFS-Sleuth, tests/builders.py `ROOT_PREFERENCE_DDL` and
drivefs_sleuth/utils.py `get_mirroring_roots_for_account`: `destination` 1 is Drive, else
Google Photos) and the Files app's Google Drive detector (files-community/Files,
GoogleDriveCloudDetector.cs). Only that path is read: never the account token, title or the
per-account folders (their names are account ids). Read through the Host's read-only SQLite.
A folder backed up to Google Photos is shown as Google Drive: the same company holds the keys.
"""

from __future__ import annotations

from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import Missing, missing_from
from shadowaudit.host.base import Host, Platform
from shadowaudit.host.sqlite import query

DATABASE = "root_preference_sqlite.db"
#: Most folders read: a person copies a handful.
MAX_ROOTS = 100
_ROOTS = "SELECT last_seen_absolute_path FROM roots LIMIT ?"
_LONG_PATH = "\\\\?\\"


def data_folder(host: Host) -> PurePath | None:
    """Where DriveFS keeps its settings on this platform (None on Linux: no client)."""
    if host.platform is Platform.windows:
        local = host.env("LOCALAPPDATA")
        return host.path(local, "Google", "DriveFS") if local else None
    if host.platform is Platform.macos:
        return host.home / "Library" / "Application Support" / "Google" / "DriveFS"
    return None


def drivefs_folders(host: Host, unreadable: list[Missing]) -> list[PurePath] | None:
    """The local folders DriveFS copies (none: it only streams, or its database is absent or
    unreadable, noted in `unreadable`); None when DriveFS is not there."""
    folder = data_folder(host)
    if folder is None or not host.is_dir(folder):
        return None
    try:
        rows = query(host, folder / DATABASE, _ROOTS, (MAX_ROOTS,))
    except NotFound:
        return []
    except HostError as exc:
        unreadable.append(missing_from(exc))
        return []
    paths = []
    for (value,) in rows:
        if isinstance(value, str) and value.strip():
            text = value.strip()
            text = text[len(_LONG_PATH) :] if text.startswith(_LONG_PATH) else text
            paths.append(host.path(text))
    return paths
