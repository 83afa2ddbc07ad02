"""Collectors in a forked worker process give the facts they give here, within their budget."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from shadowaudit import scan
from shadowaudit.facts.base import Collector, FactMap, Missing, Reason
from shadowaudit.facts.browser.chromium.collector import ChromiumCollector
from shadowaudit.facts.browser.firefox.collector import FirefoxCollector
from shadowaudit.forked import RunOne, Worker, can_fork
from shadowaudit.host import LocalHost, RecordedHost
from shadowaudit.host.base import Host
from tests.conftest import host_folder

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def test_a_forked_worker_returns_the_same_facts() -> None:
    host = RecordedHost(host_folder("linux-chromium"))
    here = scan.run_collector(ChromiumCollector(), host)
    worker = Worker(host, [ChromiumCollector], scan.run_collector)
    assert worker.facts(60) == here
    assert here["browser.chromium.profiles"]


def _sleeping(host: Host) -> FactMap:
    time.sleep(30)
    return {}


def _crashing(host: Host) -> FactMap:
    os._exit(3)


class _Slow(Collector):
    name = "slow"
    facts = FirefoxCollector.facts
    collect = staticmethod(_sleeping)


class _Dying(Collector):
    name = "dying"
    facts = FirefoxCollector.facts
    collect = staticmethod(_crashing)


def _making_a_private_folder(host: Host) -> FactMap:
    from shadowaudit.host import scratch

    return {"browser.firefox.profiles": scratch.private_folder()}


class _Copying(Collector):
    name = "copying"
    facts = FirefoxCollector.facts
    collect = staticmethod(_making_a_private_folder)


def test_the_worker_removes_its_own_private_folders_and_never_the_parents() -> None:
    from shadowaudit.host import scratch

    parents = scratch.private_folder()
    try:
        worker = Worker(RecordedHost(host_folder("linux-firefox")), [_Copying], scan.run_collector)
        childs = worker.facts(30)["browser.firefox.profiles"]
        assert isinstance(childs, str) and childs != parents
        assert not os.path.exists(childs) and os.path.isdir(parents)
    finally:
        scratch.remove(parents)


def test_a_worker_past_its_budget_is_stopped_and_its_facts_are_could_not_check() -> None:
    host = RecordedHost(host_folder("linux-firefox"))
    started = time.monotonic()
    worker = Worker(host, [_Slow], scan.run_collector)
    facts = worker.facts(0.5)
    assert time.monotonic() - started < 10
    assert facts == {"browser.firefox.profiles": Missing(Reason.timeout, "took too long")}
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)


def test_a_worker_that_dies_gives_collector_errors() -> None:
    worker = Worker(RecordedHost(host_folder("linux-firefox")), [_Dying], scan.run_collector)
    assert worker.facts(30) == {
        "browser.firefox.profiles": Missing(Reason.collector_error, "crashed")
    }


def test_a_scan_of_this_computer_reads_chromium_in_a_worker_with_the_same_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a local host forks, and only with no other thread; the facts are the same."""
    assert LocalHost.forks and not RecordedHost.forks
    for machine in ("linux-firefox", "linux-chromium"):
        shutil.copytree(host_folder(machine) / "files/home/ana", tmp_path, dirs_exist_ok=True)
    host = LocalHost(tmp_path)
    collectors = [FirefoxCollector, ChromiumCollector]
    forks: list[list[type[Collector]]] = []

    class Spy(Worker):
        def __init__(self, host: Host, chosen: list[type[Collector]], run_one: RunOne) -> None:
            forks.append(chosen)
            super().__init__(host, chosen, run_one)

    monkeypatch.setattr(scan, "Worker", Spy)
    monkeypatch.setattr(scan, "can_fork", lambda: True)
    forked = scan.collect_facts(host, collectors)
    here: FactMap = {}
    for collector in collectors:
        here.update(scan.run_collector(collector(), host))
    assert forks == [[ChromiumCollector]]
    assert forked == here
    assert here["browser.chromium.profiles"] and here["browser.firefox.profiles"]


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait, args=(30,))
    other.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        other.join()


def test_a_worker_forked_before_the_scan_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan command forks before its progress spinner starts a thread, and hands the
    worker to the scan: the findings are those of a scan without it."""
    for machine in ("linux-firefox", "linux-chromium"):
        shutil.copytree(host_folder(machine) / "files/home/ana", tmp_path, dirs_exist_ok=True)
    host = LocalHost(tmp_path)
    rules = scan.load_selected_rules(only=["browser"])
    monkeypatch.setattr(scan, "can_fork", lambda: True)
    worker = scan.fork_worker(host, scan.needed_collectors(rules, host))
    assert worker is not None and worker.collectors == [ChromiumCollector]
    forked = scan.run_scan(host, rules, worker=worker)
    monkeypatch.setattr(scan, "can_fork", lambda: False)
    here = scan.run_scan(host, rules)
    assert forked.findings == here.findings
    assert any(f.rule.startswith("browser.chromium") for f in here.findings)
