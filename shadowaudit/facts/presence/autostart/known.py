"""Whose is a program that starts by itself: the system's own (`os`), a known app, or unknown."""

from __future__ import annotations

import fnmatch
import shlex
from functools import cache
from pathlib import PurePath
from typing import Annotated

from msgspec import Meta, field

from shadowaudit.facts.base import FactValue
from shadowaudit.facts.datalists import DataModel, DatedList, _load
from shadowaudit.host.base import Host, Platform

OS, APP, UNKNOWN = "os", "app", "unknown"

#: Folders only the administrator (or the system's packages) can write to: what runs from
#: there is the system's own. /usr/local and /opt are left out: any installer writes there.
_LINUX_SYSTEM = ("/usr/bin/", "/usr/sbin/", "/usr/lib/", "/usr/lib64/", "/usr/libexec/",
                 "/usr/share/", "/bin/", "/sbin/", "/lib/", "/lib64/")  # fmt: skip
_MAC_SYSTEM = ("/system/", "/usr/bin/", "/usr/sbin/", "/usr/libexec/", "/bin/", "/sbin/")
_WINDOWS_SYSTEM = ("c:/windows/",)
#: Programs that run another file given to them: the file is what really starts.
_LAUNCHERS = frozenset(
    [
        "rundll32.exe",
        "regsvr32.exe",
        "mshta.exe",
        "wscript.exe",
        "cscript.exe",
        "cmd.exe",
        "powershell.exe",
        "pwsh.exe",
        "sh",
        "bash",
        "dash",
        "zsh",
        "python",
        "python3",
        "perl",
        "ruby",
        "node",
        "osascript",
    ]
)
_SCRIPT_ENDINGS = (".dll", ".js", ".jse", ".vbs", ".vbe", ".wsf", ".hta", ".ps1", ".bat",
                   ".cmd", ".sh", ".py", ".pl", ".rb", ".scpt", ".cpl", ".ocx")  # fmt: skip


class KnownApp(DataModel, frozen=True, kw_only=True):
    """A well-known app that starts by itself: its program names or paths, launchd labels."""

    name: str
    programs: Annotated[list[str], Meta(min_length=1)]
    labels: list[str] = field(default_factory=list)


class KnownApps(DatedList, frozen=True, kw_only=True):
    """rules/data/autostart_known.yaml."""

    apps: list[KnownApp]


@cache
def known_apps() -> KnownApps:
    """The shipped list of well-known apps that start by themselves."""
    # NOTE: read by the shipped lists' own loader (the one door for rules/data files).
    return _load("autostart_known", KnownApps)


def _words(command: str, windows: bool) -> list[str]:
    """A command line cut into words as its shell would (quotes kept together)."""
    try:
        return shlex.split(command, posix=not windows)
    except ValueError:
        return command.split()


def _unquote(word: str) -> str:
    """A word without the quotes around it, nor a `,Entry` after a DLL name."""
    word = word.strip().strip('"').strip("'")
    return word.split(",", 1)[0] if word.lower().split(",", 1)[0].endswith(".dll") else word


def _windows_program(command: str) -> tuple[str, list[str]]:
    """The program of a Windows command line and the words after it: a quoted path, or an
    unquoted one up to its `.exe` (paths with spaces are often left unquoted)."""
    text = command.strip()
    if text.startswith('"'):
        program, _, rest = text[1:].partition('"')
        return program, _words(rest, True)
    lowered = text.lower()
    end = lowered.find(".exe")
    if end != -1 and (end + 4 == len(text) or text[end + 4] in " \t,"):
        return text[: end + 4], _words(text[end + 4 :], True)
    words = _words(text, True)
    return (words[0], words[1:]) if words else ("", [])


