"""Facts about who else may be on this computer (`presence.*`): known signs of spyware."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.presence.indicators.collector import IndicatorsCollector

PRESENCE: list[type[Collector]] = [IndicatorsCollector]

__all__ = ["PRESENCE"]
