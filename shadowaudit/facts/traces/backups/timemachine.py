"""Time Machine (macOS): each destination's last snapshot and encryption, from its settings file.

No `tmutil` verb is run. `tmutil latestbackup` is the one that prints a date (as the name of
the last backup, `.../2011-08-26-104514`), but it needs the backup disk reachable and mounts it
("Failed to mount backup destination", real-world-systems.com tmutil notes), which for a
network disk is a network connection, and it needs Full Disk Access (tmutil(8): "Several, but
not all, verbs require root and Full Disk Access"; the tmlatestbackup README says the same).
The settings file is protected the same way since macOS 10.14 (chrisly-bear/time-machine-
progress README): without Full Disk Access, Time Machine is "could not check", with the hand
check, and shadowaudit never asks for that access.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.decode import load_plist
from shadowaudit.facts.traces.backups.item import tool
from shadowaudit.host.base import Host

MAX_PLIST = 1024 * 1024
TIME_MACHINE = "/Library/Preferences/com.apple.TimeMachine.plist"


def time_machine(host: Host) -> Iterator[dict[str, FactValue]]:
    """Time Machine's settings (/Library/Preferences/com.apple.TimeMachine.plist): each
    destination's SnapshotDates and LastKnownEncryptionState, the keys osquery's
    time_machine_destinations table reads."""
    try:
        data = load_plist(host.read_bytes(host.path(TIME_MACHINE), MAX_PLIST))
    except NotFound:
        return
    except HostError as exc:
        yield tool("Time Machine", missing_from(exc), missing_from(exc))
        return
    if isinstance(data, Missing):
        broken = Missing(Reason.parse_error, "TimeMachine.plist")
        yield tool("Time Machine", broken, broken)
        return
    destinations = data.get("Destinations", [])
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
        yield tool("Time Machine", last, encrypted)
