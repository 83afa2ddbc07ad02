"""Linux root disk encryption, on recorded machines with real sysfs and mountinfo formats."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.linux.disk import (
    ROOT_ENCRYPTED,
    ROOT_STORAGE,
    LinuxDiskCollector,
    parse_mountinfo_root,
)
from shadowaudit.host import RecordedHost

Recorded = Callable[[str], RecordedHost]


@pytest.mark.parametrize(
    ("machine", "encrypted", "storage"),
    [
        (
            "debian12-luks-lvm",
            True,
            ["dm-1: LVM volume", "dm-0: encrypted (LUKS2)", "nvme0n1p3: disk or partition"],
        ),
        ("fedora41-btrfs-luks", True, ["dm-0: encrypted (LUKS2)", "nvme0n1p3: disk or partition"]),
        ("ubuntu2404-plain", False, ["nvme0n1p2: disk or partition"]),
    ],
)
def test_recorded_machines(
    recorded: Recorded, machine: str, encrypted: bool, storage: list[str]
) -> None:
    facts = LinuxDiskCollector().collect(recorded(machine))
    assert facts == {ROOT_ENCRYPTED: encrypted, ROOT_STORAGE: storage}


def test_container_root_cannot_be_followed(recorded: Recorded) -> None:
    facts = LinuxDiskCollector().collect(recorded("linux-container"))
    assert facts[ROOT_ENCRYPTED] == Missing(Reason.unsupported, "root file system is overlay")


def test_mountinfo_picks_the_last_root_mount() -> None:
    text = (
        "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
        "2 1 0:35 /root / rw,relatime shared:1 - btrfs /dev/mapper/luks-x rw,subvol=/root\n"
        "3 2 0:5 / /dev rw - devtmpfs udev rw\n"
        "broken line\n"
    )
    root = parse_mountinfo_root(text)
    assert root is not None
    assert (root.device_number, root.fs_type, root.source) == (
        "0:35",
        "btrfs",
        "/dev/mapper/luks-x",
    )
    assert parse_mountinfo_root("garbage\n\x00") is None


def test_optional_fields_before_the_dash() -> None:
    root = parse_mountinfo_root("22 1 254:1 / / rw shared:1 master:2 - ext4 /dev/dm-1 rw\n")
    assert root is not None and root.fs_type == "ext4" and root.source == "/dev/dm-1"
