"""Facts about who else may be on this computer (`presence.*`): interception and management."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.presence.interception import INTERCEPTION

PRESENCE: list[type[Collector]] = [*INTERCEPTION]

__all__ = ["PRESENCE"]
