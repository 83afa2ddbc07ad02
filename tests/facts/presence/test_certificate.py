"""The certificate reader gives what cryptography gives: real roots (Debian's bundle, Mozilla's,
the recorded machines' anchors), certificates with odd names made here, and damaged bytes."""

from __future__ import annotations

import datetime
import random
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509  # NOTE: the oracle; a missing package fails these tests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtensionOID, NameOID

from shadowaudit.facts.presence import certificate
from shadowaudit.facts.presence.interception import roots, stores
from shadowaudit.facts.presence.interception.certificates import CertificatesCollector
from shadowaudit.host import RecordedHost
from tests.conftest import HOSTS

BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
MOZILLA = Path("/usr/share/ca-certificates/mozilla")
#: A fixed key: Ed25519 signs deterministically, so each certificate made here is the same.
KEY = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

Result = certificate.Certificate | None | str


def _by_cryptography(der: bytes) -> Result:
    """What cryptography tells of the certificate (the code describe used before), or the
    name of what it raised besides ValueError and TypeError. Its warnings (a serial of 0, a
    country name of three letters) change no result and are set aside."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return roots._read_with_cryptography(der)
        except Exception as exc:  # noqa: BLE001 - the oracle reports any raise by name
            return type(exc).__name__


def _by_reader(der: bytes) -> Result:
    """What the reader tells, or "unsure" where it leaves the certificate to cryptography."""
    try:
        return certificate.read(der)
    except certificate.Unsure:
        return "unsure"


def _compare(ders: list[bytes]) -> tuple[int, list[tuple[int, Result, Result]]]:
    """How many certificates the reader decided alone, and every one where it differs."""
    decided, differ = 0, []
    for index, der in enumerate(ders):
        mine = _by_reader(der)
        if mine == "unsure":
            continue
        decided += 1
        theirs = _by_cryptography(der)
        if mine != theirs:
            differ.append((index, mine, theirs))
    return decided, differ


def _bundle() -> list[bytes]:
    """Every certificate of Debian's bundle and of Mozilla's folder on this machine."""
    assert BUNDLE.is_file(), "Debian's bundle of roots is needed (package ca-certificates)"
    ders = roots.certificates_in(BUNDLE.read_bytes())
    for path in sorted(MOZILLA.glob("*.crt")):
        ders.extend(roots.certificates_in(path.read_bytes()))
    return ders


def test_every_root_of_the_bundle_reads_as_cryptography_reads_it() -> None:
    ders = _bundle()
    decided, differ = _compare(ders)
    assert differ == []
    # NOTE: the rest hold an extension the reader leaves to cryptography (policies, CRL
    # points, names) or an RSA-PSS or other rare algorithm; describe gives the same for them.
    assert len(ders) > 100 and decided > len(ders) * 3 // 4


def _anchors(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every certificate the collector finds on the recorded machines, program roots too."""
    found: list[bytes] = []
    real = stores.describe

    def kept(der: bytes) -> tuple[str, str, bool] | None:
        found.append(der)
        return real(der)

    monkeypatch.setattr(stores, "is_program_root", lambda sha256: False)
    monkeypatch.setattr(stores, "describe", kept)
    for folder in sorted(HOSTS.iterdir()):
        if (folder / "host.yaml").is_file():
            CertificatesCollector().collect(RecordedHost(folder))
    return found


def test_the_recorded_machines_anchors_read_as_cryptography_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ders = _anchors(monkeypatch)
    decided, differ = _compare(ders)
    assert differ == []
    assert len(ders) >= 5 and decided == len(ders)


def _name(*rdns: list[tuple[x509.ObjectIdentifier, str, _ASN1Type | None]]) -> x509.Name:
    """A name of these RDNs, each a list of (OID, text, string type)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a long common name is warned of, and kept
        return x509.Name(
            [
                x509.RelativeDistinguishedName(
                    [
                        x509.NameAttribute(oid, text, kind, _validate=False)
                        for oid, text, kind in rdn
                    ]
                )
                for rdn in rdns
            ]
        )


CN, ORG, OU, C = (
    NameOID.COMMON_NAME,
    NameOID.ORGANIZATION_NAME,
    NameOID.ORGANIZATIONAL_UNIT_NAME,
    NameOID.COUNTRY_NAME,
)
PLAIN = _name([(CN, "Example Inspection Root", None)], [(ORG, "Example Web Shield", None)])


def _made(
    subject: x509.Name = PLAIN,
    issuer: x509.Name | None = None,
    extensions: tuple[x509.ExtensionType, ...] = (
        x509.BasicConstraints(ca=True, path_length=None),
    ),
    days: int = 30,
    key: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey = KEY,
    rsa_padding: padding.PSS | None = None,
) -> bytes:
    """A certificate signed by `key` with this subject, issuer (the subject unless given) and
    extensions; an RSA key signs with SHA-256 and `rsa_padding`."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer)
        .public_key(key.public_key())
        .serial_number(22)
        .not_valid_before(START)
        .not_valid_after(START + datetime.timedelta(days=days))
    )
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    algorithm = hashes.SHA256() if isinstance(key, rsa.RSAPrivateKey) else None
    return builder.sign(key, algorithm, rsa_padding=rsa_padding).public_bytes(Encoding.DER)


