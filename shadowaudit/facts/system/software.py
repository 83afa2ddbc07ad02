"""Remote-control and monitoring programs, found by running program names and install paths."""

from __future__ import annotations

import fnmatch

from shadowaudit.errors import HostError
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    missing_from,
)
from shadowaudit.facts.datalists import KnownProgram, monitoring_software, remote_tools
from shadowaudit.host.base import Host, Platform, ProcessInfo

REMOTE_TOOLS = "system.remote_access_tools"
MONITORING = "system.monitoring_software"


#: What makes a process name pattern more than a plain name (fnmatch's wildcards).
_WILDCARDS = frozenset("*?[")


def _running(program: KnownProgram, names: frozenset[str]) -> bool:
    """True when a running process (`names`: all of them, lower case) has one of the
    program's names. A pattern without a wildcard matches its own name only, so it is looked
    up; only patterns with one are matched against every name."""
    for pattern in program.processes:
        lowered = pattern.lower()
        if _WILDCARDS.isdisjoint(lowered):
            if lowered in names:
                return True
        elif any(fnmatch.fnmatchcase(name, lowered) for name in names):
            return True
    return False


def _installed(host: Host, program: KnownProgram) -> bool:
    """True when one of the program's install paths for this platform exists."""
    windows = host.platform is Platform.windows
    for path in program.paths:
        if path[1:3] == ":/" if windows else path.startswith("/"):
            target = host.path(path)
            if host.is_dir(target) or host.is_file(target):
                return True
    return False


def find_programs(
    host: Host, programs: list[KnownProgram], processes: list[ProcessInfo]
) -> list[FactValue]:
    """Each known program found running or installed, as {name, running, installed, confirmed}."""
    found: list[FactValue] = []
    names = frozenset(p.name.lower() for p in processes)
    for program in programs:
        running, installed = _running(program, names), _installed(host, program)
        if running or installed:
            found.append(
                {
                    "name": program.name,
                    "running": running,
                    "installed": installed,
                    "confirmed": program.confirmed,
                }
            )
    return found


class SoftwareCollector(Collector):
    """Looks for remote-control and monitoring programs (rules/data lists)."""

    name = "software"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            REMOTE_TOOLS,
            FactKind.list,
            "Remote-control programs (rules/data/remote_tools.yaml) running or installed.",
            values="[{name, running, installed, confirmed}]",
        ),
        FactSpec(
            MONITORING,
            FactKind.list,
            "Monitoring or spying programs (rules/data/monitoring_software.yaml) running "
            "or installed; confirmed is false for names from community lists only.",
            values="[{name, running, installed, confirmed}]",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the running programs once and match both lists."""
        try:
            processes = host.processes()
        except HostError as exc:
            return self.all_missing(missing_from(exc).reason, str(exc))
        return {
            REMOTE_TOOLS: find_programs(host, remote_tools().tools, processes),
            MONITORING: find_programs(host, monitoring_software().programs, processes),
        }
