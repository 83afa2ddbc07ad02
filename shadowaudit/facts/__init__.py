"""Collectors in wings laid out like the fact names (facts/<area>/<source>/), and the catalogue."""

from __future__ import annotations

from shadowaudit.facts.accounts import ACCOUNTS
from shadowaudit.facts.base import Collector, FactSpec
from shadowaudit.facts.browser import BROWSER
from shadowaudit.facts.freshness import ListsCollector
from shadowaudit.facts.presence import PRESENCE
from shadowaudit.facts.system import SYSTEM
from shadowaudit.facts.traces import TRACES

#: Every collector, wing by wing; the order is the order of the facts in `shadowaudit facts`.
COLLECTORS: list[type[Collector]] = [
    *BROWSER,
    *SYSTEM,
    *ACCOUNTS,
    *TRACES,
    *PRESENCE,
    ListsCollector,
]


def catalogue() -> dict[str, FactSpec]:
    """Every documented fact, by name."""
    return {spec.name: spec for collector in COLLECTORS for spec in collector.facts}


def collector_for(fact: str) -> type[Collector] | None:
    """The collector that provides a fact, or None."""
    for collector in COLLECTORS:
        if fact in collector.fact_names():
            return collector
    return None


__all__ = ["COLLECTORS", "catalogue", "collector_for"]
