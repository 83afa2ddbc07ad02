"""Facts about what a seizer of this computer gets (`seizure.*`): desktop messengers."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.seizure.messengers import MESSENGERS

SEIZURE: list[type[Collector]] = [*MESSENGERS]

__all__ = ["SEIZURE"]
