"""Windows facts from PowerShell and whoami: the exact commands, thin readers, pure parsers.

Every PowerShell command selects only the fields we judge before `ConvertTo-Json`, so other
people's account names never reach us and Windows PowerShell 5.1's silent depth limit of
`ConvertTo-Json` never cuts the data. SIDs, numbers and JSON keep the parsers independent of
the language Windows speaks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.decode import json_loads
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

#: Time limits: PowerShell can take seconds to start on a slow laptop; whoami is quick.
POWERSHELL_TIMEOUT = 15.0
WHOAMI_TIMEOUT = 5.0

#: The SID of the local Administrators group (BUILTIN\Administrators), the same in every language.
ADMINISTRATORS_SID = "S-1-5-32-544"
#: The relative id of the built-in Guest account.
GUEST_RID = "501"

#: What Explorer's System.Volume.BitLockerProtection property says, by value.
# NOTE: undocumented. Windows' own Explorer verbs (HKCR\Drive\shell\manage-bde, change-pin)
# apply to "On OR Encrypting OR Suspended", which public tools write as 1 OR 3 OR 5; that 3 is
# Encrypting and 5 Suspended follows the order of the names (community lists agree, unverified).
# unlock-bde applies to 6 (Locked); encrypt-bde to Off (2) or OnPreProvisioned ("waiting for
# activation", whose number we do not know: it stays Missing(parse_error)).
BITLOCKER_STATES = {
    0: "not_encryptable",
    1: "on",
    2: "off",
    3: "encrypting",
    4: "decrypting",
    5: "suspended",
    6: "locked",
}

_SID = re.compile(r"^S-1-\d+(-\d+)+$")
_DRIVE = re.compile(r"^[A-Za-z]:$")


def powershell(script: str) -> list[str]:
    """The argv that runs one line of Windows PowerShell without profile or prompts."""
    return ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]


def bitlocker_argv(drive: str) -> list[str]:
    """Ask Explorer (no administrator rights needed) for a drive's BitLocker protection."""
    return powershell(
        f"(New-Object -ComObject Shell.Application).NameSpace('{drive}')"
        ".Self.ExtendedProperty('System.Volume.BitLockerProtection')"
    )


DEFENDER_ARGV = powershell(
    "Get-MpComputerStatus | Select-Object AntivirusEnabled, RealTimeProtectionEnabled, "
    "AntivirusSignatureAge | ConvertTo-Json"
)
ANTIVIRUS_ARGV = powershell(
    "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | "
    "Select-Object displayName, productState | ConvertTo-Json"
)
#: The local account database only: Win32_UserAccount, even filtered to LocalAccount=True,
#: lists a domain's accounts first on a computer joined to one (a network lookup).
ACCOUNTS_ARGV = powershell(
    "Get-LocalUser | Select-Object @{n='SID';e={$_.SID.Value}}, "
    "@{n='Disabled';e={-not $_.Enabled}} | ConvertTo-Json"
)
WHOAMI_ARGV = ["whoami", "/groups", "/fo", "csv"]


def parse_bitlocker(stdout: str) -> FactValue:
    """The BitLocker state of a drive from the bare number PowerShell prints (e.g. "1\\r\\n")."""
    text = stdout.strip().lstrip("\ufeff")
    if not text:
        return "not_encryptable"
    if not (text.isascii() and text.isdigit()):  # "²" is a digit int() refuses
        return Missing(Reason.parse_error, "BitLockerProtection is not a number")
    state = BITLOCKER_STATES.get(int(text))
    if state is None:
        return Missing(Reason.parse_error, f"unknown BitLockerProtection value {int(text)}")
    return state


def _json(stdout: str) -> object:
    """The JSON PowerShell printed; None for no output; ValueError when it is not JSON."""
    text = stdout.strip().lstrip("\ufeff")
    if not text:
        return None
    return json_loads(text)


def _objects(stdout: str) -> list[dict[str, object]] | None:
    """ConvertTo-Json output as a list of objects (one object alone is not put in a list)."""
    try:
        data = _json(stdout)
    except ValueError:
        return None
    if data is None:
        return []
    items = data if isinstance(data, list) else [data]
    objects: list[dict[str, object]] = []
    for item in items:
        if not isinstance(item, dict):
            return None
        objects.append({str(key): value for key, value in item.items()})
    return objects


def _boolean(data: dict[str, object], name: str) -> FactValue:
    """A true/false field of a JSON object, or Missing(parse_error)."""
    value = data.get(name)
    return value if isinstance(value, bool) else Missing(Reason.parse_error, f"{name} missing")


def parse_defender(stdout: str) -> FactValue:
    """Microsoft Defender's antivirus switch, real-time protection and signature age in days."""
    objects = _objects(stdout)
    if not objects or len(objects) != 1:
        return Missing(Reason.parse_error, "Get-MpComputerStatus printed no single object")
    status = objects[0]
    age = status.get("AntivirusSignatureAge")
    return {
        "antivirus": _boolean(status, "AntivirusEnabled"),
        "real_time": _boolean(status, "RealTimeProtectionEnabled"),
        "signature_age_days": age
        if isinstance(age, int) and not isinstance(age, bool)
        else Missing(Reason.parse_error, "AntivirusSignatureAge missing"),
    }


