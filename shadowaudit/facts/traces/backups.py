"""Backups the usual tools keep: present, when they last worked, and whether they are encrypted.

"Configured" is not "backed up": a tool counts as recent only with a last-success date read
from its own settings. Where encryption cannot be read, it stays unknown. No backup target
(a disk name, a server) is kept.
"""

from __future__ import annotations

import plistlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime

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
from shadowaudit.host.base import Host, Platform

BACKUPS = "traces.backups"
MAX_PLIST = 1024 * 1024
TIME_MACHINE = "/Library/Preferences/com.apple.TimeMachine.plist"
_GVARIANT_STRING = re.compile(r"^'(.*)'$")
_NOT_READABLE = "not readable on this computer"


def _tool(name: str, last: datetime | None | Missing, encrypted: FactValue) -> dict[str, FactValue]:
    """One backup tool as a fact item: last success as a date, and days since it."""
    if isinstance(last, Missing):
        date: FactValue = last
        days: FactValue = last
    elif last is None:
        date = days = Missing(Reason.not_set, f"{name}: never succeeded")
    else:
        date, days = last.date().isoformat(), None
    return {"tool": name, "last_success": date, "days_since": days, "encrypted": encrypted}


def _parse_time(text: str) -> datetime | None:
    """An ISO 8601 time (Déjà Dup writes `2026-11-30T09:00:00.000000Z`), None when empty."""
    text = text.strip()
    if not text:
        return None
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _deja_dup(host: Host) -> Iterator[dict[str, FactValue]]:
    """Déjà Dup: `gsettings get org.gnome.DejaDup last-backup` (the last successful backup;
    GNOME deja-dup data/org.gnome.DejaDup.gschema.xml). Its encryption is not kept there."""
    try:
        done = host.run(["gsettings", "get", "org.gnome.DejaDup", "last-backup"])
    except HostError:
        return
    if done.returncode != 0:
        return  # no such schema: Déjà Dup is not installed
    match = _GVARIANT_STRING.match(done.stdout.strip())
    try:
        last: datetime | None | Missing = _parse_time(match.group(1)) if match else None
    except ValueError:
        last = Missing(Reason.parse_error, "Déjà Dup last-backup")
    yield _tool("Déjà Dup", last, None)


def _present(host: Host) -> Iterator[dict[str, FactValue]]:
    """Pika Backup (~/.config/pika-backup), BorgBackup and restic (their cache folders):
    present; when they last worked is not told here."""
    unknown = Missing(Reason.unsupported, _NOT_READABLE)
    config = host.config_home()
    places = {
        "Pika Backup": config / "pika-backup",
        "BorgBackup": host.home / ".cache" / "borg",
        "restic": host.home / ".cache" / "restic",
    }
    for name, folder in places.items():
        if host.is_dir(folder):
            yield _tool(name, unknown, None)


def _time_machine(host: Host) -> Iterator[dict[str, FactValue]]:
    """Time Machine's settings (/Library/Preferences/com.apple.TimeMachine.plist, readable
    without root): each destination's SnapshotDates and LastKnownEncryptionState, the keys
    osquery's time_machine_destinations table reads."""
    try:
        data = plistlib.loads(host.read_bytes(host.path(TIME_MACHINE), MAX_PLIST))
        destinations = data.get("Destinations", [])
    except NotFound:
        return
    except HostError as exc:
        yield _tool("Time Machine", missing_from(exc), missing_from(exc))
        return
    except (plistlib.InvalidFileException, ValueError, AttributeError):
        broken = Missing(Reason.parse_error, "TimeMachine.plist")
        yield _tool("Time Machine", broken, broken)
        return
    for destination in destinations if isinstance(destinations, list) else []:
        if not isinstance(destination, dict):
            continue
        dates = [d for d in destination.get("SnapshotDates", []) if isinstance(d, datetime)]
        last = max(dates, default=None)
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        state = destination.get("LastKnownEncryptionState")
        encrypted: FactValue = (
            state == "Encrypted" if state in ("Encrypted", "NotEncrypted") else None
        )
        yield _tool("Time Machine", last, encrypted)


def _file_history(host: Host) -> Iterator[dict[str, FactValue]]:
    """Windows File History: its Config*.xml in %LOCALAPPDATA%\\Microsoft\\Windows\\FileHistory
    \\Configuration (present; the last backup is not told here)."""
    local = host.env("LOCALAPPDATA")
    if not local:
        return
    folder = host.path(local, "Microsoft", "Windows", "FileHistory", "Configuration")
    try:
        names = host.list_dir(folder)
    except HostError:
        return
    if any(n.lower().startswith("config") and n.lower().endswith(".xml") for n in names):
        yield _tool("File History", Missing(Reason.unsupported, _NOT_READABLE), None)


def backups(host: Host) -> FactValue:
    """The traces.backups fact: every known tool found, days since each last worked."""
    readers = {
        Platform.linux: [_deja_dup, _present],
        Platform.macos: [_time_machine, _present],
        Platform.windows: [_file_history],
    }[host.platform]
    tools = [tool for read in readers for tool in read(host)]
    for tool in tools:
        date = tool["last_success"]
        if isinstance(date, str):
            when = datetime.fromisoformat(date).replace(tzinfo=UTC)
            tool["days_since"] = max(0, (host.now() - when).days)
    if not tools:
        return {"tools": Missing(Reason.not_installed, "no known backup tool found")}
    return {"tools": tools}  # type: ignore[dict-item]


class BackupsCollector(Collector):
    """Finds Déjà Dup, Time Machine, File History, Pika, Borg and restic, and their last run."""

    name = "backups"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            BACKUPS,
            FactKind.mapping,
            "Backup tools found (Déjà Dup, Time Machine, File History, Pika Backup, BorgBackup, "
            "restic): for each, the date of the last backup that worked, days since it, and "
            "whether it is encrypted, where the tool's settings tell. No backup target is kept.",
            fields={
                "tools": "one item per tool: tool, last_success (date), days_since, encrypted "
                "(null when the tool's settings do not tell)",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read each tool's settings."""
        return {BACKUPS: backups(host)}
