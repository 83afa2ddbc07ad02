"""BorgBackup: each repository's last change and encryption, from borg's security folder.

For every repository it has used, borg keeps a folder named by the repository's id under
~/.config/borg/security (borg 1.x) or ~/.local/share/borg/security (borg 2; on a Mac,
~/Library/Application Support/borg/security), with `key-type` (the key's type number),
`manifest-timestamp` (the time of the repository's manifest, UTC, as
`2026-11-30T09:00:00.123456`) and `location` (SecurityManager: src/borg/cache.py in 1.x,
security.py in 2). borg saves them again each time it commits a change, so after every
`borg create` that worked. `borg prune` or `borg delete` also commits a change: the date is
the last change this computer made, which is the last backup when prune runs together with
create, as it usually does. The location (a server or a folder) is read only to tell a
network place from a local one, and never kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.traces.backups.item import (
    LOCAL,
    NETWORK,
    REMOVABLE,
    REPOSITORY,
    no_date,
    parse_time,
    tool,
)
from shadowaudit.host.base import Host, Platform

NAME = "BorgBackup"
MAX_SMALL = 4096
#: Most repositories looked at (each is one small folder).
MAX_REPOS = 32
#: Key types that encrypt (src/borg/constants.py KeyType): keyfile, passphrase, repokey and
#: their BLAKE2 forms (borg 1.x); AES-OCB and ChaCha20-Poly1305 suites (borg 2).
ENCRYPTING = frozenset({0x00, 0x01, 0x03, 0x04, 0x05, 0x10, 0x20, 0x30, 0x40})
#: Key types that do not: plaintext ("none"), "authenticated" (1.x); "authenticated-*" and
#: "none-*" (borg 2).
NOT_ENCRYPTING = frozenset({0x02, 0x06, 0x07, 0x60, 0x70, 0x80, 0x90})
#: Where Linux desktops (udisks) and macOS mount the drives one plugs in.
REMOVABLE_MOUNTS = ("/media/", "/run/media/", "/Volumes/")


def _security_folders(host: Host) -> list[PurePath]:
    """Where borg 1.x (src/borg/helpers/fs.py get_config_dir) and borg 2 (get_data_dir,
    platformdirs' user data folder) keep what they know of each repository."""
    data = host.home / ".local" / "share"
    if host.platform is Platform.macos:
        data = host.home / "Library" / "Application Support"
    return [host.config_home() / "borg" / "security", data / "borg" / "security"]


def _encrypted(text: str) -> bool | None:
    """Whether the key type number encrypts; None when it is not one borg writes."""
    try:
        number = int(text.strip())
    except ValueError:
        return None
    return True if number in ENCRYPTING else False if number in NOT_ENCRYPTING else None


def _target(location: str) -> str | None:
    """A network place (`ssh://`), a drive one plugs in (mounted under /media, /run/media or
    /Volumes, as desktops mount them), or a folder on this computer's drives."""
    location = location.strip().removeprefix("file://")
    if location.startswith("ssh://"):
        return NETWORK
    if location.startswith(REMOVABLE_MOUNTS):
        return REMOVABLE
    return LOCAL if location.startswith("/") else None


def _read(host: Host, path: PurePath) -> str | Missing:
    """A small file of the security folder as text, or why it cannot be read."""
    try:
        return host.read_text(path, MAX_SMALL)
    except HostError as exc:
        return missing_from(exc)


def _repository(host: Host, folder: PurePath) -> dict[str, FactValue]:
    """One repository's last change, encryption and kind of place."""
    stamp = _read(host, folder / "manifest-timestamp")
    key = _read(host, folder / "key-type")
    location = _read(host, folder / "location")
    last: datetime | None | Missing = stamp if isinstance(stamp, Missing) else None
    if isinstance(stamp, str):
        try:
            last = parse_time(stamp)
        except ValueError:
            last = Missing(Reason.parse_error, "borg manifest-timestamp")
    if last is None:
        last = Missing(Reason.parse_error, "borg manifest-timestamp is empty")
    encrypted = None if isinstance(key, Missing) else _encrypted(key)
    target = None if isinstance(location, Missing) else _target(location)
    return tool(NAME, last, encrypted, target)


def borg(host: Host) -> Iterator[dict[str, FactValue]]:
    """Every repository borg has used from this account; only its cache (~/.cache/borg, no
    security folder, as borg before 1.1 left it): present, date unknown."""
    found = 0
    for base in _security_folders(host):
        try:
            names = host.list_dir(base)
        except HostError:
            continue
        for name in names[:MAX_REPOS]:
            if host.is_dir(base / name):
                found += 1
                yield {**_repository(host, base / name), REPOSITORY: name}
    if not found and host.is_dir(host.home / ".cache" / "borg"):
        yield tool(NAME, no_date(NAME), None)
