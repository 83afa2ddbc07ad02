"""A collector that overruns its time budget is left behind; the rest of the scan goes on."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

from shadowaudit import scan
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, Missing, Reason
from shadowaudit.host import RecordedHost
from shadowaudit.host.base import Host, Platform
from tests.conftest import host_folder

RELEASE = threading.Event()


def _collector(name: str, databases: bool, stuck: bool) -> type[Collector]:
    """A collector that answers at once, or waits (up to a minute) for RELEASE."""

    class Made(Collector):
        platforms: ClassVar[frozenset[Platform]] = frozenset(Platform)
        facts = (FactSpec(f"test.{name}", FactKind.boolean, "A test fact."),)
        queries_databases = databases

        def collect(self, host: Host) -> FactMap:
            if stuck:
                RELEASE.wait(60)
            return {f"test.{name}": True}

    Made.name = name
    return Made


def test_an_overrunning_collector_is_could_not_check_and_the_others_finish() -> None:
    host = RecordedHost(host_folder("linux-firefox"))
    stuck_db = _collector("stuck_db", True, True)
    next_db = _collector("next_db", True, False)
    stuck = _collector("stuck", False, True)
    quick = [_collector(f"quick{i}", False, False) for i in range(6)]
    reported: list[str] = []
    started = time.monotonic()
    try:
        facts = scan.collect_facts(
            host, [stuck_db, next_db, stuck, *quick], reported.append, budget=0.5
        )
        took = time.monotonic() - started
    finally:
        RELEASE.set()
    assert took < 10, f"{took:.1f} s"
    for name in ("stuck_db", "stuck"):
        assert facts[f"test.{name}"] == Missing(Reason.timeout, "took too long")
    # The database collector after the stuck one still ran, in a thread of its own.
    assert facts["test.next_db"] is True
    assert all(facts[f"test.quick{i}"] is True for i in range(6))
    assert sorted(reported) == sorted(c.name for c in [stuck_db, next_db, stuck, *quick])


def test_the_default_budget_is_generous() -> None:
    assert scan.COLLECTOR_SECONDS >= 60
