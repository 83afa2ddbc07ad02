"""Pure parsers for what macOS's settings files and command-line tools say.

Each function takes text or an already loaded property list and returns a fact value, or
Missing(parse_error) when the input is not in a shape we know. None of them guesses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.decode import json_loads, plist_bool

_VERSION = re.compile(r"^\d+(\.\d+){1,2}$")
_BUILD = re.compile(r"^[0-9A-Za-z]+$")
# NOTE: a process built against an old SDK (or run with SYSTEM_VERSION_COMPAT=1) is shown a
# compatibility copy of SystemVersion.plist that says 10.16 on every macOS from 11 on.
_COMPAT_VERSION = "10.16"
_ALF_STATES = {0: "off", 1: "on", 2: "block_all"}
_PROFILER_STATES = {
    "spfirewall_globalstate_allow_all": "off",
    "spfirewall_globalstate_limit_connections": "on",
    "spfirewall_globalstate_block_all": "block_all",
}
_SOCKETFILTER_STATE = re.compile(r"\(State = (\d+)\)")
_LOCK_IMMEDIATE = re.compile(r"screenLock delay is immediate")
_LOCK_SECONDS = re.compile(r"screenLock delay is (-?\d+)(?:\.\d+)? seconds")
_LOCK_OFF = re.compile(r"screenLock is off")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SIP = re.compile(r"System Integrity Protection status: (\w+)(?: \(([^)]*)\))?")
_OVERRIDE = re.compile(r'^\s*"([^"]+)"\s*=>\s*(\w+)\s*$')
_OVERRIDE_WORDS = {"enabled": True, "disabled": False, "false": True, "true": False}
#: Keys of com.apple.SoftwareUpdate.plist and the names the facts give them.
UPDATE_KEYS = {
    "AutomaticCheckEnabled": "automatic_check",
    "AutomaticDownload": "automatic_download",
    "AutomaticallyInstallMacOSUpdates": "install_macos_updates",
    "CriticalUpdateInstall": "install_security_updates",
}


def _bad(detail: str) -> Missing:
    """A parse_error Missing with a detail for the log."""
    return Missing(Reason.parse_error, detail)


def parse_system_version(plist: Mapping[str, object]) -> FactValue:
    """{"version", "build"} from SystemVersion.plist (ProductVersion, ProductBuildVersion)."""
    version = plist.get("ProductVersion")
    if not isinstance(version, str) or not _VERSION.match(version):
        return _bad("no ProductVersion")
    if version == _COMPAT_VERSION:
        return _bad("read the 10.16 compatibility copy, not the real version")
    result: dict[str, FactValue] = {"version": version}
    build = plist.get("ProductBuildVersion")
    if isinstance(build, str) and _BUILD.match(build):
        result["build"] = build
    return result


def major_version(version: FactValue) -> int | None:
    """The major number of a version fact ({"version": "15.1.1"} gives 15), or None."""
    if isinstance(version, dict) and isinstance(version.get("version"), str):
        return int(str(version["version"]).split(".", 1)[0])
    return None


def parse_fdesetup_status(text: str) -> FactValue:
    """FileVault's state from `fdesetup status`: on, off, encrypting or decrypting.

    Encryption waiting for a restart, for a logout (deferred enablement) or for power
    ("Encryption in progress: Pending") counts as encrypting: the disk is not protected yet.
    """
    lower = text.lower()
    if "decryption in progress" in lower:
        return "decrypting"
    if (
        "encryption in progress" in lower
        or "will be enabled after the next restart" in lower
        or "deferred enablement appears to be active" in lower
    ):
        return "encrypting"
    for line in lower.splitlines():
        line = line.strip()
        if line.startswith("filevault is on, but needs to be restarted"):
            return "encrypting"
        if line.startswith("filevault is on"):
            return "on"
        if line.startswith("filevault is off"):
            return "off"
    return _bad("fdesetup said something unknown")


def parse_alf_globalstate(plist: Mapping[str, object]) -> FactValue:
    """The firewall from com.apple.alf.plist `globalstate` (0 off, 1 on, 2 block all)."""
    state = plist.get("globalstate")
    if isinstance(state, bool) or not isinstance(state, int) or state not in _ALF_STATES:
        return _bad("no known globalstate in com.apple.alf.plist")
    return _ALF_STATES[state]


def parse_firewall_profiler(text: str) -> FactValue:
    """The firewall from `system_profiler SPFirewallDataType -json` (last item's globalstate)."""
    try:
        data = json_loads(text)
    except ValueError:
        return _bad("system_profiler did not print JSON")
    items = data.get("SPFirewallDataType") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items or not isinstance(items[-1], dict):
        return _bad("no SPFirewallDataType items")
    state = items[-1].get("spfirewall_globalstate")
    if not isinstance(state, str) or state not in _PROFILER_STATES:
        return _bad("unknown spfirewall_globalstate")
    return _PROFILER_STATES[state]


def parse_socketfilterfw(text: str) -> FactValue:
    """The firewall from `socketfilterfw --getglobalstate`: the number in "(State = N)"."""
    match = _SOCKETFILTER_STATE.search(text)
    if match is None or int(match.group(1)) not in _ALF_STATES:
        return _bad("no (State = N) in socketfilterfw's answer")
    return _ALF_STATES[int(match.group(1))]


def parse_screen_lock(text: str) -> FactValue:
    """Seconds before a password is asked, from `sysadminctl -screenLock status`.

    sysadminctl answers on stderr behind a timestamp: "... screenLock delay is immediate" (0),
    "... screenLock delay is 300 seconds", "... screenLock is off" (-1). A negative delay is off.
    """
    if _LOCK_OFF.search(text):
        return -1
    if _LOCK_IMMEDIATE.search(text):
        return 0
    match = _LOCK_SECONDS.search(text)
    if match is None:
        return _bad("sysadminctl said nothing about the screen lock delay")
    seconds = int(match.group(1))
    return -1 if seconds < 0 else seconds


def parse_defaults_integer(returncode: int, stdout: str, stderr: str) -> FactValue:
    """An integer from `defaults read`; None when the setting is not there (exit 1, "does not
    exist" on stderr), Missing when the answer is anything else."""
    if returncode == 0 and _NUMBER.match(stdout.strip()):
        return int(float(stdout.strip()))
    if returncode != 0 and "does not exist" in stderr:
        return None
    return _bad(f"defaults read exit {returncode}")


def parse_spctl_status(text: str) -> FactValue:
    """Gatekeeper from `spctl --status` (which exits 1 when assessments are disabled)."""
    if "assessments enabled" in text:
        return True
    if "assessments disabled" in text:
        return False
    return _bad("spctl said something unknown")


def parse_csrutil_status(text: str) -> FactValue:
    """System Integrity Protection from `csrutil status`: enabled, disabled or custom.

    A status with a note in brackets ("unknown (Custom Configuration)") means some
    protections are off: that is "custom", never "enabled".
    """
    match = _SIP.search(text)
    if match is None:
        return _bad("csrutil said something unknown")
    status, note = match.group(1).lower(), match.group(2)
    if note is not None:
        return "custom"
    if status in ("enabled", "disabled"):
        return status
    return _bad(f"unknown SIP status {status}")


def parse_print_disabled(text: str) -> dict[str, bool] | Missing:
    """Service name -> enabled, from the `disabled services` block of `launchctl print-disabled`.

    Newer macOS says `=> enabled` / `=> disabled`; older macOS says `=> false` / `=> true`,
    where true means disabled. Services not in the block keep their default.
    """
    found: dict[str, bool] = {}
    inside = seen = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("disabled services = {"):
            inside = seen = True
            continue
        if inside and stripped.startswith("}"):
            inside = False
            continue
        match = _OVERRIDE.match(line) if inside else None
        if match and match.group(2).lower() in _OVERRIDE_WORDS:
            found[match.group(1)] = _OVERRIDE_WORDS[match.group(2).lower()]
    if not seen:
        return _bad("no 'disabled services' block in launchctl's answer")
    return found


def dscl_attributes(text: str) -> dict[str, list[str]]:
    """The attributes `dscl . -read RECORD KEY...` printed: `Key: a b` or, for long values,
    `Key:` with the values on the following lines, indented by a space."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith(" ") and current is not None:
            current.extend(line.split())
            continue
        key, colon, values = line.partition(":")
        current = found.setdefault(key.strip(), []) if colon and key.strip() else None
        if current is not None:
            current.extend(values.split())
    return found


def parse_admin_group(text: str, user: str) -> FactValue:
    """True when the local `admin` group lists the user; "could not check" (directory) when it
    nests other groups, which only a directory can expand."""
    attributes = dscl_attributes(text)
    if not attributes:
        return _bad("dscl printed no attribute of the admin group")
    if user in attributes.get("GroupMembership", []):
        return True
    if attributes.get("NestedGroups"):
        return Missing(Reason.directory, "the admin group nests other groups")
    return False


def parse_updates(plist: Mapping[str, object]) -> FactValue:
    """The automatic-update switches present in com.apple.SoftwareUpdate.plist."""
    found: dict[str, FactValue] = {}
    for key, name in UPDATE_KEYS.items():
        if key not in plist:
            continue
        value = plist_bool(plist[key])
        found[name] = _bad(f"{key} is not a yes/no") if value is None else value
    return found
