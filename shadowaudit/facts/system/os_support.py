"""Does this operating system release still get security fixes? (rules/data/os_support.yaml)"""

from __future__ import annotations

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec
from shadowaudit.facts.system.linux.system import read_os_release
from shadowaudit.facts.system.macos.collector import read_os_version as read_macos_version
from shadowaudit.facts.system.os_support_data import linux_support, macos_support, windows_support
from shadowaudit.facts.system.windows.collector import read_os_version as read_windows_version
from shadowaudit.host.base import Host, Platform

OS_SUPPORT = "system.os_support"


class OsSupportCollector(Collector):
    """Finds this computer's release in the end-of-support data and counts the days left."""

    name = "os_support"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            OS_SUPPORT,
            FactKind.mapping,
            "The operating system release and the last day it gets free security fixes "
            "(rules/data/os_support.yaml); days_left is negative once support has ended.",
            fields={
                "name": "the release, as people know it",
                "support_ends": "the last day of free security fixes (YYYY-MM-DD)",
                "days_left": "days from the scan to that day (negative when past)",
                "note": "extended or estimated support, said plainly",
                "phase": "full, long_term (fewer fixes, e.g. Debian LTS) or ended",
                "long_term": "the phase after full support: {name, starts, ends, covers, "
                "enrolment} (enrolment: only for computers signed up), or null",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the release the way the platform's own collector does, then look it up."""
        now = host.now()
        if host.platform is Platform.windows:
            return {OS_SUPPORT: windows_support(read_windows_version(host), now)}
        if host.platform is Platform.macos:
            return {OS_SUPPORT: macos_support(read_macos_version(host), now)}
        return {OS_SUPPORT: linux_support(read_os_release(host), now)}
