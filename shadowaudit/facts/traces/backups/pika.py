"""Pika Backup (Linux): each backup's last completed run, encryption and kind of place.

Pika keeps `backup.json` (a list of backups: `id`, `encrypted`, `repo` with `type` Local or
Remote and, for a local one, `removable`) and `history.json` (an object from each backup's
id to its history, whose `last_completed.end` is the end of the last run that completed) in
~/.config/pika-backup, or ~/.var/app/org.gnome.World.PikaBackup/config/pika-backup when it
runs as a Flatpak (pika-backup-common/src/config/backup.rs and history.rs; example files in
build-aux/dev-tools/setup-example-config.py). The repository's address and path are never kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import PurePath

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.decode import read_json_file
from shadowaudit.facts.traces.backups.item import (
    LOCAL,
    NETWORK,
    REMOVABLE,
    REPOSITORY,
    parse_time,
    tool,
)
from shadowaudit.host.base import Host

NAME = "Pika Backup"
MAX_FILE = 4 * 1024 * 1024
#: Most backups read from one configuration (people keep one or two).
MAX_BACKUPS = 32


def _folders(host: Host) -> list[PurePath]:
    """Where Pika keeps its settings: the system package's, then the Flatpak's."""
    flatpak = host.home / ".var" / "app" / "org.gnome.World.PikaBackup" / "config"
    return [host.config_home() / "pika-backup", flatpak / "pika-backup"]


def _last_completed(history: object, backup_id: object) -> datetime | None | Missing:
    """The end of this backup's last completed run; None when it never completed."""
    if isinstance(history, Missing):
        return history
    entry = history.get(str(backup_id)) if isinstance(history, Mapping) else None
    if not isinstance(entry, Mapping):
        return None
    last = entry.get("last_completed")
    if last is None:
        return None
    end = last.get("end") if isinstance(last, Mapping) else None
    try:
        return parse_time(end) if isinstance(end, str) else None
    except ValueError:
        return Missing(Reason.parse_error, "Pika history: end")


def _encrypted(backup: Mapping[str, object]) -> bool | None:
    """Locked with a password: Pika sets `encrypted` when a password was given at setup
    (pika-backup/src/widget/dialog/setup/actions.rs); borg's mode "none" or
    "authenticated" never encrypts, whatever that flag says."""
    if str(backup.get("encryption_mode", "")).startswith(("none", "authenticated")):
        return False
    encrypted = backup.get("encrypted")
    return encrypted if isinstance(encrypted, bool) else None


def _target(repo: object) -> str | None:
    """The kind of place: a drive you plug in, another computer, or this one."""
    if not isinstance(repo, Mapping):
        return None
    if repo.get("type") == "Remote":
        return NETWORK
    if repo.get("type") == "Local":
        removable = repo.get("removable")
        return REMOVABLE if removable is True else LOCAL if removable is False else None
    return None


def _history(host: Host, folder: PurePath) -> object:
    """history.json; an empty history when Pika has not written one yet."""
    try:
        return read_json_file(host, folder / "history.json", MAX_FILE)
    except NotFound:
        return {}
    except HostError as exc:
        return missing_from(exc)


def _one_folder(host: Host, folder: PurePath) -> Iterator[dict[str, FactValue]]:
    """The backups one Pika settings folder holds."""
    try:
        backups = read_json_file(host, folder / "backup.json", MAX_FILE)
    except NotFound:
        return
    except HostError as exc:
        yield tool(NAME, missing_from(exc), None)
        return
    if not isinstance(backups, list):
        broken = Missing(Reason.parse_error, "Pika backup.json is not a list")
        yield tool(NAME, broken, None)
        return
    history = _history(host, folder)
    for backup in backups[:MAX_BACKUPS]:
        if not isinstance(backup, Mapping):
            continue
        last = _last_completed(history, backup.get("id"))
        item = tool(NAME, last, _encrypted(backup), _target(backup.get("repo")))
        repository = backup.get("repo_id")
        yield {**item, REPOSITORY: repository} if isinstance(repository, str) else item


def pika(host: Host) -> Iterator[dict[str, FactValue]]:
    """Every backup set up in Pika Backup."""
    for folder in _folders(host):
        yield from _one_folder(host, folder)
