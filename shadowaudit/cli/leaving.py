"""Ending the program at once when its work is done, without Python freeing each object."""

from __future__ import annotations

import atexit
import os
import sys
import threading


def others_running() -> bool:
    """True while a thread that Python would wait for at exit (not a daemon) still runs."""
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def leave(code: object) -> None:
    """End the process now with `code` (as `sys.exit(code)` would) once its exit handlers have
    run and its output is flushed. Python's own ending frees every module and object one by
    one (15-20 ms of a scan); the system takes back the whole process at once.

    Returns, so that Python ends as usual, when the ending is not a plain one: a status that
    is not a number, a thread Python would wait for, or output that cannot be flushed (a
    closed pipe: Python then says so and ends with its own status)."""
    if code is None:
        code = 0
    if not isinstance(code, int) or isinstance(code, bool) or others_running():
        return
    # NOTE: the exit handlers run here as they would at exit (the scan's private folders are
    # removed, logging is flushed), last registered first; once run, they are forgotten.
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code & 0xFF)
