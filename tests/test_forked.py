"""Collectors in a forked worker process give the facts they give here, within their budget."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from shadowaudit import scan
from shadowaudit.collecting import Run
from shadowaudit.facts.base import Collector, FactMap, Missing, Reason
from shadowaudit.facts.browser.chromium.collector import ChromiumCollector
from shadowaudit.facts.browser.firefox.collector import FirefoxCollector
from shadowaudit.facts.collectors import COLLECTORS
from shadowaudit.forked import RunOne, Worker, can_fork, whole
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


def _copying_then_sleeping(host: Host) -> FactMap:
    from shadowaudit.host import scratch

    folder = scratch.private_folder()
    scratch.write_private(folder, "snapshot.sqlite", b"a private copy")
    os.write(int(os.environ["SHADOWAUDIT_TEST_PIPE"]), folder.encode())
    time.sleep(30)
    return {}


class _CopyingSlowly(Collector):
    name = "copying slowly"
    facts = FirefoxCollector.facts
    collect = staticmethod(_copying_then_sleeping)


def _worker_with_a_copy(monkeypatch: pytest.MonkeyPatch) -> tuple[Worker, str]:
    """A worker that made a private copy and sleeps; the copy's folder."""
    read_end, write_end = os.pipe()
    monkeypatch.setenv("SHADOWAUDIT_TEST_PIPE", str(write_end))
    worker = Worker(
        RecordedHost(host_folder("linux-firefox")), [_CopyingSlowly], scan.run_collector
    )
    os.close(write_end)
    folder = os.read(read_end, 4096).decode()
    os.close(read_end)
    assert os.path.isfile(os.path.join(folder, "snapshot.sqlite"))
    assert folder.startswith(worker.folder + os.sep)
    return worker, folder


def test_a_worker_stopped_at_its_budget_leaves_no_private_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker, folder = _worker_with_a_copy(monkeypatch)
    assert worker.facts(0.5) == {
        "browser.firefox.profiles": Missing(Reason.timeout, "took too long")
    }
    assert not os.path.exists(folder) and not os.path.exists(worker.folder)


def test_the_parent_ending_ends_its_workers_and_removes_their_copies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a signal or the exit does in the parent (scratch.remove_all), while a worker runs."""
    from shadowaudit.host import scratch

    worker, folder = _worker_with_a_copy(monkeypatch)
    started = time.monotonic()
    scratch.remove_all()
    assert time.monotonic() - started < 10
    assert not os.path.exists(folder) and not os.path.exists(worker.folder)
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)


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


def test_a_scan_of_this_computer_reads_each_browser_in_a_worker_with_the_same_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a local host forks, and only with no other thread; the facts are the same."""
    assert LocalHost.forks and not RecordedHost.forks
    for machine in ("linux-firefox", "linux-chromium"):
        shutil.copytree(host_folder(machine) / "files/home/ana", tmp_path, dirs_exist_ok=True)
    host = LocalHost(tmp_path)
    collectors = [FirefoxCollector, ChromiumCollector]
    forks = _spy_on_forks(monkeypatch)
    forked = scan.collect_facts(host, collectors)
    here: FactMap = {}
    for collector in collectors:
        here.update(scan.run_collector(collector(), host))
    assert forks == [([FirefoxCollector], (0, 1)), ([ChromiumCollector], (0, 1))]
    assert forked == here
    assert here["browser.chromium.profiles"] and here["browser.firefox.profiles"]


def test_one_browser_is_read_in_a_worker_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Firefox alone, its worker still leaves this process to the system collectors."""
    shutil.copytree(host_folder("linux-firefox") / "files/home/ana", tmp_path, dirs_exist_ok=True)
    host = LocalHost(tmp_path)
    forks = _spy_on_forks(monkeypatch)
    forked = scan.collect_facts(host, [FirefoxCollector])
    assert forks == [([FirefoxCollector], (0, 1))]
    assert forked == scan.run_collector(FirefoxCollector(), host)


def test_each_worker_has_the_budget_of_its_own_collectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers of one collector each: each waits its collector's budget, not twice it."""
    shutil.copytree(host_folder("linux-firefox") / "files/home/ana", tmp_path, dirs_exist_ok=True)
    budgets: list[float] = []

    def noting(self: Worker, budget: float) -> FactMap:
        budgets.append(budget)
        return {}

    monkeypatch.setattr(Worker, "facts", noting)
    monkeypatch.setattr(scan, "can_fork", lambda: True)
    workers = scan.fork_worker(LocalHost(tmp_path), [FirefoxCollector, ChromiumCollector])
    assert workers is not None
    try:
        workers.facts(5)
    finally:
        for worker in workers.workers:
            worker._stop()
    assert budgets == [5, 5]


