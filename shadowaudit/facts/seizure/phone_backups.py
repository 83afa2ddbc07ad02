"""The `seizure.phone_backups` fact: iPhone and iPad backups in MobileSync, encrypted or not.

Only two things are read from each backup's own property lists: `IsEncrypted` (Manifest.plist)
and the date (Status.plist `Date`, else Manifest.plist `Date`). The device's name, number and
every other field stay unread in memory and never reach a fact; the folder (the device's
UDID) is never shown. On macOS the folder is protected by privacy controls (TCC): without Full
Disk Access it cannot be listed, and the backup says "could not check".
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    missing_from,
)
from shadowaudit.facts.decode import load_plist
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.computed import PHONE_BACKUP_LABEL
from shadowaudit.i18n.translator import N_

log = logging.getLogger(__name__)

PHONE_BACKUPS = "seizure.phone_backups"
#: iTunes from apple.com, then iTunes or Apple Devices from the Microsoft Store.
WINDOWS_FOLDERS = (
    ("%APPDATA%", ("APPDATA",), ("Apple Computer", "MobileSync", "Backup")),
    ("%USERPROFILE%", ("USERPROFILE",), ("Apple", "MobileSync", "Backup")),
)
MACOS_FOLDER = ("Library", "Application Support", "MobileSync", "Backup")
#: Manifest.plist lists the backed-up apps and grows with them; Status.plist is tiny.
MANIFEST_LIMIT = 16 * 1024 * 1024
STATUS_LIMIT = 256 * 1024
#: Most backups looked at in one folder (each phone keeps one, plus archived copies).
MAX_BACKUPS = 64


def _folders(host: Host) -> list[tuple[str, PurePath]]:
    """The backup folders of this platform, with the name shown to the person."""
    if host.platform is Platform.macos:
        return [("~/" + "/".join(MACOS_FOLDER), host.home.joinpath(*MACOS_FOLDER))]
    found = []
    for shown, names, parts in WINDOWS_FOLDERS:
        base = next((v for n in names if (v := host.env(n))), None)
        if base:
            found.append((shown + "\\" + "\\".join(parts), host.path(base, *parts)))
    return found


def _plist(host: Host, path: PurePath, limit: int) -> dict[str, object] | Missing:
    """A property list, or Missing (absent, unreadable, too large, damaged)."""
    try:
        return load_plist(host.read_bytes(path, limit=limit))
    except HostError as exc:
        return missing_from(exc)


def backup_facts(
    manifest: dict[str, object] | Missing, status: dict[str, object] | Missing, now: datetime
) -> dict[str, FactValue]:
    """Whether a backup is encrypted and when it was made; nothing else is taken."""
    encrypted: FactValue
    if isinstance(manifest, Missing):
        encrypted = manifest
    else:
        flag = manifest.get("IsEncrypted")
        encrypted = flag if isinstance(flag, bool) else Missing(Reason.parse_error)
    when = None
    for source in (status, manifest):
        if not isinstance(source, Missing) and isinstance(source.get("Date"), datetime):
            when = source["Date"]
            break
    found: dict[str, FactValue] = {"encrypted": encrypted}
    if isinstance(when, datetime):
        aware = when if when.tzinfo else when.replace(tzinfo=now.tzinfo)
        found["date"] = aware.date().isoformat()
        found["age_days"] = max(0, (now - aware).days)
    else:
        found["date"] = Missing(Reason.parse_error, "no date in the backup")
    return found


def _read_folder(host: Host, shown: str, folder: PurePath, start: int) -> list[FactValue]:
    """The backups in one MobileSync folder, numbered from `start`."""
    try:
        names = host.list_dir(folder)
    except NotFound:
        return []
    except HostError as exc:
        log.info("phone backups: %s cannot be listed (%s)", shown, type(exc).__name__)
        unread = missing_from(exc)
        return [{"id": f"backup-{start}", "label": shown, "encrypted": unread, "date": unread}]
    backups: list[FactValue] = []
    for name in names[:MAX_BACKUPS]:
        place = folder / name
        if not host.is_dir(place):
            continue
        number = start + len(backups)
        manifest = _plist(host, place / "Manifest.plist", MANIFEST_LIMIT)
        if isinstance(manifest, Missing) and manifest.reason is Reason.not_installed:
            continue  # not a backup (or one still being written)
        status = _plist(host, place / "Status.plist", STATUS_LIMIT)
        label = PHONE_BACKUP_LABEL.format(number=number, folder=shown)
        subject: dict[str, FactValue] = {"id": f"backup-{number}", "label": label}
        subject.update(backup_facts(manifest, status, host.now()))
        backups.append(subject)
    return backups


class PhoneBackupsCollector(Collector):
    """Finds iPhone and iPad backups on this computer and reads only whether they are locked."""

    name = "phone_backups"
    platforms = frozenset({Platform.windows, Platform.macos})
    facts = (
        FactSpec(
            PHONE_BACKUPS,
            FactKind.subjects,
            "iPhone and iPad backups in MobileSync (Windows: %APPDATA%\\Apple Computer\\"
            "MobileSync\\Backup and %USERPROFILE%\\Apple\\MobileSync\\Backup; macOS: "
            "~/Library/Application Support/MobileSync/Backup, which needs Full Disk Access). "
            "Only IsEncrypted and the date are read.",
            fields={
                "encrypted": "true when the backup is encrypted (Manifest.plist IsEncrypted)",
                "date": "the day of the backup (Status.plist Date, else Manifest.plist Date)",
                "age_days": "days since the backup",
            },
            none_found=N_("No phone backup was found on this computer."),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Every backup of every MobileSync folder of this platform."""
        backups: list[FactValue] = []
        for shown, folder in _folders(host):
            backups += _read_folder(host, shown, folder, len(backups) + 1)
        return {PHONE_BACKUPS: backups}