def program_of(command: str, platform: Platform) -> tuple[str, bool]:
    """The program a startup command runs, without its arguments (they may hold secrets).

    A launcher (rundll32, a shell, an interpreter) given a script or library runs that file:
    the file is the program. Returns the program and whether it is a launcher whose real
    program could not be found (a command given inline, say): such an item is never "known".
    """
    if platform is Platform.windows:
        program, rest = _windows_program(command)
    else:
        words = _words(command, False)
        while words and "=" in words[0] and not words[0].startswith("/"):
            words = words[1:]  # VAR=value before the program
        if words and PurePath(words[0]).name == "env":
            words = [w for w in words[1:] if "=" not in w or w.startswith("/")]
        program, rest = (words[0], words[1:]) if words else ("", [])
    if _name(program) not in _LAUNCHERS:
        return program, False
    for word in rest:
        candidate = _unquote(word)
        if candidate.lower().endswith(_SCRIPT_ENDINGS):
            return candidate, False
    return program, bool(rest)


def _name(program: str) -> str:
    """The file name of a program path written with / or \\ (lower case)."""
    return program.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower()


def shown_program(host: Host, program: str) -> str:
    """A program path as a person reads it: the home folder written as `~`, Windows'
    variables for the system folder resolved."""
    text = program.strip()
    if host.platform is Platform.windows:
        for variable in ("%systemroot%", "%windir%", "\\systemroot"):
            if text.lower().startswith(variable):
                text = "C:\\Windows" + text[len(variable) :]
        if text.lower().startswith("\\??\\"):
            text = text[4:]
        if text.lower().startswith(("system32\\", "syswow64\\")):
            text = "C:\\Windows\\" + text
    home = str(host.home)
    if home and text.lower().startswith(home.lower()) and len(home) > 3:
        rest = text[len(home) :]
        if not rest or rest[0] in "/\\":
            text = "~" + rest
    return text


def _system_program(program: str, platform: Platform) -> bool:
    """True when the program sits where only the system (or the administrator) writes."""
    path = program.replace("\\", "/").lower()
    if ".." in path.split("/"):
        return False
    if platform is Platform.windows:
        return path.startswith(_WINDOWS_SYSTEM)
    if platform is Platform.macos:
        return path.startswith(_MAC_SYSTEM)
    return path.startswith(_LINUX_SYSTEM)


def known_app(program: str, label: str = "") -> str | None:
    """The name of the well-known app this program (or launchd label) belongs to, or None."""
    path = program.replace("\\", "/").lower()
    name = _name(program)
    for app in known_apps().apps:
        for pattern in app.programs:
            wanted = pattern.lower()
            if fnmatch.fnmatchcase(path if "/" in wanted else name, wanted):
                return app.name
        if label and any(fnmatch.fnmatchcase(label, p) for p in app.labels):
            return app.name
    return None


def whose(program: str, platform: Platform, label: str = "", hidden: bool = False) -> str:
    """`os`, `app` or `unknown` for a program (a path as `shown_program` gives it).

    On macOS a job is the system's own only when its label is Apple's and its program lies in
    the system's folders: an `com.apple.` label alone is a costume anyone may wear. `hidden`
    (a launcher given an inline command) is always unknown."""
    if hidden:
        return UNKNOWN
    if not program:
        return APP if label and known_app("", label) else UNKNOWN
    if platform is Platform.macos and label and not label.startswith("com.apple."):
        system = False
    else:
        system = _system_program(program, platform)
    if system:
        return OS
    return APP if known_app(program, label) else UNKNOWN


def item(
    host: Host,
    name: str,
    source: str,
    scope: str,
    command: str,
    enabled: FactValue = True,
    label: str = "",
) -> dict[str, FactValue]:
    """One thing that starts by itself, as the fact `presence.autostart` lists it."""
    program, hidden = program_of(command, host.platform)
    shown = shown_program(host, program)
    return {
        "name": name,
        "source": source,
        "scope": scope,
        "program": shown,
        "enabled": enabled,
        "known": whose(shown, host.platform, label, hidden),
    }
