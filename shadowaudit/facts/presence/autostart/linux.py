"""What starts by itself on Linux: XDG autostart, systemd user units, crontabs, preloads.

Everything here is readable without administrator rights, except the spool of crontabs: the
person's own crontab is read with `crontab -l`, as the person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePath

from shadowaudit.errors import CommandNotFound, Damaged, HostError, NotFound
from shadowaudit.facts.presence.autostart.found import Found, Item
from shadowaudit.facts.presence.autostart.known import item
from shadowaudit.facts.system.linux.ini import parse_ini
from shadowaudit.host.base import Host

#: Largest start file read (a .desktop file, a unit, a crontab is a few hundred bytes).
LIMIT = 256 * 1024
_SCHEDULE = re.compile(r"^(@\w+)\s+(.*)$|^(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*=")
_PRELOAD = re.compile(r"""^\s*(?:export\s+)?LD_PRELOAD\s*=\s*["']?([^"'\s;]*)""", re.MULTILINE)
#: Words of a shell line that are not the program it is there to run.
_SHELL_WORDS = frozenset(
    [
        "cd",
        "test",
        "[",
        "[[",
        "command",
        "exit",
        "true",
        "false",
        "if",
        "then",
        "else",
        "fi",
        "do",
        "done",
        ":",
        "export",
        "set",
        ".",
        "{",
        "}",
        "(",
        ")",
        "!",
        "nice",
        "ionice",
    ]
)
_SEPARATORS = re.compile(r"&&|\|\||;|\||\{|\}|\(|\)")
#: Prefixes systemd allows before ExecStart's program ("-", "@", ":", "+", "!").
_EXEC_PREFIXES = "-@:+!"
_SHELL_FILES = (".profile", ".bashrc", ".bash_profile", ".zshrc")
#: Where a program named without a folder is looked for, in the order of the default PATH.
_SYSTEM_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


def _visible(suffix: str) -> Callable[[str], bool]:
    """Accepts the names that end in `suffix` and are not hidden (dot files)."""
    return lambda name: name.endswith(suffix) and not name.startswith(".")


def desktop_entry(text: str) -> dict[str, str]:
    """The [Desktop Entry] group of a .desktop file."""
    return parse_ini(text).get("Desktop Entry", {})


def _desktop_enabled(entry: dict[str, str]) -> bool:
    """False when the entry is hidden or turned off in GNOME's settings (the XDG spec)."""
    hidden = entry.get("Hidden", "").lower() == "true"
    off = entry.get("X-GNOME-Autostart-enabled", "").lower() == "false"
    return not (hidden or off)


def read_xdg(host: Host, found: Found) -> None:
    """Desktop autostart entries: the person's folder first, hiding the system's same-named
    entries (the XDG autostart rule)."""
    seen: set[str] = set()
    user = host.config_home() / "autostart"
    for folder, scope in ((user, "user"), (host.path("/etc/xdg/autostart"), "system")):
        desktop = found.paths(host, "xdg_autostart", folder, _visible(".desktop"))
        fresh = [p for p in desktop if p.name not in seen]
        seen.update(p.name for p in fresh)

        def one(path: PurePath, scope: str = scope) -> list[Item]:
            """The item of one .desktop file (none when it runs nothing)."""
            entry = desktop_entry(host.read_text(path, LIMIT))
            if "Exec" not in entry:
                return []
            name = entry.get("Name") or path.stem
            enabled = _desktop_enabled(entry)
            command = _on_path(host, entry["Exec"])
            return [item(host, name, "xdg_autostart", scope, command, enabled)]

        found.each("xdg_autostart", fresh, one)


def unit_command(text: str) -> str:
    """The ExecStart line of a systemd unit file ("" when it has none)."""
    command = parse_ini(text).get("Service", {}).get("ExecStart", "")
    return command.lstrip(_EXEC_PREFIXES)


def read_user_units(host: Host, found: Found) -> None:
    """systemd user units enabled by the person (~/.config/systemd/user/*.wants) or for every
    user (/etc/systemd/user/*.wants), with the program each starts."""
    user_dir = host.config_home() / "systemd" / "user"
    system_dir = host.path("/etc/systemd/user")
    unit_dirs = [user_dir, system_dir, host.path("/usr/lib/systemd/user")]
    for base, scope in ((user_dir, "user"), (system_dir, "system")):
        links = [
            link
            for wants in found.paths(host, "systemd_user", base, _visible(".wants"))
            for link in found.paths(host, "systemd_user", wants, _visible(".service"))
        ]

        def one(link: PurePath, scope: str = scope) -> list[Item]:
            """The item of one enabled unit, with the program of the first unit file found."""
            command = ""
            for folder in unit_dirs:
                try:
                    command = unit_command(host.read_text(folder / link.name, LIMIT))
                    break
                except NotFound:
                    continue
            return [item(host, link.name, "systemd_user", scope, _on_path(host, command))]

        found.each("systemd_user", links, one)


def cron_commands(text: str, system: bool) -> Iterator[str]:
    """The commands of a crontab (a system crontab has a user name before each command)."""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or _ASSIGNMENT.match(line):
            continue
        match = _SCHEDULE.match(line)
        if not match:
            continue
        command = match.group(2) if match.group(1) else match.group(4)
        if system:
            command = command.split(None, 1)[1] if len(command.split(None, 1)) == 2 else ""
        yield command.strip()


def cron_program(command: str) -> str:
    """The first program a cron command runs for its own sake (not `cd`, `test`, `[`)."""
    for part in _SEPARATORS.split(command.split("#", 1)[0]):
        words = part.split()
        while words and _ASSIGNMENT.match(words[0]):
            words = words[1:]
        if words and words[0] not in _SHELL_WORDS:
            return part.strip()
    return command


def _on_path(host: Host, program: str) -> str:
    """A program named without a folder, found in the system's folders (else as it is)."""
    word = program.split()[0] if program.split() else program
    if "/" in word:
        return program
    for folder in _SYSTEM_PATH:
        if host.is_file(host.path(folder, word)):
            return f"{folder}/{program}"
    return program


def _cron_items(host: Host, text: str, scope: str, system: bool) -> list[Item]:
    """The items of one crontab."""
    found: list[Item] = []
    for command in cron_commands(text, system):
        program = _on_path(host, cron_program(command))
        made = item(host, "", "crontab" if scope == "user" else "system_cron", scope, program)
        made["name"] = PurePath(str(made["program"])).name or "cron"
        found.append(made)
    return found


def read_user_crontab(host: Host, found: Found) -> None:
    """The person's crontab through `crontab -l` (the spool folder is not theirs to read)."""
    try:
        result = host.run(["crontab", "-l"])
    except (CommandNotFound, NotFound):
        return  # no cron here: nothing runs on a schedule
    except HostError as exc:
        found.failed("crontab", exc)
        return
    if result.returncode == 0:
        found.items.extend(_cron_items(host, result.stdout, "user", system=False))
    elif "no crontab" not in result.stderr.lower():
        found.failed("crontab", Damaged(f"crontab -l ended with {result.returncode}"))


def read_system_cron(host: Host, found: Found) -> None:
    """/etc/crontab and /etc/cron.d/*."""
    drop_ins = found.paths(host, "system_cron", host.path("/etc/cron.d"), _visible(""))
    paths = [host.path("/etc/crontab"), *drop_ins]
    found.each(
        "system_cron",
        paths,
        lambda path: _cron_items(host, host.read_text(path, LIMIT), "system", system=True),
    )


def _preload_words(text: str) -> list[str]:
    """The libraries named in /etc/ld.so.preload (separated by spaces, colons or lines)."""
    lines = "\n".join(line.split("#")[0] for line in text.splitlines())
    return [word for word in re.split(r"[\s:]+", lines) if word]


def read_preload(host: Host, found: Found) -> None:
    """Libraries loaded into every program: /etc/ld.so.preload and LD_PRELOAD set in the
    shell's start files (the person's and the system's)."""

    def system(path: PurePath) -> list[Item]:
        """The libraries of /etc/ld.so.preload."""
        words = _preload_words(host.read_text(path, LIMIT))
        return [item(host, PurePath(w).name, "ld_preload", "system", w) for w in words]

    def shell(path: PurePath) -> list[Item]:
        """LD_PRELOAD set in one shell start file."""
        scope = "user" if path.is_relative_to(host.home) else "system"
        libraries = [w for v in _PRELOAD.findall(host.read_text(path, LIMIT)) for w in v.split(":")]
        return [item(host, PurePath(w).name, "shell_preload", scope, w) for w in libraries if w]

    found.each("ld_preload", [host.path("/etc/ld.so.preload")], system)
    files = [host.home / name for name in _SHELL_FILES]
    profile = found.paths(host, "shell_preload", host.path("/etc/profile.d"), _visible(".sh"))
    files += [host.path("/etc/environment"), *profile]
    found.each("shell_preload", files, shell)


#: The readers of Linux startup items, one per source or group of sources.
READERS = (read_xdg, read_user_units, read_user_crontab, read_system_cron, read_preload)
