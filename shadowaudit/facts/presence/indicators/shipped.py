"""The indicator set shipped with shadowaudit: rules/data/monitoring_software.yaml as indicators
(program names, install folders, control-panel hosts)."""

from __future__ import annotations

from functools import cache

from shadowaudit.facts.datalists import monitoring_software
from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind

#: The name the report shows for the shipped set.
SHIPPED_NAME = "shadowaudit"


@cache
def shipped_set() -> IndicatorSet:
    """Spying programs' process names (a trailing * matches any ending) and install folders,
    and their control panels' hosts, with the list's date."""
    data = monitoring_software()
    found = IndicatorSet(name=SHIPPED_NAME, date=data.as_of.isoformat())
    for program in data.programs:
        for process in program.processes:
            found.add(Kind.process, process, program.name)
        for path in program.paths:
            found.add(Kind.program_path, path, program.name)
    for panel in data.panels:
        for host in panel.hosts:
            found.add(Kind.panel_host, host, panel.product)
    return found
