"""The `presence.autostart*` facts: what starts by itself, whose it is, what could not be read.

Programs that spy on a person must start again after each restart. Every place a program can
ask to start is read without administrator rights; only the program's path is kept (never its
arguments, which may hold addresses or keys). Unknown items are a list to look at, not a
verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from shadowaudit.errors import Unsupported
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue, missing_from
from shadowaudit.facts.presence.autostart import linux, macos, windows
from shadowaudit.facts.presence.autostart.found import Found, Item
from shadowaudit.facts.presence.autostart.known import UNKNOWN
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

AUTOSTART = "presence.autostart"
UNKNOWN_ITEMS = "presence.autostart_unknown"
UNCHECKED = "presence.autostart_unchecked"
PRELOAD = "presence.preload"
PRELOAD_SOURCES = frozenset({"ld_preload", "shell_preload"})
#: Sources read first in the list a person sees: what runs for every user before what runs
#: for one, the deepest hooks first.
_ORDER = ("ld_preload", "shell_preload", "winlogon", "service", "launch_daemon",
          "system_extension", "scheduled_task", "system_cron")  # fmt: skip

_READERS: dict[Platform, tuple[Callable[[Host, Found], None], ...]] = {
    Platform.linux: linux.READERS,
    Platform.windows: windows.READERS,
    Platform.macos: macos.READERS,
}

_ITEM_FIELDS = {
    "name": "what the item is called (a file, unit, task or value name)",
    "source": "where it starts from: run_key, run_once_key, startup_folder, winlogon, service, "
    "scheduled_task, launch_agent, launch_daemon, system_extension, login_item, xdg_autostart, "
    "systemd_user, crontab, system_cron, ld_preload, shell_preload",
    "scope": "user (this person only) or system (every user)",
    "program": "the program it runs, home folder as ~, without arguments",
    "enabled": "false when turned off (StartupApproved, Hidden=true, Disabled)",
    "known": "os (the system's own), app (a well-known app) or unknown",
}


def _sorted(items: list[Item]) -> list[FactValue]:
    """Items most urgent first (see _rank), each once (a crontab may run a program twice)."""
    unique = {tuple(sorted((k, str(v)) for k, v in entry.items())): entry for entry in items}
    return [*sorted(unique.values(), key=_rank)]


def _rank(entry: Item) -> tuple[int, int, str]:
    """Most urgent first: the deepest sources, then system-wide before the person's own."""
    source = str(entry.get("source"))
    depth = _ORDER.index(source) if source in _ORDER else len(_ORDER)
    return depth, 0 if entry.get("scope") == "system" else 1, str(entry.get("name"))


def _unknown(found: Found) -> FactValue:
    """The enabled unknown items (preloads apart); Missing when none was found while some
    place could not be read: an unread place may hide one."""
    listed = [
        entry
        for entry in found.items
        if entry["known"] == UNKNOWN
        and entry["enabled"] is not False
        and entry["source"] not in PRELOAD_SOURCES
    ]
    unread = [m for s, m in found.unchecked.items() if s not in PRELOAD_SOURCES]
    if not listed and unread:
        return unread[0]
    return _sorted(listed)


def _preload(found: Found) -> FactValue:
    """The libraries loaded into every program; Missing when a place could not be read."""
    listed = [entry for entry in found.items if entry["source"] in PRELOAD_SOURCES]
    unread = [m for s, m in found.unchecked.items() if s in PRELOAD_SOURCES]
    if not listed and unread:
        return unread[0]
    return _sorted(listed)


class AutostartCollector(Collector):
    """Reads every place a program can ask to start by itself, as the person."""

    name = "presence.autostart"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            AUTOSTART,
            FactKind.list,
            "Everything that starts by itself: at sign-in, at start-up, on a schedule.",
            fields=_ITEM_FIELDS,
        ),
        FactSpec(
            UNKNOWN_ITEMS,
            FactKind.list,
            "The items of presence.autostart that are turned on and neither the system's own "
            "nor a well-known app, most urgent first; missing when none was found but a place "
            "could not be read.",
            fields=_ITEM_FIELDS,
            none_found="Nothing unknown starts by itself.",
        ),
        FactSpec(
            UNCHECKED,
            FactKind.list,
            "The sources (as in presence.autostart) that could not be read in full.",
        ),
        FactSpec(
            PRELOAD,
            FactKind.list,
            "Libraries loaded into every program (/etc/ld.so.preload, LD_PRELOAD in shell "
            "start files). Linux only.",
            fields=_ITEM_FIELDS,
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read every source of this platform; one unreadable source spoils only itself."""
        found = Found()
        for read in _READERS[host.platform]:
            read(host, found)
        log.debug("autostart: %d items, unread: %s", len(found.items), sorted(found.unchecked))
        preload: FactValue = _preload(found)
        if host.platform is not Platform.linux:
            preload = missing_from(Unsupported("preloads are read on Linux only"))
        return {
            AUTOSTART: _sorted(found.items),
            UNKNOWN_ITEMS: _unknown(found),
            UNCHECKED: [*sorted(found.unchecked)],
            PRELOAD: preload,
        }
