"""Backups the usual tools keep: present, when they last worked, and whether they are encrypted.

"Configured" is not "backed up": a tool counts as recent only with a last-success date read
from its own files. Where encryption cannot be read, it stays unknown. No backup target (a
disk name, a server, a path) is kept: only its kind (a drive you plug in, the network, this
computer), where the tool tells. One module per tool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue
from shadowaudit.facts.traces.backups.borg import NAME as BORG
from shadowaudit.facts.traces.backups.borg import borg
from shadowaudit.facts.traces.backups.dejadup import deja_dup
from shadowaudit.facts.traces.backups.filehistory import file_history
from shadowaudit.facts.traces.backups.item import REPOSITORY, none_found
from shadowaudit.facts.traces.backups.pika import NAME as PIKA
from shadowaudit.facts.traces.backups.pika import pika
from shadowaudit.facts.traces.backups.restic import restic
from shadowaudit.facts.traces.backups.timemachine import time_machine
from shadowaudit.host.base import Host, Platform

BACKUPS = "traces.backups"

Reader = Callable[[Host], Iterator[dict[str, FactValue]]]
READERS: dict[Platform, list[Reader]] = {
    Platform.linux: [deja_dup, pika, borg, restic],
    Platform.macos: [time_machine, borg, restic],
    Platform.windows: [file_history, restic],
}


def _once(tools: list[dict[str, FactValue]]) -> list[dict[str, FactValue]]:
    """Each borg repository once: the one Pika Backup runs is told as Pika's."""
    pika = {tool.get(REPOSITORY) for tool in tools if tool["tool"] == PIKA}
    kept = [t for t in tools if t["tool"] != BORG or t.get(REPOSITORY) not in pika - {None}]
    return [{k: v for k, v in tool.items() if k != REPOSITORY} for tool in kept]


def backups(host: Host) -> FactValue:
    """The traces.backups fact: every known tool found, days since each last worked."""
    tools = _once([tool for read in READERS[host.platform] for tool in read(host)])
    for tool in tools:
        date = tool["last_success"]
        if isinstance(date, str):
            when = datetime.fromisoformat(date).replace(tzinfo=UTC)
            tool["days_since"] = max(0, (host.now() - when).days)
    if not tools:
        return {"tools": none_found()}
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
            "restic): for each, the date of the last backup that worked, days since it, "
            "whether it is encrypted, and the kind of place it is kept, where the tool's own "
            "files tell. No backup target is kept.",
            fields={
                "tools": "one item per tool or repository: tool, last_success (date), "
                "days_since, encrypted (null when the tool's files do not tell), target "
                "(removable, network or local; null when not told)",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read each tool's files."""
        return {BACKUPS: backups(host)}
