"""Collectors run side by side, each within a time budget; one that overruns is left behind."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator

from shadowaudit.facts.base import Collector, FactMap, Reason
from shadowaudit.host.base import Host

#: Most collectors running at once.
WORKERS = 4

RunOne = Callable[[Collector, Host], FactMap]


class Run:
    """Groups of collectors (the collectors of a group one after the other) shared by up to
    WORKERS threads. Threads are daemons: a collector left behind cannot hold the program.

    When a collector overruns its budget, its facts become Missing(timeout), the rest of its
    group goes back in the queue for a new thread, and whatever it returns later is dropped.
    """

    def __init__(
        self, host: Host, groups: list[list[type[Collector]]], budget: float, run_one: RunOne
    ) -> None:
        """Start the workers on the groups."""
        self.host, self.budget, self.run_one = host, budget, run_one
        self.facts: FactMap = {}
        self._todo: queue.SimpleQueue[list[type[Collector]]] = queue.SimpleQueue()
        self._events: queue.SimpleQueue[tuple[type[Collector], float, FactMap | None]] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._left_behind: set[type[Collector]] = set()
        self._returned: set[type[Collector]] = set()
        self._rest: dict[type[Collector], list[type[Collector]]] = {}
        self._total = sum(len(group) for group in groups)
        for group in groups:
            self._todo.put(group)
        for _ in range(min(WORKERS, len(groups))):
            self._start_worker()

    def _start_worker(self) -> None:
        """One more thread taking groups from the queue."""
        threading.Thread(target=self._work, name="shadowaudit-collector", daemon=True).start()

    def _work(self) -> None:
        """Run groups until none is left, or until the collector running here is left behind."""
        while True:
            try:
                group = self._todo.get_nowait()
            except queue.Empty:
                return
            for index, collector in enumerate(group):
                with self._lock:
                    self._rest[collector] = group[index + 1 :]
                self._events.put((collector, time.monotonic(), None))
                facts = self.run_one(collector(), self.host)
                with self._lock:
                    if collector in self._left_behind:
                        return  # the rest of the group went to another thread
                    self._returned.add(collector)
                self._events.put((collector, 0.0, facts))

    def finished(self) -> Iterator[type[Collector]]:
        """Each collector as it finishes (or is left behind), its facts merged into `facts`."""
        started: dict[type[Collector], float] = {}
        done: set[type[Collector]] = set()
        while len(done) < self._total:
            running = [at for c, at in started.items() if c not in done]
            wait = min(running) + self.budget - time.monotonic() if running else self.budget
            try:
                collector, at, facts = self._events.get(timeout=max(wait, 0.01))
            except queue.Empty:
                pass
            else:
                if facts is None:
                    started[collector] = at
                elif collector not in done:
                    self.facts.update(facts)
                    done.add(collector)
                    yield collector
            for collector in self._overrun(started, done):
                done.add(collector)
                yield collector

    def _overrun(
        self, started: dict[type[Collector], float], done: set[type[Collector]]
    ) -> list[type[Collector]]:
        """Leave behind the collectors running past their budget; their facts say why."""
        now = time.monotonic()
        late = []
        for collector, at in started.items():
            if collector in done or now - at <= self.budget:
                continue
            with self._lock:
                if collector in self._returned:
                    continue  # its facts are on the way
                self._left_behind.add(collector)
                rest = self._rest.get(collector, [])
            self.facts.update(collector.all_missing(Reason.timeout, "took too long"))
            late.append(collector)
            if rest:
                self._todo.put(rest)
            self._start_worker()
        return late
