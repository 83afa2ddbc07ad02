"""Windows: a Microsoft account on this computer, the start-up PIN policy, and the lid.

Who holds the recovery key and which protectors unlock the disk needs an administrator
(`manage-bde -protectors -get C:`), so those stay Missing with the hand check in the rule.
Whether the disk is encrypted at all is `system.windows.bitlocker`; it is not read again here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from shadowaudit.errors import NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, reader
from shadowaudit.host.base import Host

#: One subkey per Microsoft account signed in on this Windows account, named by its address:
#: only the number of subkeys is read, never a name.
STORED_IDENTITIES = r"HKCU\Software\Microsoft\IdentityCRL\StoredIdentities"
#: BitLocker's group policy ("Require additional authentication at startup").
FVE_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\FVE"
#: `powercfg /a` prints the sleep states; `/q` the lid setting of the power plan in use.
POWERCFG_STATES = ["powercfg", "/a"]
POWERCFG_LID = ["powercfg", "/q", "SCHEME_CURRENT", "SUB_BUTTONS", "LIDACTION"]
#: Lid switch close action, by index (Microsoft: "Lid switch close action" power setting).
LID_INDEXES = {0: "nothing", 1: "sleep", 2: "hibernate", 3: "shutdown"}
#: Worst first: a laptop that stays on or sleeps keeps the disk open.
_WORST = ("nothing", "sleep", "hibernate", "shutdown")
_INDEX = re.compile(r":\s*0x([0-9a-fA-F]{8})\s*$")
_AVAILABLE = "The following sleep states are available on this system:"


def microsoft_account(host: Host) -> bool:
    """True when a Microsoft account is signed in on this Windows account (count only)."""
    try:
        return len(host.registry_subkeys(STORED_IDENTITIES)) > 0
    except NotFound:
        return False


def startup_pin(policy: Mapping[str, object]) -> FactValue:
    """ "required" when group policy makes BitLocker ask for a PIN at start-up; else Missing:
    without a policy, only an administrator can see whether a PIN was added."""
    pins = (policy.get("UseTPMPIN"), policy.get("UseTPMKeyPIN"))
    if policy.get("UseAdvancedStartup") == 1 and 1 in pins:
        return "required"
    return Missing(Reason.permission_denied, "the key protectors need an administrator")


@reader()
def read_disk_key(host: Host) -> FactValue:
    """A Microsoft account's presence, and whether a PIN is required before Windows starts."""
    try:
        policy: Mapping[str, object] = host.registry_values(FVE_POLICY)
    except NotFound:
        policy = {}
    pin = startup_pin(policy)
    unlocks_itself: FactValue = False if pin == "required" else pin
    return {
        "microsoft_account": microsoft_account(host),
        "startup_pin": pin,
        "unlocks_itself": unlocks_itself,
    }


def parse_lid_action(text: str) -> FactValue:
    """The worse of the plugged-in and battery lid actions from `powercfg /q ... LIDACTION`.

    Its last two index lines (AC, then DC) end in a hexadecimal number in every language.
    """
    indexes = [int(m.group(1), 16) for line in text.splitlines() if (m := _INDEX.search(line))]
    actions = [LID_INDEXES.get(i) for i in indexes[-2:]]
    if len(actions) != 2 or None in actions:
        return Missing(Reason.parse_error, "no lid setting in powercfg's answer")
    return min((a for a in actions if a), key=_WORST.index)


def parse_hibernate(text: str) -> FactValue:
    """True when `powercfg /a` lists Hibernate as available (English output only)."""
    lines = text.replace("\r", "").split("\n")
    if not lines or lines[0].strip() != _AVAILABLE:
        return Missing(Reason.unsupported, "powercfg speaks another language")
    for line in lines[1:]:
        if line and not line.startswith(" "):
            break
        if line.strip() == "Hibernate":
            return True
    return False


@reader()
def read_sleep(host: Host) -> FactValue:
    """What closing the lid does, and whether Windows can hibernate."""
    lid = host.run(POWERCFG_LID, timeout=10)
    states = host.run(POWERCFG_STATES, timeout=10)
    return {
        "lid_action": parse_lid_action(lid.stdout)
        if lid.returncode == 0
        else Missing(Reason.unsupported, "powercfg /q failed"),
        "hibernate": parse_hibernate(states.stdout),
    }
