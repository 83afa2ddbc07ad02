"""Collectors run in forked worker processes, so that the browsers are read on other cores.

SQLite in two threads of one process was slower than one thread (benchmarks/README.md); two
processes are not. The worker is forked before any thread of the scan starts, and only when no
other thread runs (a fork copies a lock another thread may hold): it is this process, with the
same Host, the same read-only and offline code, and it only writes its facts (pickled) into a
pipe to its parent, removes its own private folders (made inside one of its parent's, which
the parent removes however the worker ends), then ends without running any exit handler of
the parent's. Off Linux, when another thread runs, or when the worker fails, the
collectors run here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

from shadowaudit.facts.base import Collector, FactMap, FactValue, Missing, Reason
from shadowaudit.host import scratch
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

RunOne = Callable[[Collector, Host], FactMap]


def can_fork() -> bool:
    """True where a worker may be forked now: on Linux, when no other thread runs. macOS has
    fork, but a child of a process whose system frameworks started may crash (Python itself
    spawns instead there); the gain was measured on Linux only."""
    return sys.platform == "linux" and threading.active_count() == 1


class Worker:
    """Collectors running one after the other in a forked child process."""

    def __init__(
        self,
        host: Host,
        collectors: list[type[Collector]],
        run_one: RunOne,
        share: tuple[int, int] = (0, 1),
    ) -> None:
        """Fork the child, which runs the collectors (each reading the `share` (part, parts)
        of its places) and writes their facts to a pipe."""
        self.collectors = collectors
        self.started = time.monotonic()
        # NOTE: the child's private copies go in a folder of this process's, removed here
        # however the child ends (even killed at its budget, or with this process).
        self.folder = scratch.private_folder()
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(read_end)
            scratch.forget_inherited(self.folder)
            _child(host, [collector(*share) for collector in collectors], run_one, write_end)
        scratch.adopt(self.pid)
        os.close(write_end)
        self._pipe = read_end

    def facts(self, budget: float) -> FactMap:
        """The child's facts; "could not check" (timeout) for all of them when it takes longer
        than `budget` seconds from its start, "crashed" when it ends without its facts."""
        chunks: list[bytes] = []
        try:
            while True:
                left = self.started + budget - time.monotonic()
                ready, _, _ = select.select([self._pipe], [], [], max(left, 0))
                if not ready:
                    self._stop()
                    return self._all_missing(Reason.timeout, "took too long")
                chunk = os.read(self._pipe, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._pipe)
        self._reap()
        try:
            facts = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's facts
        except Exception:
            log.error("the forked collectors ended without their facts")
            return self._all_missing(Reason.collector_error, "crashed")
        if not isinstance(facts, dict):
            return self._all_missing(Reason.collector_error, "crashed")
        return facts

    def _all_missing(self, reason: Reason, detail: str) -> FactMap:
        """Every fact of the child's collectors, Missing for the same reason."""
        facts: FactMap = {}
        for collector in self.collectors:
            facts.update(collector.all_missing(reason, detail))
        return facts

    def _stop(self) -> None:
        """End a child that overran its budget."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        """Wait for the ended child, so that it leaves no zombie, then remove its folder."""
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        scratch.ended(self.pid)
        scratch.remove(self.folder)


def _child(host: Host, collectors: list[Collector], run_one: RunOne, pipe: int) -> None:
    """In the child: run the collectors, write their facts, end at once (never returns)."""
    code = 1
    try:
        facts: FactMap = {}
        for collector in collectors:
            facts.update(run_one(collector, host))
        data = pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view) :]
        code = 0
    except BaseException:  # noqa: BLE001 - the parent says "crashed"; nothing may escape here
        code = 1
    finally:
        # NOTE: the child's own private folders go with it; then os._exit: the parent's exit
        # handlers, buffers and temporary folders are its own.
        with contextlib.suppress(BaseException):
            scratch.remove_all()
        os._exit(code)


class Workers:
    """Forked workers; a collector may be read in shares, one worker each (Collector.share)."""

    def __init__(self, workers: list[Worker]) -> None:
        """Workers already forked, the shares of a collector in the order of their places."""
        self.workers = workers
        self.collectors = list(dict.fromkeys(c for w in workers for c in w.collectors))

    def facts(self, seconds: float) -> FactMap:
        """The facts of every worker, the shares of a fact put back together (`whole`); each
        worker has `seconds` for each of its collectors, from its start."""
        shares: dict[str, list[FactValue]] = {}
        for worker in self.workers:
            for name, value in worker.facts(seconds * len(worker.collectors)).items():
                shares.setdefault(name, []).append(value)
        return {name: whole(values) for name, values in shares.items()}


def whole(shares: list[FactValue]) -> FactValue:
    """One fact from the shares that read it: their subjects one after the other; the first
    "could not check" of a share when there is one (a list with a share missing would look
    complete)."""
    if len(shares) == 1:
        return shares[0]
    for value in shares:
        if isinstance(value, Missing):
            return value
    lists = [value for value in shares if isinstance(value, list)]
    if len(lists) < len(shares):
        return Missing(Reason.collector_error, "shares of a fact that is not a list")
    return [subject for value in lists for subject in value]
