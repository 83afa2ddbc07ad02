"""A collector that overruns its time budget is left behind; the rest of the scan goes on."""

from __future__ import annotations

import threading
import time

from shadowaudit import scan
from shadowaudit.facts.base import Missing, Reason
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder
from tests.test_scan import _Overlap, _tracked

RELEASE = threading.Event()


class _Stuck(_Overlap):
    """A collector's work that waits (up to a minute) for RELEASE."""

    def run(self) -> None:
        RELEASE.wait(60)


def test_an_overrunning_collector_is_could_not_check_and_the_others_finish() -> None:
    host = RecordedHost(host_folder("linux-firefox"))
    stuck_db = _tracked("stuck_db", True, _Stuck())
    next_db = _tracked("next_db", True, _Overlap())
    stuck = _tracked("stuck", False, _Stuck())
    quick = [_tracked(f"quick{i}", False, _Overlap()) for i in range(6)]
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
