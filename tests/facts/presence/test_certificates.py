"""Added roots: real NSS databases written by certutil, Linux anchors, Windows registry Blobs
and macOS trust settings in their documented formats; damaged and huge inputs."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.presence.interception import roots, stores
from shadowaudit.facts.presence.interception.certificates import (
    CERTIFICATES,
    CertificatesCollector,
)
from shadowaudit.facts.presence.interception.winblob import blob_certificate
from shadowaudit.host import LocalHost, RecordedHost
from tests.conftest import HOSTS
from tests.facts.presence.helpers import machine

MOZILLA = Path("/usr/share/ca-certificates/mozilla")
HOME = HOSTS / "linux-intercepted" / "files" / "home" / "ana"
#: The Firefox profile folder that certutil changed (its name is random).
PROFILE = next(HOME.glob(".config/mozilla/firefox/*/cert9.db")).parent.relative_to(HOME)


def _by_store(facts: object) -> dict[str, list[dict[str, object]]]:
    """The added roots by store."""
    assert isinstance(facts, list)
    found: dict[str, list[dict[str, object]]] = {}
    for root in facts:
        found.setdefault(str(root["store"]), []).append(root)
    return found


def test_roots_added_by_certutil_to_firefox_and_chromium(
    recorded: Callable[[str], RecordedHost],
) -> None:
    found = _by_store(CertificatesCollector().collect(recorded("linux-intercepted"))[CERTIFICATES])
    # NOTE: the organisation "Example Web Shield" is left out: the common name holds it.
    assert [r["subject"] for r in found["firefox_nss"]] == ["Example Web Shield Root"]
    assert found["chromium_nssdb"][0]["likely_owner"] == "development"
    for store in found.values():
        for root in store:
            assert re.fullmatch(r"[0-9a-f]{64}", str(root["sha256"]))
    # NOTE: "Example Issuing CA" sits in the same cert9.db without trust: not a root.
    subjects = str(found)
    assert "Issuing" not in subjects


def test_database_opened_read_only_in_place(tmp_path: Path) -> None:
    home = tmp_path / "home" / "ana"
    shutil.copytree(HOME, home)
    database = home / PROFILE / "cert9.db"
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    found = stores.nss_store(LocalHost(home=home), "firefox_nss", database)
    assert len(found) == 1
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["cert9.db", "prefs.js"]


def test_damaged_database_is_could_not_check(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        {"/home/ana/.pki/nssdb/cert9.db": b"SQLite format 3\x00" + b"\xff" * 5000},
    )
    assert _reason(CertificatesCollector().collect(host)[CERTIFICATES]) is Reason.parse_error


def test_a_foreign_sqlite_file_is_could_not_check(tmp_path: Path) -> None:
    prefs = HOME / PROFILE / "prefs.js"
    host = machine(tmp_path, {"/home/ana/.pki/nssdb/cert9.db": prefs.read_bytes()})
    assert isinstance(CertificatesCollector().collect(host)[CERTIFICATES], Missing)


def test_anchors_added_and_mozilla_roots_apart(tmp_path: Path) -> None:
    mozilla = sorted(MOZILLA.glob("*.crt"))[0].read_bytes()
    host = machine(
        tmp_path,
        {
            "/usr/local/share/ca-certificates/mozilla-copy.crt": mozilla,
            "/usr/local/share/ca-certificates/extra/corp.crt": _pem("Corp Proxy CA"),
            "/etc/ca-certificates.conf": b"mozilla/A.crt\n!mozilla/B.crt\n",
        },
    )
    found = CertificatesCollector().collect(host)[CERTIFICATES]
    assert isinstance(found, list)
    assert [r["subject"] for r in found] == ["Corp Proxy CA"]


def test_a_huge_anchor_file_is_could_not_check(tmp_path: Path) -> None:
    big = b"-----BEGIN CERTIFICATE-----\n" + b"A" * (stores.MAX_ANCHOR_FILE + 10)
    host = machine(tmp_path, {"/usr/local/share/ca-certificates/big.crt": big})
    assert _reason(CertificatesCollector().collect(host)[CERTIFICATES]) is Reason.too_large


def test_garbage_in_an_anchor_file_is_skipped(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        {
            "/usr/local/share/ca-certificates/bad.crt": b"-----BEGIN CERTIFICATE-----\nzz\n",
            "/usr/local/share/ca-certificates/good.crt": _pem("Good Name CA"),
        },
    )
    found = CertificatesCollector().collect(host)[CERTIFICATES]
    assert [r["subject"] for r in found] == ["Good Name CA"]  # type: ignore[index,union-attr]


def test_windows_stores(recorded: Callable[[str], RecordedHost]) -> None:
    found = _by_store(CertificatesCollector().collect(recorded("windows11-managed"))[CERTIFICATES])
    assert found["windows_user_root"][0]["likely_owner"] == "antivirus"
    assert found["windows_machine_root"][0]["likely_owner"] == "company"
    # NOTE: Microsoft Root Certificate Authority (a built-in thumbprint) is never read.
    assert len(found["windows_machine_root"]) == 1


def test_windows_blob_bounds() -> None:
    der = b"\x30\x03\x02\x01\x01"
    blob = _prop(3, b"\x00" * 20) + _prop(0x20, der)
    assert blob_certificate(blob) == der
    assert blob_certificate(blob[:-1]) is None
    assert blob_certificate(b"") is None
    lying = (0x20).to_bytes(4, "little") + b"\x01\x00\x00\x00" + (2**31).to_bytes(4, "little")
    assert blob_certificate(lying + b"\x00" * 8) is None
    assert blob_certificate(_prop(7, b"") * 1000) is None


def test_macos_trust_settings(recorded: Callable[[str], RecordedHost]) -> None:
    found = CertificatesCollector().collect(recorded("macos15-managed"))[CERTIFICATES]
    assert isinstance(found, list)
    assert [(r["store"], r["subject"]) for r in found] == [
        ("macos_admin_trust", "Example Corp TLS Inspection CA"),
        ("firefox_policy", "acme-inspection.crt"),
    ]
    assert re.fullmatch(r"[0-9a-f]{64}", str(found[0]["sha256"]))  # type: ignore[index]


def test_trust_settings_parse_leaves_out_denied_roots() -> None:
    text = (
        "Number of trusted certs = 3\nCert 0: Kept\n   Number of trust settings : 0\n"
        "Cert 1: Denied\n      Result Type           : kSecTrustSettingsResultDeny\n"
        "Cert 2: Mixed\n      Result Type           : kSecTrustSettingsResultDeny\n"
        "      Result Type           : kSecTrustSettingsResultTrustRoot\n"
    )
    assert stores.parse_trust_settings(text) == ["Kept", "Mixed"]


def test_macos_security_failure_is_could_not_check(tmp_path: Path) -> None:
    failing = {"stdout": "", "stderr": "security: internal error\n", "returncode": 1}
    commands: list[dict[str, object]] = [
        {"argv": ["/usr/bin/security", "dump-trust-settings"], **failing},
        {"argv": ["/usr/bin/security", "dump-trust-settings", "-d"], **failing},
    ]
    host = machine(tmp_path, commands=commands, platform="macos")
    assert _reason(CertificatesCollector().collect(host)[CERTIFICATES]) is Reason.parse_error


def test_owner_guess_and_program_roots() -> None:
    assert roots.likely_owner("Kaspersky Anti-Virus Personal Root Certificate") == "antivirus"
    assert roots.likely_owner("FortiGate CA") == "company"
    assert roots.likely_owner("mkcert ana@laptop") == "development"
    assert roots.likely_owner("Totally Normal Root") == "unknown"
    der = roots.certificates_in(sorted(MOZILLA.glob("*.crt"))[0].read_bytes())[0]
    assert roots.is_program_root(hashlib.sha256(der).hexdigest())
    assert len(roots.root_programs().mozilla) > 100


def _reason(value: object) -> Reason:
    """The reason of a Missing value (the test fails on anything else)."""
    assert isinstance(value, Missing), value
    return value.reason


def _prop(number: int, value: bytes) -> bytes:
    """One property of a registry Blob ([MS-GPEF] 2.2.2.2.1)."""
    return (
        b"".join(
            (number.to_bytes(4, "little"), b"\x01\x00\x00\x00", len(value).to_bytes(4, "little"))
        )
        + value
    )


def _pem(name: str) -> bytes:
    """A throw-away self-signed CA certificate as PEM (its key is discarded)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(Encoding.PEM)