def _raw(oid: x509.ObjectIdentifier, value: str) -> x509.UnrecognizedExtension:
    """An extension of a known OID with these bytes (hex) as its value, however wrong."""
    return x509.UnrecognizedExtension(oid, bytes.fromhex(value))


def _swapped(der: bytes, old: bytes, new: bytes) -> bytes:
    """The certificate with `old` bytes (in its subject and issuer) replaced by `new` of the
    same length."""
    assert old in der and len(old) == len(new)
    return der.replace(old, new)


MULTI = _name([(CN, "aa", None), (ORG, "bb", None)], [(CN, "Second", None)])
BASIC = ExtensionOID.BASIC_CONSTRAINTS
KEY_USAGE = ExtensionOID.KEY_USAGE
#: (what it shows, the certificate, describe's answer). The answers are written out: they are
#: what cryptography answered when this test was written, checked again below.
CASES: list[tuple[str, bytes, tuple[str, bool] | None]] = [
    ("plain", _made(), ("Example Inspection Root, Example Web Shield", True)),
    ("multi-valued RDN", _made(MULTI), ("aa, Second, bb", True)),
    (
        "BMPString beyond the BMP",
        _made(_name([(CN, "Ωmega 😀 Root", _ASN1Type.BMPString)])),
        ("Ωmega 😀 Root", True),
    ),
    (
        "UniversalString",
        _made(_name([(ORG, "Ünïcode 😀", _ASN1Type.UniversalString)])),
        ("Ünïcode 😀", True),
    ),
    ("T61String", _made(_name([(CN, "Zürich CA", _ASN1Type.T61String)])), ("Zürich CA", True)),
    (
        "IA5, Visible, Printable, Numeric strings",
        _made(
            _name(
                [(C, "CH", _ASN1Type.PrintableString)],
                [(ORG, "ia5 org", _ASN1Type.IA5String)],
                [(OU, "123", _ASN1Type.NumericString)],
                [(CN, "visible", _ASN1Type.VisibleString)],
            )
        ),
        ("visible, ia5 org", True),
    ),
    (
        "no common name",
        _made(_name([(ORG, "Only Org", None)], [(OU, "Unit", None)])),
        ("Only Org", True),
    ),
    ("no name at all", _made(x509.Name([])), ("(no name)", True)),
    (
        "no basicConstraints, self-issued",
        _made(extensions=()),
        ("Example Inspection Root, Example Web Shield", True),
    ),
    (
        "no basicConstraints, another issuer",
        _made(issuer=_name([(CN, "Someone Else", None)]), extensions=()),
        ("Example Inspection Root, Example Web Shield", False),
    ),
    (
        "no basicConstraints, same text in another string type",
        _made(
            _name([(CN, "Same", _ASN1Type.UTF8String)]),
            _name([(CN, "Same", _ASN1Type.PrintableString)]),
            extensions=(),
        ),
        ("Same", True),
    ),
    (
        "cA false",
        _made(extensions=(x509.BasicConstraints(ca=False, path_length=None),)),
        ("Example Inspection Root, Example Web Shield", False),
    ),
    (
        "a long name",
        _made(_name([(CN, "C" * 3000, None)], [(ORG, "O" * 5000, None)])),
        ("C" * roots.MAX_NAME, True),
    ),
    (
        "the same common name twice, organisation inside it",
        _made(
            _name([(CN, "Shield Root", None)], [(CN, "Shield Root", None)], [(ORG, "Shield", None)])
        ),
        ("Shield Root", True),
    ),
    (
        "key usage, key identifiers, an unknown extension, path length, far dates",
        _made(
            extensions=(
                x509.BasicConstraints(ca=True, path_length=0),
                x509.KeyUsage(True, False, False, False, True, True, True, True, True),
                x509.SubjectKeyIdentifier(b"\x01" * 20),
                x509.AuthorityKeyIdentifier(b"\x01" * 20, None, None),
                x509.UnrecognizedExtension(
                    x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00"
                ),
            ),
            days=40_000,
        ),
        ("Example Inspection Root, Example Web Shield", True),
    ),
    ("cA written as FALSE", _made(extensions=(_raw(BASIC, "3003010100"),)), None),
    ("cA neither TRUE nor FALSE", _made(extensions=(_raw(BASIC, "3003010101"),)), None),
    ("a path length without cA", _made(extensions=(_raw(BASIC, "3003020101"),)), None),
    ("decipherOnly without keyAgreement", _made(extensions=(_raw(KEY_USAGE, "0303070080"),)), None),
    ("a key usage with unused bits set", _made(extensions=(_raw(KEY_USAGE, "03020101"),)), None),
    (
        "a key identifier that is not an OCTET STRING",
        _made(extensions=(_raw(ExtensionOID.SUBJECT_KEY_IDENTIFIER, "020101"),)),
        None,
    ),
    (
        "a T61String that is not UTF-8",
        _swapped(_made(_name([(CN, "Zürich CA", _ASN1Type.T61String)])), "ü".encode(), b"\xfcA"),
        None,
    ),
    (
        "a multi-valued RDN out of DER order",
        _swapped(
            _made(MULTI),
            bytes.fromhex("300906035504030c0261613009060355040a0c026262"),
            bytes.fromhex("3009060355040a0c026262300906035504030c026161"),
        ),
        None,
    ),
    (
        "a PrintableString with an asterisk",
        _swapped(
            _made(_name([(CN, "Star-CA", _ASN1Type.PrintableString)])), b"Star-CA", b"Star*CA"
        ),
        None,
    ),
]


