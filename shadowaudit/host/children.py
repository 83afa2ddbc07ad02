"""The programs a scan starts: what they need to answer, nowhere to write, and a bounded
amount of what they print.

A child gets only the variables below from the person's session, a C locale (output in the
format our parsers know), and a private temporary folder for anything it would keep: caches
(`XDG_CACHE_HOME`), temporary files (`TMPDIR`, `TMP`, `TEMP`) and, when the session has
none, `XDG_RUNTIME_DIR`. Without that, `gsettings` (through dconf) writes `~/.cache/dconf/user`
when `XDG_RUNTIME_DIR` is unset, and PowerShell keeps a cache under `LOCALAPPDATA`.

Of what a program prints, at most OUTPUT_LIMIT bytes per stream are kept; the rest is read and
dropped as it comes, so a program that prints without end cannot fill the memory.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from typing import IO, cast

#: Most output we keep from one command, per stream.
OUTPUT_LIMIT = 4 * 1024 * 1024
_CHUNK = 64 * 1024

#: Variables a child may see: where programs and settings are, which session and desktop.
KEPT = frozenset(
    {
        "PATH",
        "HOME",
        "USER",
        "LOGNAME",
        "XDG_CONFIG_HOME",
        "XDG_CONFIG_DIRS",
        "XDG_DATA_HOME",
        "XDG_DATA_DIRS",
        "XDG_RUNTIME_DIR",
        "XDG_CURRENT_DESKTOP",
        "XDG_SESSION_TYPE",
        "XDG_SESSION_DESKTOP",
        "DESKTOP_SESSION",
        "DBUS_SESSION_BUS_ADDRESS",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "DCONF_PROFILE",
        # Windows: the system folders its programs cannot start without.
        "SYSTEMROOT",
        "SYSTEMDRIVE",
        "WINDIR",
        "COMSPEC",
        "PATHEXT",
        "PROGRAMDATA",
        "PROGRAMFILES",
        "PROGRAMFILES(X86)",
        "PROGRAMW6432",
        "COMMONPROGRAMFILES",
        "USERPROFILE",
        "USERNAME",
        "USERDOMAIN",
        "APPDATA",
        "PSMODULEPATH",
        "PROCESSOR_ARCHITECTURE",
        "NUMBER_OF_PROCESSORS",
        "OS",
    }
)


def child_environment(scratch: str) -> dict[str, str]:
    """The environment for one child program, whose writable places are all in `scratch` (a
    private folder removed when the program has ended)."""
    env = {name: value for name, value in os.environ.items() if name.upper() in KEPT}
    env.update(
        LC_ALL="C",
        LANG="C",
        XDG_CACHE_HOME=os.path.join(scratch, "cache"),
        TMPDIR=scratch,
        TMP=scratch,
        TEMP=scratch,
    )
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not runtime or not os.path.isdir(runtime):
        env["XDG_RUNTIME_DIR"] = scratch
    if sys.platform == "win32":
        env["LOCALAPPDATA"] = scratch
    return env


def _drain(stream: IO[bytes] | None, kept: bytearray) -> None:
    """Read a pipe to its end, keeping at most OUTPUT_LIMIT bytes and dropping the rest, then
    close it (here, so that stopping a program never waits on a read in progress)."""
    if stream is None:
        return
    reader = cast(io.BufferedReader, stream)
    try:
        while chunk := reader.read1(_CHUNK):
            room = OUTPUT_LIMIT - len(kept)
            if room > 0:
                kept += chunk[:room]
    except (OSError, ValueError):
        return
    finally:
        reader.close()


def bounded_output(process: subprocess.Popen[bytes], timeout: float) -> tuple[bytes, bytes]:
    """What a program printed on stdout and stderr (at most OUTPUT_LIMIT bytes of each), once
    it has ended and closed both; `subprocess.TimeoutExpired` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    kept = (bytearray(), bytearray())
    readers = [
        threading.Thread(target=_drain, args=(stream, into), daemon=True)
        for stream, into in zip((process.stdout, process.stderr), kept, strict=True)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(max(deadline - time.monotonic(), 0.0))
        if reader.is_alive():
            raise subprocess.TimeoutExpired(process.args, timeout)
    process.wait(max(deadline - time.monotonic(), 0.0))
    return bytes(kept[0]), bytes(kept[1])
