"""The indicator set shipped with shadowaudit, from rules/data/monitoring_software.yaml: the
control-panel hosts of spying products, and their install folders, matched against the paths
of running programs and of programs that start by themselves. Program names, and whether an
install folder exists, are judged by system.monitoring_software (the same list)."""

from __future__ import annotations

from functools import cache

from shadowaudit.facts.datalists import monitoring_software
from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind

#: The name the report shows for the shipped set.
SHIPPED_NAME = "shadowaudit"


@cache
def shipped_set() -> IndicatorSet:
    """The control panels' hosts and install folders of spying products, with the list's
    date."""
    data = monitoring_software()
    found = IndicatorSet(name=SHIPPED_NAME, date=data.as_of.isoformat())
    for panel in data.panels:
        for host in panel.hosts:
            found.add(Kind.panel_host, host, panel.product)
    for program in data.programs:
        for path in program.paths:
            found.add(Kind.program_path, path, program.name)
    return found