ODD = {label: der for label, der, _ in CASES}


@pytest.mark.parametrize(("label", "der", "expected"), CASES, ids=[case[0] for case in CASES])
def test_odd_certificates(label: str, der: bytes, expected: tuple[str, bool] | None) -> None:
    mine, theirs = _by_reader(der), _by_cryptography(der)
    assert mine != "unsure", f"{label}: the reader should decide this one alone"
    assert mine == theirs
    described = roots.describe(der)
    assert (described and (described[0], described[2])) == expected


def test_a_root_the_reader_leaves_to_cryptography_is_read_by_cryptography() -> None:
    """RSA-PSS parameters are not checked by the reader: describe asks cryptography."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    der = _made(key=key, rsa_padding=pss)
    with pytest.raises(certificate.Unsure):
        certificate.read(der)
    described = roots.describe(der)
    assert described and described[0::2] == ("Example Inspection Root, Example Web Shield", True)


def test_names_of_other_string_types_compare_equal_as_cryptography_compares_them() -> None:
    """subject == issuer is cryptography's Name equality (text, not string type), so DER bytes
    alone would tell a self-issued root apart from its own issuer."""
    der = ODD["no basicConstraints, same text in another string type"]
    cert = x509.load_der_x509_certificate(der)
    assert cert.subject == cert.issuer
    assert cert.subject.public_bytes() != cert.issuer.public_bytes()
    read = certificate.read(der)
    assert read is not None and read.is_ca


def _damaged() -> Iterator[bytes]:
    """Deterministic damage to certificates the reader reads alone: every truncation of two,
    then 1,500 with one to three bytes changed (a fixed seed): about 2,400 cases."""
    ders = [ODD["key usage, key identifiers, an unknown extension, path length, far dates"]]
    ders += [der for der in _bundle()[:60] if _by_reader(der) != "unsure"]
    for der in (ders[0], min(ders[1:], key=len)):
        for end in range(len(der)):
            yield der[:end]
    chance = random.Random(22)
    for _ in range(1_500):
        damaged = bytearray(chance.choice(ders))
        for _ in range(chance.randint(1, 3)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        yield bytes(damaged)


def test_damaged_certificates_read_as_cryptography_reads_them() -> None:
    cases = list(_damaged())
    decided, differ = _compare(cases)
    assert differ == []
    # NOTE: the reader leaves to cryptography a damaged algorithm or extension OID that
    # lands on one it does not check, or a name value whose tag became a rare one.
    assert len(cases) > 2_000 and decided > len(cases) * 19 // 20


def test_describe_gives_what_cryptography_gave_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """describe with the reader, and describe with cryptography alone (the code before)."""
    cases = [*ODD.values(), *list(_damaged())[::7], *_bundle()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        now = [roots.describe(der) for der in cases]

    def unsure(der: bytes) -> certificate.Certificate:
        raise certificate.Unsure("cryptography alone")

    monkeypatch.setattr(certificate, "read", unsure)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = [roots.describe(der) for der in cases]
    assert now == before


@pytest.mark.parametrize(
    "der",
    [
        b"",
        b"\x30",
        b"\x30\x80" + b"\x00" * 4,  # indefinite length (BER, not DER)
        b"\x30\x81\x05" + b"\x02\x01\x01" * 2,  # a long form for a short length
        b"\x30\x85\xff\xff\xff\xff\xff",  # a five-byte length
        b"\x30\x84\x7f\xff\xff\xff",  # a length far past the end
        b"\x30" + b"\x82\x10\x00" + b"\x30\x82\x0f\xfc" * 1000,  # nesting past the end
        b"\x30\x00\x00",  # trailing bytes
        b"\x1f\x80\x01\x00",  # a tag number not in its shortest form
    ],
)
def test_broken_framing_is_not_a_certificate(der: bytes) -> None:
    assert certificate.read(der) is None
    assert _by_cryptography(der) is None
