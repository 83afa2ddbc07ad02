"""Private temporary folders, removed when the program ends, however it ends.

A folder is made by `private_folder` (mode 0700, in RAM under $XDG_RUNTIME_DIR when it exists)
and removed by `remove`. Folders still there at exit, or when SIGINT, SIGTERM or SIGHUP
arrives, are removed by `remove_all` first (see `remove_on_exit`), so a private copy of a
browser database never outlives the scan. A forked worker makes its folders inside one its
parent made for it (`forget_inherited`); the parent ends the worker (`adopt`) before it removes
that folder, so the worker's copies go with it however the worker ends.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from types import FrameType

_FOLDERS: set[str] = set()
#: Reentrant: a signal handler runs in the main thread, which may hold it already.
_LOCK = threading.RLock()
_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_installed: list[bool] = []
#: In a forked worker: the folder its parent made for the worker's own folders.
_WITHIN: list[str] = []
#: Forked workers still running, ended before the folders are removed.
_WORKERS: set[int] = set()
#: The handler each signal had before ours.
_PREVIOUS: dict[int, object] = {}


def held() -> threading.RLock:
    """The lock the cleanup waits for: hold it while files appear in a private folder."""
    return _LOCK


def private_folder() -> str:
    """A new folder only this user can enter (mkdtemp makes it 0700), in RAM when possible."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = runtime if runtime and os.path.isdir(runtime) else None
    if _WITHIN:
        base = _WITHIN[0]
    with _LOCK:
        folder = tempfile.mkdtemp(prefix="shadowaudit-", dir=base)
        _FOLDERS.add(folder)
    return folder


def write_private(folder: str, name: str, data: bytes) -> str:
    """Write a new file readable by its owner only into a private folder; its path."""
    path = os.path.join(folder, name)
    with _LOCK:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    return path


def remove(folder: str) -> None:
    """Remove a private folder and everything in it."""
    with _LOCK:
        shutil.rmtree(folder, ignore_errors=True)
        _FOLDERS.discard(folder)


def remove_all() -> None:
    """End the forked workers still running, then remove every private folder still there."""
    for pid in list(_WORKERS):
        _end(pid)
    # NOTE: a worker thread holds the lock while it writes a copy; wait for it, not forever.
    locked = _LOCK.acquire(timeout=5)
    try:
        for folder in list(_FOLDERS):
            shutil.rmtree(folder, ignore_errors=True)
            _FOLDERS.discard(folder)
    finally:
        if locked:
            _LOCK.release()


def forget_inherited(within: str) -> None:
    """In a forked child: the private folders and workers listed so far are the parent's, to
    remove only by the parent; the child makes its own folders inside `within` (a private
    folder of the parent's), and lists and removes them from now on."""
    _FOLDERS.clear()
    _WORKERS.clear()
    _WITHIN[:] = [within]


def adopt(pid: int) -> None:
    """A forked worker whose private folders are inside one of this process's: it is ended
    before they are removed, so that it writes no more copies there."""
    _WORKERS.add(pid)


def ended(pid: int) -> None:
    """A worker that ended and was waited for: nothing left to end."""
    _WORKERS.discard(pid)


def _end(pid: int) -> None:
    """End a worker at once and wait for it (its folders are removed by this process)."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    _WORKERS.discard(pid)


def _on_signal(number: int, frame: FrameType | None) -> None:
    """Remove the private folders, then do what the signal would have done."""
    remove_all()
    previous = _PREVIOUS.get(number)
    if callable(previous):
        previous(number, frame)
        return
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)


def remove_on_exit() -> None:
    """Remove the private folders at exit and on SIGINT, SIGTERM and SIGHUP (main thread only;
    elsewhere only at exit)."""
    if _installed:
        return
    _installed.append(True)
    atexit.register(remove_all)
    if threading.current_thread() is not threading.main_thread():
        return
    for number in _SIGNALS:
        previous = signal.getsignal(number)
        if previous == signal.SIG_IGN:
            continue  # ignored (as under nohup): it stops nothing, so nothing to clean
        _PREVIOUS[number] = previous
        signal.signal(number, _on_signal)
