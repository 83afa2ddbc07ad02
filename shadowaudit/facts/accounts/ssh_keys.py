"""SSH private keys in ~/.ssh: is each protected by a passphrase? Read from the key's header only.

OpenSSH keys (`BEGIN OPENSSH PRIVATE KEY`) store their cipher and key-derivation names in the
clear at the start of the body: "none"/"none" means no passphrase. PEM keys say
`Proc-Type: 4,ENCRYPTED`; PKCS#8 keys say `BEGIN ENCRYPTED PRIVATE KEY`. The key itself is
never decoded beyond those names, kept or shown.
"""

from __future__ import annotations

import base64
import binascii

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    display_path,
    missing_from,
)
from shadowaudit.host.base import Host, Platform

SSH_KEYS = "accounts.ssh_keys"
_SKIP = {
    "known_hosts",
    "known_hosts.old",
    "config",
    "authorized_keys",
    "authorized_keys2",
    "environment",
    "rc",
}
_MAGIC = b"openssh-key-v1\x00"


def _string(data: bytes, offset: int) -> tuple[bytes, int]:
    """One uint32-length-prefixed string of the OpenSSH key format."""
    if offset + 4 > len(data):
        raise ValueError("truncated")
    length = int.from_bytes(data[offset : offset + 4], "big")
    end = offset + 4 + length
    if length > 64 or end > len(data):
        raise ValueError("unexpected length")
    return data[offset + 4 : end], end


def key_protected(text: str) -> bool | None:
    """True when a private key text is protected by a passphrase, False when not, None when the
    text is not a private key we know."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or not lines[0].startswith("-----BEGIN ") or "PRIVATE KEY" not in lines[0]:
        return None
    header = lines[0]
    if "ENCRYPTED PRIVATE KEY" in header:
        return True
    if "OPENSSH PRIVATE KEY" in header:
        body = "".join(line for line in lines[1:] if not line.startswith("-----"))
        try:
            raw = base64.b64decode(body[:200] + "=" * (-len(body[:200]) % 4))
            if not raw.startswith(_MAGIC):
                return None
            cipher, offset = _string(raw, len(_MAGIC))
            kdf, _ = _string(raw, offset)
        except (binascii.Error, ValueError):
            return None
        return not (cipher == b"none" and kdf == b"none")
    return any(line.startswith("Proc-Type:") and "ENCRYPTED" in line for line in lines[1:5])


class SshKeysCollector(Collector):
    """Finds private keys in ~/.ssh and tells whether each has a passphrase."""

    name = "ssh_keys"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            SSH_KEYS,
            FactKind.list,
            "Private keys in ~/.ssh (or %USERPROFILE%\\.ssh), with whether a passphrase "
            "protects each; the key itself is never read beyond its header.",
            values="[{file, protected}]",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the first lines of each candidate file in ~/.ssh."""
        folder = host.home / ".ssh"
        try:
            names = host.list_dir(folder)
        except NotFound:
            return {SSH_KEYS: []}
        except HostError as exc:
            return {SSH_KEYS: missing_from(exc)}
        keys: list[FactValue] = []
        for name in names:
            if name in _SKIP or name.endswith((".pub", "-cert.pub")):
                continue
            path = folder / name
            if not host.is_file(path):
                continue
            try:
                head = host.read_bytes(path, limit=64 * 1024)
            except HostError as exc:
                keys.append({"file": display_path(host, path), "protected": missing_from(exc)})
                continue
            protected = key_protected(head[:4096].decode("ascii", errors="replace"))
            if protected is None and head.startswith(b"-----BEGIN") and b"PRIVATE KEY" in head[:80]:
                keys.append(
                    {
                        "file": display_path(host, path),
                        "protected": Missing(Reason.parse_error, "unknown key format"),
                    }
                )
            elif protected is not None:
                keys.append({"file": display_path(host, path), "protected": protected})
        return {SSH_KEYS: keys}