def product_state(state: int) -> tuple[bool, bool]:
    """(enabled, up to date) from a SecurityCenter2 productState (undocumented bit fields).

    Bits 12-15: 0 off, 1 on, 2 snoozed, 3 expired. Bits 4-7: 0 signatures current, 1 stale.
    """
    return (state >> 12) & 0xF == 1, (state >> 4) & 0xF == 0


def parse_antivirus_products(stdout: str) -> FactValue:
    """The antivirus programs Windows Security Center knows, with their on and up-to-date bits."""
    objects = _objects(stdout)
    if objects is None:
        return Missing(Reason.parse_error, "AntiVirusProduct output is not JSON objects")
    products: list[FactValue] = []
    for item in objects:
        name, state = item.get("displayName"), item.get("productState")
        if not isinstance(name, str) or not isinstance(state, int) or isinstance(state, bool):
            return Missing(Reason.parse_error, "AntiVirusProduct without name or productState")
        enabled, up_to_date = product_state(state)
        products.append({"name": name, "enabled": enabled, "up_to_date": up_to_date})
    return products


def parse_whoami_groups(stdout: str) -> FactValue:
    """True when the person belongs to the Administrators group, even as "deny only" under UAC.

    Matches the group's SID, never its name, which Windows translates.
    """
    import csv  # NOTE: lazy: only Windows answers in CSV

    sids: set[str] = set()
    for row in csv.reader(stdout.splitlines()):
        sids.update(field.strip() for field in row if _SID.match(field.strip()))
    if not sids:
        return Missing(Reason.parse_error, "whoami printed no group SIDs")
    return ADMINISTRATORS_SID in sids


def parse_guest(stdout: str) -> FactValue:
    """True when the built-in Guest account (relative id 501) is enabled."""
    objects = _objects(stdout)
    if objects is None:
        return Missing(Reason.parse_error, "Get-LocalUser output is not JSON objects")
    found: FactValue = Missing(Reason.parse_error, "no local account with relative id 501")
    for account in objects:
        sid = account.get("SID")
        if not isinstance(sid, str) or sid.rsplit("-", 1)[-1] != GUEST_RID:
            continue
        disabled = account.get("Disabled")
        if not isinstance(disabled, bool):
            return Missing(Reason.parse_error, "Guest account without Disabled")
        if not disabled:
            return True
        found = False
    return found


Parser = Callable[[str], FactValue]


def run_and_parse(
    host: Host, argv: list[str], parse: Parser, failed: Reason, timeout: float = POWERSHELL_TIMEOUT
) -> FactValue:
    """Run a command and parse what it printed; Missing when it cannot run or exits non-zero.

    A non-zero exit becomes Missing(`failed`). Details name the exit code only: the output may
    hold names and is never kept.
    """
    try:
        result = host.run(argv, timeout=timeout)
    except HostError as exc:
        log.debug("windows: %s did not run: %s", argv[0], type(exc).__name__)
        return missing_from(exc)
    if result.returncode != 0:
        log.debug("windows: %s exited %s", argv[0], result.returncode)
        return Missing(failed, f"{argv[0]} exited {result.returncode}")
    return parse(result.stdout)


def system_drive(host: Host) -> str:
    """The drive Windows is installed on (%SystemDrive%), C: when unknown."""
    drive = (host.env("SystemDrive") or "").strip()
    return drive.upper() if _DRIVE.match(drive) else "C:"


def read_bitlocker(host: Host) -> FactValue:
    """BitLocker or device encryption state of the system drive, from Explorer's property."""
    argv = bitlocker_argv(system_drive(host))
    return run_and_parse(host, argv, parse_bitlocker, Reason.unsupported)


def read_defender(host: Host) -> FactValue:
    """Microsoft Defender's state; Missing(not_installed) when Defender does not answer."""
    return run_and_parse(host, DEFENDER_ARGV, parse_defender, Reason.not_installed)


def read_antivirus_products(host: Host) -> FactValue:
    """The antivirus programs registered with Windows Security Center."""
    return run_and_parse(host, ANTIVIRUS_ARGV, parse_antivirus_products, Reason.unsupported)


def read_user_is_admin(host: Host) -> FactValue:
    """Whether the person's account is in the Administrators group."""
    return run_and_parse(
        host, WHOAMI_ARGV, parse_whoami_groups, Reason.unsupported, timeout=WHOAMI_TIMEOUT
    )


def read_guest(host: Host) -> FactValue:
    """Whether the built-in Guest account is enabled."""
    return run_and_parse(host, ACCOUNTS_ARGV, parse_guest, Reason.unsupported)
