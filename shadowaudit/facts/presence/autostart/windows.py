"""What starts by itself on Windows: Run keys, Startup folders, Winlogon, services, tasks.

All of it is readable by a standard user. The StartupApproved bytes say whether the person
turned an item off in Task Manager: an odd first byte (03, 07) is off.
"""

from __future__ import annotations

from pathlib import PurePath

from shadowaudit.errors import Damaged, NotFound, TooLarge
from shadowaudit.facts.presence.autostart.found import Found, Item
from shadowaudit.facts.presence.autostart.known import OS, item
from shadowaudit.facts.presence.autostart.shortcut import link_target
from shadowaudit.facts.presence.autostart.tasks import Task, parse_tasks
from shadowaudit.host.base import Host, RegistryValue

CURRENT = r"SOFTWARE\Microsoft\Windows\CurrentVersion"
APPROVED = rf"HKCU\{CURRENT}\Explorer\StartupApproved"
#: Run keys: (key, source, scope, the StartupApproved key that can turn its items off).
WOW64 = r"HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion"
RUN_KEYS = (
    (rf"HKCU\{CURRENT}\Run", "run_key", "user", "Run"),
    (rf"HKCU\{CURRENT}\RunOnce", "run_once_key", "user", ""),
    (rf"HKLM\{CURRENT}\Run", "run_key", "system", "Run"),
    (rf"HKLM\{CURRENT}\RunOnce", "run_once_key", "system", ""),
    (WOW64 + r"\Run", "run_key", "system", "Run32"),
    (WOW64 + r"\RunOnce", "run_once_key", "system", ""),
)
WINLOGON = (
    (r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon", "system"),
    (r"HKCU\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon", "user"),
)
SERVICES = r"HKLM\SYSTEM\CurrentControlSet\Services"
#: Winlogon's own values: anything else in Shell or Userinit is a program added to sign-in.
_DEFAULT_SHELL = frozenset({"explorer.exe", r"c:\windows\explorer.exe"})
_DEFAULT_USERINIT = frozenset({r"c:\windows\system32\userinit.exe", "userinit.exe", "userinit"})
#: Services that start without anyone asking: boot, system and automatic (Start 0, 1, 2).
_STARTS_ALONE = (0, 1, 2)
#: Most services read (Windows 11 has about 700, drivers included).
MAX_SERVICES = 3000
#: Largest shortcut read (a .lnk file is a few kilobytes).
LINK_LIMIT = 64 * 1024


def _values(host: Host, key: str) -> dict[str, RegistryValue]:
    """The values of a key, none when it does not exist."""
    try:
        return dict(host.registry_values(key))
    except NotFound:
        return {}


def _guarded_values(host: Host, found: Found, source: str, key: str) -> dict[str, RegistryValue]:
    """A key's values; none when it cannot be read (noted against its source)."""
    values: dict[str, RegistryValue] = found.guarded(source, lambda: _values(host, key), {})
    return values


def approved(value: RegistryValue | None) -> bool:
    """True unless StartupApproved's bytes say the item is turned off (odd first byte)."""
    if isinstance(value, bytes) and value:
        return value[0] % 2 == 0
    return True


def _approvals(host: Host, kind: str) -> dict[str, RegistryValue]:
    """The StartupApproved values of one kind (Run, Run32, StartupFolder), by lower-case name;
    the person's key wins over the machine's."""
    if not kind:
        return {}
    machine = _values(host, APPROVED.replace("HKCU", "HKLM", 1) + "\\" + kind)
    person = _values(host, APPROVED + "\\" + kind)
    return {k.lower(): v for k, v in {**machine, **person}.items()}


def read_run_keys(host: Host, found: Found) -> None:
    """The Run and RunOnce keys of the person and of the machine (64- and 32-bit)."""
    for key, source, scope, kind in RUN_KEYS:
        values = _guarded_values(host, found, source, key)
        switches = _approvals(host, kind) if values else {}
        for name, command in values.items():
            if isinstance(command, str) and command.strip():
                on = approved(switches.get(name.lower()))
                found.items.append(item(host, name or "(default)", source, scope, command, on))


def _startup_folders(host: Host) -> list[tuple[PurePath, str]]:
    """The person's and everyone's Startup folders."""
    appdata = host.env("APPDATA") or str(host.home / "AppData" / "Roaming")
    programdata = host.env("ProgramData") or "C:\\ProgramData"
    menu = ("Microsoft", "Windows", "Start Menu", "Programs")
    return [
        (host.path(appdata, *menu, "Startup"), "user"),
        (host.path(programdata, *menu, "StartUp"), "system"),
    ]


def read_startup_folders(host: Host, found: Found) -> None:
    """Files in the Startup folders: a shortcut runs its target, any other file itself."""
    switches = _approvals(host, "StartupFolder")
    for folder, scope in _startup_folders(host):
        paths = found.paths(host, "startup_folder", folder, lambda n: n.lower() != "desktop.ini")

        def one(path: PurePath, scope: str = scope) -> list[Item]:
            """The item of one file of a Startup folder."""
            target = str(path)
            if path.suffix.lower() == ".lnk":
                target = link_target(host.read_bytes(path, LINK_LIMIT))
            on = approved(switches.get(path.name.lower()))
            return [item(host, path.stem, "startup_folder", scope, f'"{target}"', on)]

        found.each("startup_folder", paths, one)


def _extra_programs(value: RegistryValue | None, defaults: frozenset[str]) -> list[str]:
    """The programs of a Winlogon value (comma-separated) that are not Windows' own."""
    if not isinstance(value, str):
        return []
    return [p.strip() for p in value.split(",") if p.strip() and p.strip().lower() not in defaults]


def read_winlogon(host: Host, found: Found) -> None:
    """Programs added to Winlogon's Shell or Userinit (Windows' own values are left out)."""
    for key, scope in WINLOGON:
        values = _guarded_values(host, found, "winlogon", key)
        for name, defaults in (("Shell", _DEFAULT_SHELL), ("Userinit", _DEFAULT_USERINIT)):
            for program in _extra_programs(values.get(name), defaults):
                found.items.append(item(host, name, "winlogon", scope, program))


def _service(host: Host, name: str) -> list[Item]:
    """The item of one service that starts by itself (none for one started on demand)."""
    values = _values(host, rf"{SERVICES}\{name}")
    start = values.get("Start")
    if not isinstance(start, int) or start not in _STARTS_ALONE:
        return []
    image = values.get("ImagePath")
    kind = values.get("Type")
    if not isinstance(image, str) or not image.strip():
        if not isinstance(kind, int) or kind not in (1, 2):
            return []
        image = rf"C:\Windows\System32\drivers\{name}.sys"  # a driver's default place
    shown = values.get("DisplayName")
    label = shown if isinstance(shown, str) and shown and not shown.startswith("@") else name
    return [item(host, label, "service", "system", image)]


def read_services(host: Host, found: Found) -> None:
    """Services and drivers that start by themselves, with the program each runs."""
    names: list[str] = found.guarded("service", lambda: host.registry_subkeys(SERVICES), [])
    if len(names) > MAX_SERVICES:
        found.failed("service", TooLarge(f"more than {MAX_SERVICES} services"))
    for name in names[:MAX_SERVICES]:
        try:
            found.items.extend(_service(host, name))
        except NotFound:
            continue
        except Damaged as exc:
            found.failed("service", exc)


def read_tasks(host: Host, found: Found) -> None:
    """Scheduled tasks the person can see, from `schtasks /query /fo CSV /v`."""
    argv = ["schtasks", "/query", "/fo", "CSV", "/v"]
    result = found.guarded("scheduled_task", lambda: host.run(argv, timeout=30), None)
    if result is None:
        return
    if result.returncode != 0:
        found.failed("scheduled_task", Damaged(f"schtasks ended with {result.returncode}"))
        return
    tasks: list[Task] = found.guarded("scheduled_task", lambda: parse_tasks(result.stdout), [])
    for task in tasks:
        mine = task.user.rsplit("\\", 1)[-1].lower() == host.home.name.lower()
        scope = "user" if mine else "system"
        made = item(host, task.name, "scheduled_task", scope, task.command, task.enabled)
        if not task.command and task.name.startswith("\\Microsoft\\Windows\\"):
            made["known"] = OS  # a COM handler of Windows' own task folder
        found.items.append(made)


#: The readers of Windows startup items.
READERS = (read_run_keys, read_startup_folders, read_winlogon, read_services, read_tasks)
