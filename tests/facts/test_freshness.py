"""Shipped lists age on the host's clock, and the verdicts that need them say so."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from shadowaudit.engine.model import Status
from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.datalists import LISTS, os_support
from shadowaudit.facts.freshness import ListsCollector, freshness
from shadowaudit.host import RecordedHost
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import host_folder


def _noon(day: datetime) -> datetime:
    return day.replace(hour=12, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_is_fresh_on_its_last_day_and_stale_the_day_after(name: str) -> None:
    dated = LISTS[name]()
    last = _noon(datetime.combine(dated.as_of, datetime.min.time())) + timedelta(
        days=dated.shelf_life_days
    )
    assert freshness(dated, last)["fresh"] is True  # type: ignore[index]
    stale = freshness(dated, last + timedelta(days=1))
    assert isinstance(stale, dict) and stale["age_days"] == dated.shelf_life_days + 1
    assert isinstance(stale["fresh"], Missing) and stale["fresh"].reason is Reason.stale_list


def test_the_collector_reads_the_hosts_clock(recorded: object, tmp_path: Path) -> None:
    facts = ListsCollector().collect(_at(tmp_path, "2027-11-21T12:00:00+00:00"))
    assert set(facts) == {f"lists.{name}" for name in LISTS}
    assert facts["lists.os_support"]["fresh"] is True  # type: ignore[index]
    assert isinstance(facts["lists.browser_versions"]["fresh"], Missing)  # type: ignore[index]


def _at(tmp_path: Path, now: str, machine: str = "debian12-cockpit-socket") -> RecordedHost:
    """A recorded machine (by default the Debian 12 with Cockpit), its clock set to `now`."""
    folder = tmp_path / f"{machine}-{now[:10]}"
    shutil.copytree(host_folder(machine), folder)
    meta = yaml.safe_load((folder / "host.yaml").read_text())
    meta["now"] = now
    (folder / "host.yaml").write_text(yaml.safe_dump(meta))
    return RecordedHost(folder)


def _verdicts(host: RecordedHost) -> dict[str, Status]:
    report = run_scan(host, load_selected_rules(only=["system"]))
    return {f.rule: f.status for f in report.findings}


def test_os_support_dates_on_both_sides_of_the_shelf_life(tmp_path: Path) -> None:
    dated = os_support()
    last_day = dated.as_of + timedelta(days=dated.shelf_life_days)
    fresh = _verdicts(_at(tmp_path, f"{last_day.isoformat()}T23:00:00+00:00"))
    stale = _verdicts(_at(tmp_path, f"{(last_day + timedelta(days=1)).isoformat()}T01:00:00+00:00"))
    # Debian 12 is in Debian LTS on both days: it gets some fixes (a pass), not all (a fail).
    assert fresh["system.supported_version"] is Status.pass_
    assert fresh["system.long_term_support"] is Status.fail
    # A day later the list is too old to prove anything still gets fixes: could not check.
    assert stale["system.supported_version"] is Status.unknown
    assert stale["system.long_term_support"] is Status.fail
    # An indicator list ages too (180 days: long before this date).
    assert stale["system.monitoring_software"] is Status.unknown


def test_a_stale_list_is_said_in_the_report(tmp_path: Path) -> None:
    report = run_scan(
        _at(tmp_path, "2028-01-01T12:00:00+00:00"), load_selected_rules(only=["system"])
    )
    finding = next(f for f in report.findings if f.rule == "system.supported_version")
    assert finding.reason is Reason.stale_list
    assert "too old to trust" in finding.reason_text and "Update shadowaudit" in finding.reason_text


def test_minimum_browser_versions_on_both_sides_of_the_shelf_life(tmp_path: Path) -> None:
    dated = LISTS["browser_versions"]()
    last_day = dated.as_of + timedelta(days=dated.shelf_life_days)
    rules = load_selected_rules(only=["browser.firefox.outdated"])
    statuses = []
    for day in (last_day, last_day + timedelta(days=1)):
        host = _at(tmp_path, f"{day.isoformat()}T12:00:00+00:00", "linux-firefox")
        statuses.append({f.status for f in run_scan(host, rules).findings})
    assert statuses == [{Status.pass_}, {Status.unknown}]
