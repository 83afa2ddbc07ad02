"""SSH keys (made by the real ssh-keygen), git identity, password managers and photo locations."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shadowaudit.facts.accounts.git_identity import GitIdentityCollector, email_kind, user_settings
from shadowaudit.facts.accounts.password_managers import PasswordManagersCollector
from shadowaudit.facts.accounts.ssh_keys import SshKeysCollector, key_protected
from shadowaudit.facts.base import fact_to_json
from shadowaudit.facts.traces.photos import PhotosCollector, has_location
from shadowaudit.host import RecordedHost
from tests.conftest import host_folder

Recorded = Callable[[str], RecordedHost]
HOME = host_folder("linux-accounts") / "files" / "home" / "ana"


def test_ssh_keys_written_by_ssh_keygen(recorded: Recorded) -> None:
    keys = SshKeysCollector().collect(recorded("linux-accounts"))["accounts.ssh_keys"]
    assert keys == [
        {"file": "~/.ssh/id_ecdsa_pkcs8", "protected": False},
        {"file": "~/.ssh/id_ed25519", "protected": False},
        {"file": "~/.ssh/id_rsa_pem", "protected": True},
        {"file": "~/.ssh/id_work", "protected": True},
    ]
    body = (HOME / ".ssh" / "id_ed25519").read_text().splitlines()[1]
    assert body not in json.dumps(fact_to_json(keys))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n", True),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\n!!!not base64!!!\n", None),
        ("ssh-ed25519 AAAAC3 public key", None),
        ("", None),
        ("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n", False),
    ],
)
def test_key_protected_on_odd_inputs(text: str, expected: bool | None) -> None:
    assert key_protected(text) is expected


def test_git_identity_never_keeps_the_address(recorded: Recorded) -> None:
    facts = GitIdentityCollector().collect(recorded("linux-accounts"))
    assert facts == {"accounts.git_identity": {"email": "personal", "name_set": True}}
    assert "canary" not in json.dumps(fact_to_json(facts))
    assert user_settings('[user "x"]\nemail = a@b.c\n[user]\n name=A\n email = "x@y.org"\n') == {
        "name": "A",
        "email": "x@y.org",
    }
    assert email_kind("12345+ana@users.noreply.github.com") == "noreply"
    assert email_kind("ana@example-ngo.org") == "other"
    assert email_kind("") == "none"


def test_password_manager_running(recorded: Recorded) -> None:
    facts = PasswordManagersCollector().collect(recorded("linux-accounts"))
    assert facts == {"accounts.password_managers": ["KeePassXC"]}


def test_recent_photos_with_a_position(recorded: Recorded) -> None:
    photos = PhotosCollector().collect(recorded("linux-accounts"))["traces.photos"]
    assert photos == {
        "looked_in": ["~/Pictures"],
        "recent": 5,
        "checked": 3,
        "with_location": 2,
        "videos_with_location": 0,
        "not_checked": 2,
        "folders": ["~/Pictures/Trip"],
        "per_folder": {"~/Pictures/Trip": 2},
        "only_newest": False,
        "capped": False,
    }


def test_has_location_reads_only_the_start(tmp_path: Path) -> None:
    located = (HOME / "Pictures" / "Trip" / "IMG_0001.jpg").read_bytes()
    assert has_location(located[:2000]) is True
    assert has_location((HOME / "Pictures" / "Scans" / "scan.jpg").read_bytes()) is False
    assert has_location(b"\x00" * 100) is None
    assert has_location(b"") is None
