"""Windows' record of camera, microphone and location use: CapabilityAccessManager.

Windows 10 1903 and later keep, per app, whether it may use each device (`Value`: Allow or
Deny) and, for desktop programs under `NonPackaged`, when it last started and stopped using
it (`LastUsedTimeStart`/`Stop`, FILETIME: 100-ns steps since 1601). A key name is the
program's path with `#` for `\\`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shadowaudit.errors import NotFound
from shadowaudit.facts.base import FactValue
from shadowaudit.facts.presence.autostart.known import shown_program
from shadowaudit.host.base import Host, RegistryValue

STORE = r"SOFTWARE\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
#: The device of each ConsentStore key, as the fact names it.
DEVICES = {"webcam": "camera", "microphone": "microphone", "location": "location"}
_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
#: Most apps read per device (a computer has a few dozen).
MAX_APPS = 500

Item = dict[str, FactValue]


def filetime(value: RegistryValue | None) -> datetime | None:
    """A FILETIME number as a time (None for 0, absent or out of range)."""
    if not isinstance(value, int) or value <= 0:
        return None
    try:
        return _EPOCH + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


def program_name(key: str) -> str:
    """The program path a NonPackaged key names (`C:#Program Files#Zoom#bin#Zoom.exe`)."""
    return key.replace("#", "\\")


def use(
    host: Host,
    name: str,
    program: str,
    device: str,
    scope: str,
    values: dict[str, RegistryValue],
    inherited: RegistryValue = "",
) -> Item:
    """One app's permission and last use of one device; an app without a `Value` of its own
    follows its parent key's (desktop programs follow `NonPackaged`)."""
    start = filetime(values.get("LastUsedTimeStart"))
    stop_value = values.get("LastUsedTimeStop")
    found: Item = {
        "name": name,
        "program": program,
        "device": device,
        "scope": scope,
        "allowed": str(values.get("Value", inherited)).lower() == "allow",
        "in_use": start is not None and stop_value == 0,
    }
    if start is not None:
        found["last_used"] = start.strftime("%Y-%m-%d %H:%M UTC")
        found["days_since_used"] = max((host.now() - start).days, 0)
    return found


def _values(host: Host, key: str) -> dict[str, RegistryValue]:
    """A key's values (none when it vanished)."""
    try:
        return dict(host.registry_values(key))
    except NotFound:
        return {}


def _subkeys(host: Host, key: str) -> list[str]:
    """A key's subkeys (none when it does not exist)."""
    try:
        return host.registry_subkeys(key)[:MAX_APPS]
    except NotFound:
        return []


def _exists(host: Host, key: str) -> bool:
    """True when a registry key has values or subkeys."""
    try:
        return bool(host.registry_subkeys(key)) or bool(host.registry_values(key))
    except NotFound:
        return False


def read_consent_store(host: Host) -> list[Item]:
    """Every app's permission and last use of the camera, microphone and location, the
    person's (HKCU) and the machine's (HKLM); the most recent use first."""
    if not any(_exists(host, rf"{hive}\{STORE}") for hive in ("HKCU", "HKLM")):
        # NOTE: Windows 10 1903 and later always have it: its absence is no proof of no use.
        raise NotFound("CapabilityAccessManager ConsentStore")
    found: dict[tuple[str, str], Item] = {}
    for hive, scope in (("HKCU", "user"), ("HKLM", "system")):
        for key, device in DEVICES.items():
            base = rf"{hive}\{STORE}\{key}"
            for app in _subkeys(host, base):
                if app != "NonPackaged":
                    values = _values(host, rf"{base}\{app}")
                    made = use(host, app.split("_", 1)[0], "", device, scope, values)
                    found.setdefault((device, app.lower()), made)
                    continue
                desktop = _values(host, rf"{base}\NonPackaged").get("Value", "")
                for program in _subkeys(host, rf"{base}\NonPackaged"):
                    path = shown_program(host, program_name(program))
                    name = path.replace("\\", "/").rsplit("/", 1)[-1]
                    values = _values(host, rf"{base}\NonPackaged\{program}")
                    made = use(host, name, path, device, scope, values, desktop)
                    found.setdefault((device, path.lower()), made)
    return sorted(found.values(), key=lambda i: str(i.get("last_used", "")), reverse=True)
