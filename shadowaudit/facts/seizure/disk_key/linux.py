"""Linux: disks that unlock by themselves (/etc/crypttab, clevis) and what closing the lid does.

All of it is readable as a standard user. The LUKS header, where systemd-cryptenroll keeps its
tokens, is not (its device belongs to root): a TPM token enrolled there without a crypttab
option stays unseen, so an initrd that may use such tokens (dracut) leaves the answer open.
"""

from __future__ import annotations

import logging

from shadowaudit.errors import NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, reader
from shadowaudit.facts.system.linux.ini import drop_ins, merge_ini, read_layers
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

CRYPTTAB = "/etc/crypttab"
#: Files that exist when clevis is set up to unlock LUKS disks at start-up (the initramfs-tools
#: hook, the dracut module, the systemd unit for later disks); the clevis tools alone are not.
CLEVIS_HOOKS = (
    "/usr/share/initramfs-tools/hooks/clevis",
    "/usr/lib/dracut/modules.d/50clevis/module-setup.sh",
    "/usr/lib/systemd/system/clevis-luks-askpass.path",
)
#: dracut builds a systemd initrd, whose systemd-cryptsetup tries the header's tokens by itself.
DRACUT = "/usr/lib/dracut/dracut-version.sh"
#: Where logind looks for its settings, later files winning (logind.conf(5)).
LOGIND_FILES = ("/usr/lib/systemd/logind.conf", "/etc/systemd/logind.conf")
LOGIND_DROP_INS = (
    "/usr/lib/systemd/logind.conf.d",
    "/usr/local/lib/systemd/logind.conf.d",
    "/etc/systemd/logind.conf.d",
    "/run/systemd/logind.conf.d",
)
POWER_STATE = "/sys/power/state"
#: crypttab options that open a volume with a device, not a person (crypttab(5)).
SELF_UNLOCK_OPTIONS = ("tpm2-device=",)
#: What logind does when the lid closes, said the same way on every system.
LID_ACTIONS = {
    "ignore": "nothing",
    "lock": "nothing",
    "suspend": "sleep",
    "hybrid-sleep": "sleep",
    "suspend-then-hibernate": "sleep",
    "hibernate": "hibernate",
    "poweroff": "shutdown",
    "halt": "shutdown",
    "reboot": "shutdown",
    "kexec": "shutdown",
}


def parse_crypttab(text: str) -> list[list[str]]:
    """The option words of each volume line of /etc/crypttab (name, device, key, options)."""
    volumes = []
    for raw in text.splitlines():
        fields = raw.split()
        if not fields or fields[0].startswith("#"):
            continue
        options = fields[3].split(",") if len(fields) > 3 else []
        volumes.append(options)
    return volumes


def self_unlocking(volumes: list[list[str]]) -> int:
    """How many volumes a TPM opens with no one typing anything."""
    return sum(any(o.startswith(SELF_UNLOCK_OPTIONS) for o in options) for options in volumes)


def _present(host: Host, paths: tuple[str, ...]) -> bool:
    """True when any of these files is there (only presence is looked at)."""
    return any(host.is_file(host.path(p)) for p in paths)


@reader()
def read_disk_key(host: Host) -> FactValue:
    """Whether the encrypted disk opens by itself: TPM in crypttab, or clevis installed."""
    try:
        text = host.read_text(host.path(CRYPTTAB), limit=256 * 1024)
    except NotFound:
        return Missing(Reason.not_installed, "no /etc/crypttab: no encrypted volume is set up")
    volumes = parse_crypttab(text)
    if not volumes:
        return Missing(Reason.not_installed, "/etc/crypttab lists no volume")
    tpm = self_unlocking(volumes)
    clevis = _present(host, CLEVIS_HOOKS)
    found: dict[str, FactValue] = {"volumes": len(volumes), "tpm_volumes": tpm, "clevis": clevis}
    if tpm or clevis:
        found["unlocks_itself"] = True
    elif host.is_file(host.path(DRACUT)):
        found["unlocks_itself"] = Missing(Reason.permission_denied, "LUKS tokens need root")
    else:
        found["unlocks_itself"] = False
    return found


def read_lid_action(host: Host) -> FactValue:
    """What closing the lid does (logind's HandleLidSwitch, "suspend" when not set)."""
    paths = [host.path(p) for p in LOGIND_FILES]
    for folder in LOGIND_DROP_INS:
        paths += drop_ins(host, host.path(folder))
    login = merge_ini(read_layers(host, paths)).get("Login", {})
    value = login.get("HandleLidSwitch", "suspend").strip().lower()
    action = LID_ACTIONS.get(value)
    if action is None:
        return Missing(Reason.parse_error, f"HandleLidSwitch={value!r}")
    return action


@reader()
def read_hibernate(host: Host) -> FactValue:
    """True when the kernel can hibernate ("disk" in /sys/power/state)."""
    states = host.read_text(host.path(POWER_STATE), limit=4096).split()
    if not states:
        return Missing(Reason.unsupported, "no power states (a container)")
    return "disk" in states


@reader()
def read_sleep(host: Host) -> FactValue:
    """What closing the lid does, and whether hibernation is possible at all."""
    found: dict[str, FactValue] = {"lid_action": read_lid_action(host)}
    found["hibernate"] = read_hibernate(host)
    return found