def test_pem_blocks_give_the_certificates_own_bytes_and_skip_broken_ones() -> None:
    files = sorted(MOZILLA.glob("*.crt"))[:20]
    pem = b"".join(path.read_bytes() for path in files)
    broken = b"-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"
    ders = roots.certificates_in(broken + pem + broken)
    expected = [
        x509.load_pem_x509_certificate(p.read_bytes()).public_bytes(Encoding.DER) for p in files
    ]
    assert ders == expected


def test_roots_are_read_without_loading_the_cryptography_package() -> None:
    """The system's own roots (every Linux has ~150) are told by fingerprint; an added root
    is read by the small DER reader. Neither loads cryptography (issue 22: 40-60 ms a scan)."""
    added = HOSTS / "debian12-intercepted/files/usr/local/share/ca-certificates"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from shadowaudit.facts.presence.interception import stores\n"
        "from shadowaudit.facts.presence.interception.roots import certificates_in\n"
        f"files = sorted(Path('{MOZILLA}').glob('*.crt'))\n"
        "ders = [d for f in files for d in certificates_in(f.read_bytes())]\n"
        "assert len(ders) > 100 and stores._added(ders, 'linux_anchors') == []\n"
        f"mine = certificates_in(Path('{added}/example-inspection.crt').read_bytes())\n"
        "found = stores._added(mine, 'linux_anchors')\n"
        "assert [root['subject'] for root in found] == ['Example Corp TLS Inspection CA'], found\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'cryptography')\n"
        "assert loaded == [], loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
