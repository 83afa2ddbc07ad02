"""What starts by itself on macOS: launchd agents and daemons, system extensions.

Login Items (the Background Task Management database) and the privacy database need Full
Disk Access: they are "could not check", with the place in System Settings to look instead.
"""

from __future__ import annotations

from pathlib import PurePath

from shadowaudit.errors import Damaged, PermissionDenied
from shadowaudit.facts.decode import load_plist, plist_bool
from shadowaudit.facts.presence.autostart.found import Found, Item
from shadowaudit.facts.presence.autostart.known import item
from shadowaudit.host.base import Host

#: Largest launchd property list read (they are a few kilobytes).
LIMIT = 256 * 1024


def launchd_job(data: dict[str, object]) -> tuple[str, str, bool | None, bool]:
    """Label, program, RunAtLoad and Disabled of a launchd job (Apple's launchd.plist(5))."""
    label = data.get("Label")
    program = data.get("Program")
    arguments = data.get("ProgramArguments")
    words = [str(w) for w in arguments] if isinstance(arguments, list) else []
    command = ""
    if isinstance(program, str):
        command = _quoted(program)
    elif words:
        command = " ".join(_quoted(w) for w in words)
    disabled = plist_bool(data.get("Disabled")) is True
    return (str(label) if isinstance(label, str) else "", command,
            plist_bool(data.get("RunAtLoad")), disabled)  # fmt: skip


def _quoted(word: str) -> str:
    """A word quoted for the command-line splitter (a path may hold spaces)."""
    return "'" + word.replace("'", "'\"'\"'") + "'"


def read_launchd(host: Host, found: Found) -> None:
    """The person's and the system's LaunchAgents, and the system's LaunchDaemons."""
    places = (
        (host.home / "Library" / "LaunchAgents", "launch_agent", "user"),
        (host.path("/Library/LaunchAgents"), "launch_agent", "system"),
        (host.path("/Library/LaunchDaemons"), "launch_daemon", "system"),
    )
    for folder, source, scope in places:
        paths = found.paths(host, source, folder, lambda name: name.endswith(".plist"))

        def one(path: PurePath, source: str = source, scope: str = scope) -> list[Item]:
            """The item of one launchd property list."""
            data = load_plist(host.read_bytes(path, LIMIT))
            if not isinstance(data, dict):
                raise Damaged(f"{path.name}: {data.detail}")
            label, command, _at_load, disabled = launchd_job(data)
            name = label or path.stem
            return [item(host, name, source, scope, command, not disabled, label=name)]

        found.each(source, paths, one)


def extensions(text: str) -> list[tuple[str, bool]]:
    """Bundle ids of system extensions and whether each is active, from `systemextensionsctl
    list` (lines of enabled, active, teamID, bundleID (version), name, [state])."""
    found: list[tuple[str, bool]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 6 or fields[0].strip() not in ("*", ""):
            continue
        bundle = fields[3].split(" (", 1)[0].strip()
        if bundle and "." in bundle:
            found.append((bundle, fields[1].strip() == "*"))
    return found


def read_extensions(host: Host, found: Found) -> None:
    """System extensions (network filters, endpoint security) from `systemextensionsctl`."""
    result = found.guarded(
        "system_extension", lambda: host.run(["systemextensionsctl", "list"]), None
    )
    if result is None:
        return
    for bundle, active in extensions(result.stdout):
        found.items.append(
            item(host, bundle, "system_extension", "system", "", active, label=bundle)
        )


def read_login_items(host: Host, found: Found) -> None:
    """Login Items live in a database only Full Disk Access opens: never read, always noted."""
    found.failed("login_item", PermissionDenied("Login Items need Full Disk Access"))


#: The readers of macOS startup items.
READERS = (read_launchd, read_extensions, read_login_items)
