"""macOS: what sleep does to the FileVault key, from `pmset -g` (no administrator needed).

pmset(1): `hibernatemode 25` writes memory to the disk and powers it off; with
`DestroyFVKeyOnStandby 1` the FileVault key is thrown away and the password is asked again.
Who holds the FileVault recovery key (iCloud, an institution) needs an administrator
(`fdesetup haspersonalrecoverykey`), so it stays Missing with the hand check in the rule.
"""

from __future__ import annotations

import re

from shadowaudit.facts.base import FactValue, Missing, Reason, reader
from shadowaudit.host.base import Host

PMSET = ["/usr/bin/pmset", "-g"]
#: A setting line: a name (which may hold spaces), a value, perhaps a note in brackets.
_SETTING = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s+(-?\d+)(\s+\(.*\))?\s*$")


def parse_pmset(text: str) -> dict[str, int]:
    """The numeric settings `pmset -g` prints, by lower-case name."""
    found = {}
    for line in text.splitlines():
        match = _SETTING.match(line)
        if match:
            found[match.group(1).lower()] = int(match.group(2))
    return found


def sleep_from_pmset(settings: dict[str, int]) -> FactValue:
    """The sleep fact: the lid hibernates and drops the key only with both settings."""
    if "hibernatemode" not in settings:
        return Missing(Reason.parse_error, "no hibernatemode in pmset's answer")
    mode = settings["hibernatemode"]
    destroy = settings.get("destroyfvkeyonstandby", 0) == 1
    return {
        "lid_action": "hibernate" if mode == 25 and destroy else "sleep",
        "hibernatemode": mode,
        "destroy_key": destroy,
        "standby": settings.get("standby", 0) == 1,
    }


@reader()
def read_sleep(host: Host) -> FactValue:
    """What closing the lid does to the disk key."""
    result = host.run(PMSET, timeout=10)
    return sleep_from_pmset(parse_pmset(result.stdout))


def read_disk_key(host: Host) -> FactValue:
    """Not readable without an administrator: the rule asks the person to look."""
    return Missing(Reason.permission_denied, "fdesetup needs an administrator")
