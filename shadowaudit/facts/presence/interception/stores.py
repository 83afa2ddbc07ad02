"""Where each system keeps root certificates that a person, a program or an organisation added.

Each reader gives the added roots of one store as fact subjects (roots of Mozilla's program
and Windows' own roots are left out), and lets a HostError out when the store exists but
cannot be read. None needs administrator rights.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import PurePath

from shadowaudit.errors import Damaged, HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.browser.firefox.collector import profile_roots
from shadowaudit.facts.presence.interception.nss import trusted_roots
from shadowaudit.facts.presence.interception.roots import (
    added_root,
    certificates_in,
    describe,
    interception,
    is_program_root,
    shown_name,
)
from shadowaudit.facts.presence.interception.winblob import blob_certificate
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

Roots = list[dict[str, FactValue]]
#: Largest file of anchors read (a full bundle of every root is about 200 KB).
MAX_ANCHOR_FILE = 1024 * 1024
#: Most entries looked at in one store or folder.
MAX_ENTRIES = 1_000
SECURITY = "/usr/bin/security"

#: Windows certificate stores in the registry that hold roots someone added, by store name.
#: AuthRoot (HKLM\SOFTWARE\Microsoft\SystemCertificates\AuthRoot) is left out: Windows
#: downloads its roots one by one from Microsoft's program, as listed by the trust list kept
#: under AuthRoot\AutoUpdate (CERT_AUTH_ROOT_AUTO_UPDATE_LOCAL_MACHINE_REGPATH, wincrypt.h);
#: only an administrator can add to it.
WINDOWS_STORES = {
    "windows_user_root": "HKCU\\Software\\Microsoft\\SystemCertificates\\Root\\Certificates",
    "windows_machine_root": "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates",
    "windows_enterprise_root": "HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates\\Root"
    "\\Certificates",
    "windows_group_policy_root": "HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates"
    "\\Root\\Certificates",
    "windows_user_policy_root": "HKCU\\Software\\Policies\\Microsoft\\SystemCertificates"
    "\\Root\\Certificates",
}


def _added(ders: list[bytes], store: str) -> Roots:
    """The certificates that are CAs and that no root program ships, as added roots."""
    roots: Roots = []
    for der in ders:
        if is_program_root(hashlib.sha256(der).hexdigest()):
            continue  # the common case, told without parsing the certificate
        described = describe(der)
        if described is None:
            continue
        subject, sha256, is_ca = described
        if is_ca:
            roots.append(added_root(subject, sha256, store))
    return roots


def windows_store(host: Host, store: str) -> Roots:
    """Added roots in one Windows registry store (key names are SHA-1 thumbprints)."""
    key = WINDOWS_STORES[store]
    builtin = set(interception().windows_builtin_sha1)
    ders = []
    for thumbprint in host.registry_subkeys(key)[:MAX_ENTRIES]:
        if thumbprint.lower() in builtin:
            continue
        blob = host.registry_values(f"{key}\\{thumbprint}").get("Blob")
        der = blob_certificate(blob) if isinstance(blob, bytes) else None
        if der is None:
            log.info("certificates: a Windows store entry holds no readable certificate")
            continue
        ders.append(der)
    return _added(ders, store)


_TRUSTED_CERTS = re.compile(r"^Number of trusted certs = (\d+)", re.MULTILINE)
_CERT_LINE = re.compile(r"^Cert \d+: (.*)$")
_SHA256 = re.compile(r"^SHA-256 hash: ([0-9A-Fa-f]{64})\s*$", re.MULTILINE)


def parse_trust_settings(text: str) -> list[str]:
    """Labels of the certificates `security dump-trust-settings` lists as trusted (one
    whose every setting is a denial is distrusted, not added). Format: Apple's Security
    sources, SecurityTool/trusted_cert_dump.c."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        match = _CERT_LINE.match(line.strip())
        if match:
            blocks.append((match.group(1).strip(), []))
        elif "Result Type" in line and blocks:
            blocks[-1][1].append(line)
    labels = [
        label for label, results in blocks if not (results and all("Deny" in r for r in results))
    ]
    return labels[:MAX_ENTRIES]


