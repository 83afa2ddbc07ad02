"""Facts about traces a person leaves in their files (`traces.*`): photo and video locations,
document authors and notes, the folders copied to cloud companies, backups, and located
photos among them (derived last)."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.traces.backups import BackupsCollector
from shadowaudit.facts.traces.cloud import CloudSyncCollector
from shadowaudit.facts.traces.documents import DocumentsCollector
from shadowaudit.facts.traces.office import AuthoringCollector
from shadowaudit.facts.traces.photos import PhotosCollector
from shadowaudit.facts.traces.synced_photos import LocatedSyncedCollector

TRACES: list[type[Collector]] = [
    PhotosCollector,
    DocumentsCollector,
    AuthoringCollector,
    CloudSyncCollector,
    BackupsCollector,
    LocatedSyncedCollector,
]

__all__ = ["TRACES"]
