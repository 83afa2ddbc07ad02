"""The pipeline: only the needed collectors run, a crash is contained, findings are ordered."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import ClassVar

import pytest

from shadowaudit import scan
from shadowaudit.engine.model import Status
from shadowaudit.errors import PermissionDenied
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, Missing, Reason
from shadowaudit.facts.system.linux.disk import LinuxDiskCollector
from shadowaudit.facts.system.linux.firewall import LinuxFirewallCollector
from shadowaudit.host import Host, Platform, RecordedHost
from shadowaudit.report.harm import harm_key
from shadowaudit.scan import load_questions, load_selected_rules
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]


def test_only_collectors_the_selected_rules_need(recorded: Recorded) -> None:
    host = recorded("ubuntu2404-plain")
    firewall_only = scan.load_selected_rules(only=["system.firewall"])
    assert scan.needed_collectors(firewall_only, host) == [LinuxFirewallCollector]
    browser = scan.load_selected_rules(only=["browser"])
    # The minimum versions age: the browser rules read the age of their list too.
    assert [c.name for c in scan.needed_collectors(browser, host)] == [
        "firefox",
        "chromium",
        "lists",
    ]


def test_selection_by_id_prefix_and_tag() -> None:
    rules = scan.load_selected_rules()
    firefox = scan.select_rules(rules, ["browser.firefox"])
    assert len(firefox) >= 14 and all(r.id.startswith("browser.firefox.") for r in firefox)
    assert [r.id for r in scan.select_rules(rules, ["encryption"])] == ["system.disk_encryption"]
    assert scan.select_rules(rules, ["nothing"]) == []


class Crashing(Collector):
    name = "crashing"
    platforms: ClassVar[frozenset[Platform]] = frozenset(Platform)
    facts = (FactSpec("test.crash", FactKind.boolean, "A fact whose collector crashes."),)

    def collect(self, host: Host) -> FactMap:
        raise RuntimeError("bug")


class Denied(Crashing):
    name = "denied"

    def collect(self, host: Host) -> FactMap:
        raise PermissionDenied("/etc/secret")


class Forgetful(Crashing):
    name = "forgetful"

    def collect(self, host: Host) -> FactMap:
        return {}


def test_collector_failures_become_values(recorded: Recorded) -> None:
    host = recorded("ubuntu2404-plain")
    assert scan.run_collector(Crashing(), host) == {
        "test.crash": Missing(Reason.collector_error, "crashed")
    }
    assert scan.run_collector(Denied(), host) == {"test.crash": Missing(Reason.permission_denied)}
    assert scan.run_collector(Forgetful(), host) == {
        "test.crash": Missing(Reason.collector_error, "not returned")
    }


def test_a_crashing_collector_gives_error_not_fail(
    recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    class CrashingDisk(LinuxDiskCollector):
        def collect(self, host: Host) -> FactMap:
            raise ValueError("bug")

    monkeypatch.setattr(scan, "COLLECTORS", [CrashingDisk, LinuxFirewallCollector])
    report = scan.run_scan(
        recorded("ubuntu2404-plain"),
        scan.load_selected_rules(only=["system.disk_encryption", "system.firewall"]),
    )
    statuses = {f.rule: f.status for f in report.findings}
    assert statuses == {"system.disk_encryption": Status.error, "system.firewall": Status.fail}
    assert report.summary[Status.error] == 1


def test_findings_are_ordered_most_harmful_first(recorded: Recorded) -> None:
    report = scan.run_scan(recorded("ubuntu2404-plain"), scan.load_selected_rules())
    assert [(f.rule, f.status) for f in report.findings[:4]] == [
        ("system.remote_access_tools", Status.fail),  # someone may be watching: x11vnc
        ("system.ssh_server", Status.fail),  # a way in from afar
        ("system.disk_encryption", Status.fail),  # then the most urgent: critical
        ("system.screen_lock", Status.fail),  # high, 2 minutes (quicker than the others)
    ]
    fails = report.with_status(Status.fail)
    assert fails == sorted(fails, key=harm_key)
    statuses = [f.status for f in report.findings]
    assert statuses == sorted(statuses, key=scan._STATUS_ORDER.index)
    not_applicable = report.with_status(Status.not_applicable)
    assert not_applicable == sorted(not_applicable, key=harm_key)
    assert report.fix_first[0].fix and report.fix_first[0].check_by_hand
    assert report.rules_checked == len(scan.load_selected_rules())


class _Overlap:
    """How many collectors of one kind ran at the same moment, at most."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def run(self) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1


def _tracked(name: str, databases: bool, overlap: _Overlap) -> type[Collector]:
    """A collector that only records its overlap with others of its kind."""

    class Tracked(Collector):
        platforms: ClassVar[frozenset[Platform]] = frozenset(Platform)
        facts = (FactSpec(f"test.{name}", FactKind.boolean, "A test fact."),)
        queries_databases = databases

        def collect(self, host: Host) -> FactMap:
            overlap.run()
            return {f"test.{name}": True}

    Tracked.name = name
    return Tracked


def test_database_collectors_run_one_after_the_other_and_others_alongside() -> None:
    host = RecordedHost(host_folder("linux-firefox"))
    sql, other = _Overlap(), _Overlap()
    databases = [_tracked(f"db{i}", True, sql) for i in range(3)]
    others = [_tracked(f"other{i}", False, other) for i in range(3)]
    reported: list[str] = []
    facts = scan.collect_facts(host, [*databases, *others], reported.append)
    assert sql.most == 1
    assert other.most >= 2
    assert sorted(reported) == sorted(c.name for c in [*databases, *others])
    assert all(facts[f"test.{c.name}"] is True for c in [*databases, *others])


def test_a_question_is_asked_only_where_a_rule_reads_it() -> None:
    """The FileVault question is read by the Mac variant of seizure.disk_key_custody only."""
    rules = load_selected_rules(only=["seizure.disk_key_custody"])
    everywhere = load_questions(rules)
    assert {"laptop_could_be_taken", "filevault_recovery_key"} <= everywhere.keys()
    assert "filevault_recovery_key" in load_questions(rules, platform=Platform.macos)
    for platform in (Platform.linux, Platform.windows):
        here = load_questions(rules, platform=platform)
        assert "filevault_recovery_key" not in here and "laptop_could_be_taken" in here
