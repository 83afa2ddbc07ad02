"""Facts about traces a person leaves in their files (`traces.*`): photo locations."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.traces.photos import PhotosCollector

TRACES: list[type[Collector]] = [PhotosCollector]

__all__ = ["TRACES"]
