"""Desktop messengers (`seizure.messengers.*`): Signal, Telegram and WhatsApp on this computer."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.seizure.messengers.collector import MessengersCollector

MESSENGERS: list[type[Collector]] = [MessengersCollector]

__all__ = ["MESSENGERS"]
