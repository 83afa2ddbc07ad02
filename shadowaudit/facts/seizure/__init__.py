"""Facts about what a seizer of this laptop gets (`seizure.*`)."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.seizure.disk_key.collector import DiskKeyCollector
from shadowaudit.facts.seizure.phone_backups import PhoneBackupsCollector

SEIZURE: list[type[Collector]] = [DiskKeyCollector, PhoneBackupsCollector]

__all__ = ["SEIZURE"]
