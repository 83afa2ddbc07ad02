"""The `seizure.disk_key` and `seizure.sleep` facts, read by each platform's module."""

from __future__ import annotations

from collections.abc import Callable

from shadowaudit.errors import HostError
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    missing_from,
)
from shadowaudit.facts.seizure.disk_key import linux, macos, windows
from shadowaudit.host.base import Host, Platform

DISK_KEY = "seizure.disk_key"
SLEEP = "seizure.sleep"

_READERS: dict[Platform, tuple[Callable[[Host], FactValue], Callable[[Host], FactValue]]] = {
    Platform.windows: (windows.read_disk_key, windows.read_sleep),
    Platform.macos: (macos.read_disk_key, macos.read_sleep),
    Platform.linux: (linux.read_disk_key, linux.read_sleep),
}


class DiskKeyCollector(Collector):
    """Whether someone who takes the laptop can open its disk without the person."""

    name = "disk_key"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            DISK_KEY,
            FactKind.mapping,
            "Whether the disk opens without the person. Windows: a Microsoft account signed "
            "in (HKCU\\Software\\Microsoft\\IdentityCRL\\StoredIdentities, subkeys counted, "
            "never named) and a start-up PIN required by policy (HKLM\\SOFTWARE\\Policies\\"
            "Microsoft\\FVE). Linux: /etc/crypttab tpm2-device= options and clevis. macOS: "
            "needs an administrator (Missing).",
            fields={
                "unlocks_itself": "true when a TPM or clevis opens the disk at start-up",
                "microsoft_account": "Windows: true when a Microsoft account is signed in",
                "startup_pin": "Windows: 'required' when policy asks for a PIN at start-up",
                "volumes": "Linux: volumes in /etc/crypttab",
                "tpm_volumes": "Linux: volumes with a tpm2-device= option",
                "clevis": "Linux: true when clevis can unlock disks at start-up",
            },
        ),
        FactSpec(
            SLEEP,
            FactKind.mapping,
            "What closing the lid does. Windows: powercfg /q LIDACTION (the worse of plugged "
            "in and battery) and powercfg /a. macOS: pmset -g. Linux: logind's HandleLidSwitch "
            "and /sys/power/state.",
            fields={
                "lid_action": "'sleep', 'hibernate', 'shutdown' or 'nothing' (stays on)",
                "hibernate": "Windows, Linux: true when the system can hibernate",
                "hibernatemode": "macOS: pmset's hibernatemode",
                "destroy_key": "macOS: true when DestroyFVKeyOnStandby is 1",
                "standby": "macOS: true when standby is on",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read both facts with this platform's readers; a failure spoils only its fact."""
        found: FactMap = {}
        for name, read in zip((DISK_KEY, SLEEP), _READERS[host.platform], strict=True):
            try:
                found[name] = read(host)
            except HostError as exc:
                found[name] = missing_from(exc)
        return found
