"""Windows File History: turned on or off, and the kind of drive, from its Config1.xml.

%LOCALAPPDATA%\\Microsoft\\Windows\\FileHistory\\Configuration\\Config1.xml (Config2.xml is its
twin) is a `DataProtectionUserConfig`: `DPStatus` (ENABLED or DISABLED), `DPFrequency`, and a
`Target` with `TargetName`, `TargetUrl` and `TargetDriveType` (REMOVABLE, REMOTE, FIXED). The
schema is as printed in Alex Verboon's "Windows 8 - File History Feature" (2012) and read by
plaso's filehistory_config parser. It holds no date of the last copy (File History keeps that in its
Catalog1.edb, an ESE database shadowaudit does not parse), so File History is "present, date
unknown", never recent. It does not encrypt: the copy is encrypted only when the drive is
(BitLocker To Go), which shadowaudit cannot see, so encryption stays unknown.
The target's name and path are never kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.decode import xml_root
from shadowaudit.facts.traces.backups.item import LOCAL, NETWORK, REMOVABLE, no_date, tool
from shadowaudit.host.base import Host

NAME = "File History"
MAX_CONFIG = 256 * 1024
_KINDS = {"REMOVABLE": REMOVABLE, "REMOTE": NETWORK, "FIXED": LOCAL}


def read_config(text: str) -> dict[str, FactValue] | Missing:
    """Whether File History is on, and the kind of drive it copies to."""
    root = xml_root(text, "DataProtectionUserConfig", "Config1.xml")
    if isinstance(root, Missing):
        return root
    status = (root.findtext("DPStatus") or "").strip().upper()
    kind = (root.findtext("Target/TargetDriveType") or "").strip().upper()
    return {"on": status == "ENABLED" if status else None, "target": _KINDS.get(kind)}


def file_history(host: Host) -> Iterator[dict[str, FactValue]]:
    """File History's configuration, when the person ever set it up."""
    local = host.env("LOCALAPPDATA")
    if not local:
        return
    folder = host.path(local, "Microsoft", "Windows", "FileHistory", "Configuration")
    try:
        names = host.list_dir(folder)
    except HostError:
        return
    found = [n for n in names if n.lower() in ("config1.xml", "config2.xml")]
    if not found:
        return
    try:
        config = read_config(host.read_text(folder / min(found, key=str.lower), MAX_CONFIG))
    except HostError as exc:
        config = missing_from(exc)
    if isinstance(config, Missing):
        yield tool(NAME, config, None)
        return
    if config["on"] is False:
        yield tool(NAME, Missing(Reason.not_set, f"{NAME}: turned off"), None, None)
        return
    target = config["target"]
    yield tool(NAME, no_date(NAME), None, target if isinstance(target, str) else None)
