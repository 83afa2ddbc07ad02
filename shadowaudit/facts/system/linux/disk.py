"""Linux disk encryption: is the root file system stored on dm-crypt (LUKS), read from sysfs.

Everything here is world-readable: /proc/self/mountinfo names the device under `/`, and
/sys/class/block/<dev>/dm/uuid with the `slaves/` chain tells whether that device, or one it is
built on (LVM on LUKS), is a dm-crypt device. cryptsetup names its devices `CRYPT-<type>-...`.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from msgspec import Struct

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    Missing,
    Reason,
    missing_from,
)
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

ROOT_ENCRYPTED = "system.linux.root_encrypted"
ROOT_STORAGE = "system.linux.root_storage"

# NOTE: these file systems do not sit on a block device we can follow (containers, live
# systems, network or ZFS roots); saying "not encrypted" there would be a guess.
_UNFOLLOWABLE = {
    "overlay",
    "aufs",
    "tmpfs",
    "squashfs",
    "zfs",
    "9p",
    "virtiofs",
    "nfs",
    "nfs4",
    "cifs",
    "ramfs",
    "rootfs",
}
_MAX_DEPTH = 8


class RootMount(Struct, frozen=True):
    """The mount of `/` as /proc/self/mountinfo describes it."""

    device_number: str
    fs_type: str
    source: str


def parse_mountinfo_root(text: str) -> RootMount | None:
    """Find the mount of `/` in /proc/self/mountinfo text (the last one, which is on top)."""
    found = None
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields or len(fields) < 7:
            continue
        dash = fields.index("-")
        if fields[4] != "/" or len(fields) < dash + 3:
            continue
        found = RootMount(
            device_number=fields[2], fs_type=fields[dash + 1], source=fields[dash + 2]
        )
    return found


def _block(host: Host, name: str) -> PurePath:
    """The sysfs folder of a block device."""
    return host.path("/sys/class/block", name)


def _device_name(host: Host, mount: RootMount) -> str:
    """The kernel name (dm-0, nvme0n1p3) of the device holding `/`; NotFound if unknown."""
    if not mount.device_number.startswith("0:"):
        uevent = host.read_text(host.path("/sys/dev/block", mount.device_number, "uevent"))
        for line in uevent.splitlines():
            if line.startswith("DEVNAME="):
                return line.removeprefix("DEVNAME=").rsplit("/", 1)[-1]
    # NOTE: btrfs reports an anonymous device number; fall back to the mount source.
    if mount.source.startswith("/dev/mapper/"):
        wanted = mount.source.removeprefix("/dev/mapper/")
        for name in host.list_dir(host.path("/sys/class/block")):
            try:
                dm_name = host.read_text(_block(host, name) / "dm" / "name").strip()
            except NotFound:
                continue
            if dm_name == wanted:
                return name
    if mount.source.startswith("/dev/"):
        name = mount.source.rsplit("/", 1)[-1]
        if host.is_dir(_block(host, name)):
            return name
    raise NotFound(f"no block device for {mount.source}")


def _describe(uuid: str) -> str:
    """What kind of device a device-mapper uuid names, in plain words."""
    if uuid.startswith("CRYPT-"):
        kind = uuid.split("-")[1] if uuid.count("-") >= 1 else ""
        return f"encrypted ({kind})" if kind else "encrypted"
    if uuid.startswith("LVM-"):
        return "LVM volume"
    return "device-mapper" if uuid else "disk or partition"


def storage_chain(host: Host, device: str, depth: int = 0) -> tuple[bool, list[str]]:
    """Follow a device down to the disks it is built on; True when one layer is dm-crypt."""
    try:
        uuid = host.read_text(_block(host, device) / "dm" / "uuid").strip()
    except NotFound:
        uuid = ""
    chain = [f"{device}: {_describe(uuid)}"]
    encrypted = uuid.startswith("CRYPT-")
    if depth >= _MAX_DEPTH:
        return encrypted, chain
    try:
        slaves = host.list_dir(_block(host, device) / "slaves")
    except NotFound:
        slaves = []
    for slave in slaves:
        below_encrypted, below = storage_chain(host, slave, depth + 1)
        encrypted = encrypted or below_encrypted
        chain.extend(below)
    return encrypted, chain


class LinuxDiskCollector(Collector):
    """Tells whether Linux's root file system is encrypted, without administrator rights."""

    name = "linux_disk"
    platforms = frozenset({Platform.linux})
    facts = (
        FactSpec(
            ROOT_ENCRYPTED,
            FactKind.boolean,
            "True when the root file system sits on a dm-crypt (LUKS) device, directly or "
            "under LVM; read from /proc/self/mountinfo and /sys/class/block.",
        ),
        FactSpec(
            ROOT_STORAGE,
            FactKind.list,
            "The layers under the root file system, top first, as 'device: kind'.",
            values="for example ['dm-1: LVM volume', 'dm-0: encrypted (LUKS2)', "
            "'nvme0n1p3: disk or partition']",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Find the device of `/` and follow it down to the disk."""
        try:
            mount = parse_mountinfo_root(host.read_text(host.path("/proc/self/mountinfo")))
        except HostError as exc:
            return self.all_missing(missing_from(exc).reason, str(exc))
        if mount is None:
            return self.all_missing(Reason.parse_error, "no / in mountinfo")
        if mount.fs_type in _UNFOLLOWABLE or mount.fs_type.startswith("fuse"):
            log.info("linux_disk: root is %s, not a block device we can follow", mount.fs_type)
            return self.all_missing(Reason.unsupported, f"root file system is {mount.fs_type}")
        try:
            device = _device_name(host, mount)
            encrypted, chain = storage_chain(host, device)
        except HostError as exc:
            missing = missing_from(exc)
            if isinstance(exc, NotFound):
                missing = Missing(Reason.unsupported, str(exc))
            return {ROOT_ENCRYPTED: missing, ROOT_STORAGE: missing}
        return {ROOT_ENCRYPTED: encrypted, ROOT_STORAGE: list(chain)}
