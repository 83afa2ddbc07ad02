"""The environment of the programs a scan starts: what they need to answer, nowhere to write.

A child gets only the variables below from the person's session, a C locale (output in the
format our parsers know), and a private temporary folder for anything it would keep: caches
(`XDG_CACHE_HOME`), temporary files (`TMPDIR`, `TMP`, `TEMP`) and, when the session has
none, `XDG_RUNTIME_DIR`. Without that, `gsettings` (through dconf) writes `~/.cache/dconf/user`
when `XDG_RUNTIME_DIR` is unset, and PowerShell keeps a cache under `LOCALAPPDATA`.
"""

from __future__ import annotations

import os
import sys

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
