"""Facts about what a seizer of this laptop gets (`seizure.*`): desktop messengers, who holds
the disk key, what closing the lid does, and phone backups."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.seizure.disk_key.collector import DiskKeyCollector
from shadowaudit.facts.seizure.messengers import MESSENGERS
from shadowaudit.facts.seizure.phone_backups import PhoneBackupsCollector

SEIZURE: list[type[Collector]] = [*MESSENGERS, DiskKeyCollector, PhoneBackupsCollector]

__all__ = ["SEIZURE"]
