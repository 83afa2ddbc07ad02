"""The age of each shipped list (rules/data) on the host's clock: a rule trusts a fresh one."""

from __future__ import annotations

from datetime import datetime

from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
)
from shadowaudit.facts.datalists import LISTS, DatedList
from shadowaudit.host.base import Host, Platform

PREFIX = "lists."


def freshness(dated: DatedList, now: datetime) -> FactValue:
    """{as_of, shelf_life_days, age_days, fresh}: `fresh` is Missing(stale_list) once the list
    is older than its shelf life, so that a rule needing it can no longer pass."""
    age = dated.age_days(now)
    fresh: FactValue = True
    if dated.stale(now):
        fresh = Missing(Reason.stale_list, f"{age} days old, trusted for {dated.shelf_life_days}")
    return {
        "as_of": dated.as_of.isoformat(),
        "shelf_life_days": dated.shelf_life_days,
        "age_days": age,
        "fresh": fresh,
    }


class ListsCollector(Collector):
    """Dates each shipped list against the host's clock (nothing of the computer is read)."""

    name = "lists"
    platforms = frozenset(Platform)
    facts = tuple(
        FactSpec(
            PREFIX + name,
            FactKind.mapping,
            f"The age of rules/data/{name}.yaml on this computer's clock.",
            fields={
                "as_of": "the day the list was true (YYYY-MM-DD)",
                "shelf_life_days": "how many days after that it can be trusted",
                "age_days": "its age in days",
                "fresh": "true while it can be trusted; else missing (stale_list)",
            },
        )
        for name in LISTS
    )

    def collect(self, host: Host) -> FactMap:
        """The freshness of every list."""
        now = host.now()
        return {PREFIX + name: freshness(load(), now) for name, load in LISTS.items()}