def macos_domain(host: Host, store: str, flags: list[str]) -> Roots:
    """Added roots in a macOS trust settings domain (user, or admin with -d)."""
    done = host.run([SECURITY, "dump-trust-settings", *flags])
    if done.returncode != 0:
        if "No Trust Settings were found" in done.stderr + done.stdout:
            return []
        raise _failed(done.stderr)
    if not _TRUSTED_CERTS.search(done.stdout):
        raise _failed("unexpected output")
    roots: Roots = []
    for label in parse_trust_settings(done.stdout):
        found = host.run([SECURITY, "find-certificate", "-a", "-Z", "-c", label])
        hashes = _SHA256.findall(found.stdout) if found.returncode == 0 else []
        shown = shown_name(label) or "(no name)"
        if not hashes:
            root = added_root(shown, "", store)
            root["sha256"] = Missing(Reason.not_sure, "no SHA-256 printed")
            roots.append(root)
        roots.extend(
            added_root(shown, digest.lower(), store)
            for digest in dict.fromkeys(hashes)
            if not is_program_root(digest.lower())
        )
    return roots


def _failed(detail: str) -> HostError:
    """A store that answered, but not in a form understood."""
    return Damaged(f"security dump-trust-settings: {detail[:200]}")


def _anchor_files(host: Host, folder: PurePath, depth: int = 1) -> Iterator[PurePath]:
    """Certificate files in a folder of anchors (and its subfolders, one level)."""
    try:
        names = host.list_dir(folder)[:MAX_ENTRIES]
    except NotFound:
        return
    for name in names:
        path = folder / name
        if host.is_file(path):
            yield path
        elif depth > 0 and host.is_dir(path):
            yield from _anchor_files(host, path, depth - 1)


def _conf_extras(host: Host) -> list[PurePath]:
    """Certificates /etc/ca-certificates.conf turns on besides Mozilla's (Debian): lines
    that are not comments, not switched off with `!`, and not under mozilla/."""
    try:
        text = host.read_text(host.path("/etc/ca-certificates.conf"), MAX_ANCHOR_FILE)
    except NotFound:
        return []
    lines = [line.strip() for line in text.splitlines()]
    chosen = [
        line for line in lines if line and line[0] not in "#!" and not line.startswith("mozilla/")
    ]
    return [host.path("/usr/share/ca-certificates", *line.split("/")) for line in chosen]


def linux_anchors(host: Host) -> Roots:
    """Added roots among the system's anchors: Debian's /usr/local/share/ca-certificates,
    Fedora's /etc/pki/ca-trust/source/anchors, and what /etc/ca-certificates.conf adds."""
    files = [
        *_anchor_files(host, host.path("/usr/local/share/ca-certificates")),
        *_anchor_files(host, host.path("/etc/pki/ca-trust/source/anchors")),
        *_conf_extras(host),
    ]
    ders: list[bytes] = []
    for path in files[:MAX_ENTRIES]:
        try:
            ders.extend(certificates_in(host.read_bytes(path, MAX_ANCHOR_FILE)))
        except NotFound:
            continue
    return _added(ders, "linux_anchors")


def firefox_profiles(host: Host) -> list[PurePath]:
    """Folders of Firefox-family profiles: those under a profiles folder that hold prefs.js
    or cert9.db (the files read here), whatever profiles.ini says."""
    found: list[PurePath] = []
    for root in profile_roots(host):
        for folder in (root.path, root.path / "Profiles"):
            try:
                names = host.list_dir(folder)[:MAX_ENTRIES]
            except HostError:
                continue
            found += [
                folder / name
                for name in names
                if host.is_file(folder / name / "prefs.js")
                or host.is_file(folder / name / "cert9.db")
            ]
    return found


def nss_databases(host: Host) -> list[tuple[str, PurePath]]:
    """(store, cert9.db) of Chromium's shared NSS database (Linux) and of each Firefox
    profile that has one."""
    found: list[tuple[str, PurePath]] = []
    nssdb = host.home / ".pki" / "nssdb" / "cert9.db"
    if host.is_file(nssdb):
        found.append(("chromium_nssdb", nssdb))
    found += [
        ("firefox_nss", profile / "cert9.db")
        for profile in firefox_profiles(host)
        if host.is_file(profile / "cert9.db")
    ]
    return found


def nss_store(host: Host, store: str, database: PurePath) -> Roots:
    """Added roots an NSS database trusts."""
    return _added(trusted_roots(host, database), store)
