"""Déjà Dup (Linux): its last successful backup, from gsettings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.traces.backups.item import parse_time, tool
from shadowaudit.host.base import Host

_GVARIANT_STRING = re.compile(r"^'(.*)'$")


def deja_dup(host: Host) -> Iterator[dict[str, FactValue]]:
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
        last: datetime | None | Missing = parse_time(match.group(1)) if match else None
    except ValueError:
        last = Missing(Reason.parse_error, "Déjà Dup last-backup")
    yield tool("Déjà Dup", last, None)
