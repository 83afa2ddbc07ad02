"""Facts about traces a person leaves in their files (`traces.*`): places, authors, notes."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.traces.documents import DocumentsCollector
from shadowaudit.facts.traces.photos import PhotosCollector

TRACES: list[type[Collector]] = [PhotosCollector, DocumentsCollector]

__all__ = ["TRACES"]
