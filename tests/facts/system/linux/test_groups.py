"""Linux administrator rights from /etc/passwd, /etc/group and the kernel's group ids only."""

from __future__ import annotations

from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.system.linux.groups import (
    Account,
    directory_sources,
    parse_group,
    parse_passwd,
    read_user_is_admin,
)
from tests.facts.system.linux.test_desktop import Recorded, variant

SSSD = "passwd: sss files systemd\ngroup: sss files systemd\n"


def test_passwd_and_group_lines() -> None:
    passwd = (
        "+::::::\n# note\nroot:x:0:0:root:/root:/bin/bash\nana:x:1000:1000:Ana:/home/ana:/bin/sh\n"
    )
    assert parse_passwd(passwd, 1000) == Account("ana", 1000)
    assert parse_passwd(passwd, 1001) is None
    group = "sudo:x:27:ana, bo\n+:::\nbroken\nwheel:x:ten:\nana:x:1000:\n"
    assert parse_group(group) == [
        ("sudo", 27, frozenset({"ana", "bo"})),
        ("ana", 1000, frozenset()),
    ]


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("passwd: files systemd\ngroup: files [SUCCESS=merge] systemd\n", []),
        (SSSD, ["sss"]),
        ("group: files ldap # comment\nhosts: files dns\n", ["ldap"]),
        ("passwd: compat\ngroup: compat winbind\n", ["compat", "winbind"]),
        ("netgroup: nis\n", []),
    ],
)
def test_which_sources_may_ask_a_directory(text: str, sources: list[str]) -> None:
    assert directory_sources(text) == sources


@pytest.mark.parametrize(
    ("machine", "admin"),
    [
        ("ubuntu2404-plain", True),  # sudo
        ("fedora41-btrfs-luks", True),  # wheel
        ("debian12-luks-lvm", False),  # cdrom, audio
        ("linux-container", True),  # root
    ],
)
def test_recorded_machines(recorded: Recorded, machine: str, admin: bool) -> None:
    assert read_user_is_admin(recorded(machine)) is admin


def test_the_kernels_group_ids_count_even_without_a_member_list(tmp_path: Path) -> None:
    host = variant(
        tmp_path, "debian12-luks-lvm", host={"ids": {"uid": 1000, "gid": 1000, "groups": [27]}}
    )
    assert read_user_is_admin(host) is True


def test_a_directory_account_is_not_guessed(tmp_path: Path) -> None:
    ldap = variant(
        tmp_path, "debian12-luks-lvm", host={"ids": {"uid": 5001, "gid": 5001, "groups": []}}
    )
    result = read_user_is_admin(ldap)
    assert isinstance(result, Missing) and result.reason is Reason.directory


def test_a_group_only_a_directory_can_name_is_not_guessed(tmp_path: Path) -> None:
    host = variant(
        tmp_path,
        "debian12-luks-lvm",
        host={"ids": {"uid": 1000, "gid": 1000, "groups": [1000, 70001]}},
    )
    result = read_user_is_admin(host)
    assert isinstance(result, Missing) and result.reason is Reason.directory


def test_a_name_service_that_asks_a_directory_is_not_guessed(tmp_path: Path) -> None:
    host = variant(tmp_path, "debian12-luks-lvm", files={"/etc/nsswitch.conf": SSSD})
    result = read_user_is_admin(host)
    assert isinstance(result, Missing) and result.reason is Reason.directory
    # A local admin group decides, whatever the directory would add.
    sudo = variant(tmp_path / "sudo", "ubuntu2404-plain", files={"/etc/nsswitch.conf": SSSD})
    assert read_user_is_admin(sudo) is True


def test_unreadable_files_and_old_recordings(tmp_path: Path) -> None:
    denied = variant(tmp_path, "debian12-luks-lvm", host={"unreadable": ["/etc/group"]})
    assert read_user_is_admin(denied) == Missing(Reason.permission_denied, "/etc/group")
    old = variant(tmp_path / "old", "linux-firefox")
    result = read_user_is_admin(old)
    assert isinstance(result, Missing) and result.reason is Reason.not_installed