def _spy_on_forks(
    monkeypatch: pytest.MonkeyPatch,
) -> list[tuple[list[type[Collector]], tuple[int, int]]]:
    """Let the scan fork here, and note each worker it forks: (collectors, share)."""
    forks: list[tuple[list[type[Collector]], tuple[int, int]]] = []

    class Spy(Worker):
        def __init__(
            self,
            host: Host,
            chosen: list[type[Collector]],
            run_one: RunOne,
            share: tuple[int, int] = (0, 1),
        ) -> None:
            forks.append((chosen, share))
            super().__init__(host, chosen, run_one, share)

    monkeypatch.setattr(scan, "Worker", Spy)
    monkeypatch.setattr(scan, "can_fork", lambda: True)
    return forks


def test_several_browsers_are_read_in_shares_with_the_same_facts_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium, Brave and Chrome user data folders (the same real profile, copied): one
    worker per share of them, and the profiles in the order one process finds them."""
    shutil.copytree(host_folder("linux-firefox") / "files/home/ana", tmp_path, dirs_exist_ok=True)
    chromium = host_folder("linux-chromium") / "files/home/ana/.config/chromium"
    for folder in ("chromium", "BraveSoftware/Brave-Browser", "google-chrome"):
        shutil.copytree(chromium, tmp_path / ".config" / folder)
    monkeypatch.setattr(scan, "_cores", lambda: 2)
    forks = _spy_on_forks(monkeypatch)
    host = LocalHost(tmp_path)
    collectors = [FirefoxCollector, ChromiumCollector]
    forked = scan.collect_facts(host, collectors)
    here: FactMap = {}
    for collector in collectors:
        here.update(scan.run_collector(collector(), host))
    assert forks == [
        ([FirefoxCollector], (0, 1)),
        ([ChromiumCollector], (0, 2)),
        ([ChromiumCollector], (1, 2)),
    ]
    assert forked == here
    profiles = here["browser.chromium.profiles"]
    assert isinstance(profiles, list)
    kinds = [p["kind"] for p in profiles if isinstance(p, dict)]
    assert list(dict.fromkeys(kinds)) == ["chrome", "chromium", "brave"]
    assert len(kinds) == 3 * kinds.count("brave") > 3


@pytest.mark.parametrize(
    ("places", "parts", "shares"),
    [
        (3, 2, [[0, 1], [2]]),
        (4, 2, [[0, 1], [2, 3]]),
        (1, 2, [[0], []]),
        (5, 1, [[0, 1, 2, 3, 4]]),
        (5, 3, [[0, 1], [2, 3], [4]]),
    ],
)
def test_shares_are_runs_of_places_that_cover_each_once(
    places: int, parts: int, shares: list[list[int]]
) -> None:
    found = [ChromiumCollector(part, parts).share(list(range(places))) for part in range(parts)]
    assert found == shares


def test_a_share_that_could_not_check_makes_the_whole_fact_could_not_check() -> None:
    missing = Missing(Reason.timeout, "took too long")
    assert whole([[1], [2, 3]]) == [1, 2, 3]
    assert whole([[1], missing]) == missing
    assert whole([[1]]) == [1]
    assert isinstance(whole([[1], "x"]), Missing)


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
    assert worker is not None and worker.collectors == [FirefoxCollector, ChromiumCollector]
    forked = scan.run_scan(host, rules, worker=worker)
    monkeypatch.setattr(scan, "can_fork", lambda: False)
    here = scan.run_scan(host, rules)
    assert forked.findings == here.findings
    assert any(f.rule.startswith("browser.chromium") for f in here.findings)


def test_without_a_fork_the_browsers_thread_starts_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browsers have the most to do: their thread takes the first place in the queue."""
    started: list[list[type[Collector]]] = []

    class Spy(Run):
        def __init__(
            self, host: Host, groups: list[list[type[Collector]]], budget: float, run_one: RunOne
        ) -> None:
            started.extend(groups)
            super().__init__(host, groups, budget, run_one)

    monkeypatch.setattr(scan, "Run", Spy)
    host = RecordedHost(host_folder("linux-firefox"))
    here = [c for c in COLLECTORS if host.platform in c.platforms]
    others = [c for c in here if not c.queries_databases and not c.needs][:3]
    scan.collect_facts(host, [*others, FirefoxCollector, ChromiumCollector])
    assert started[0] == [FirefoxCollector, ChromiumCollector]
    assert started[1:] == [[c] for c in others]
