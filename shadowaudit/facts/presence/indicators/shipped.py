"""The indicator set shipped with shadowaudit: the control-panel hosts of spying products in
rules/data/monitoring_software.yaml. Its program names and install folders are judged by
system.monitoring_software (the same list), so they are not matched twice here."""

from __future__ import annotations

from functools import cache

from shadowaudit.facts.datalists import monitoring_software
from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind

#: The name the report shows for the shipped set.
SHIPPED_NAME = "shadowaudit"


@cache
def shipped_set() -> IndicatorSet:
    """The control panels' hosts of spying products, with the list's date."""
    data = monitoring_software()
    found = IndicatorSet(name=SHIPPED_NAME, date=data.as_of.isoformat())
    for panel in data.panels:
        for host in panel.hosts:
            found.add(Kind.panel_host, host, panel.product)
    return found
