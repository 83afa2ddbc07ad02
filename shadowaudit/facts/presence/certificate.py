"""A certificate's names and CA flag, read from its DER bytes as the cryptography package does.

Reads an X.509 certificate (RFC 5280 4.1) far enough to tell its subject's common names and
organisations and whether it may sign others, and refuses exactly what cryptography refuses
(its DER rules, its string types, its checks of the extensions it knows). What this reader
does not check as cryptography does (an unusual signature algorithm, an extension that
cryptography parses and this reader does not, a rare string type) is not guessed: it raises
Unsure, and the caller asks cryptography.
"""

from __future__ import annotations

from msgspec import Struct

from shadowaudit.facts.browser.firefox.der import INTEGER, OCTET_STRING, OID, Node
from shadowaudit.facts.browser.firefox.der import DerError as Refused
from shadowaudit.facts.browser.firefox.der import parse as parse_der

SET, BOOLEAN, BIT_STRING, UTC_TIME, GENERALIZED_TIME = 0x31, 0x01, 0x03, 0x17, 0x18
VERSION, ISSUER_ID, SUBJECT_ID, EXTENSIONS, KEY_ID = 0xA0, 0x81, 0x82, 0xA3, 0x80
PRINTABLE, NUMERIC, IA5, BMP, UNIVERSAL = 0x13, 0x12, 0x16, 0x1E, 0x1C
#: UTF8String, TeletexString (T61), VisibleString: cryptography decodes each as UTF-8 when it
#: reads the name, and checks nothing else (a T61 string is not read as Latin-1).
UTF8_DECODED = frozenset({0x0C, 0x14, 0x1A})
#: The characters each checked string type may hold (rust-asn1 types.rs; IA5 is ASCII).
ALPHABETS = {
    PRINTABLE: frozenset(
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?"
    ),
    NUMERIC: frozenset(b"0123456789 "),
    IA5: frozenset(range(0x80)),
}
#: Object identifiers as their DER content bytes.
COMMON_NAME, ORGANISATION = bytes.fromhex("550403"), bytes.fromhex("55040a")
BASIC_CONSTRAINTS, KEY_USAGE = bytes.fromhex("551d13"), bytes.fromhex("551d0f")
SUBJECT_KEY_ID, AUTHORITY_KEY_ID = bytes.fromhex("551d0e"), bytes.fromhex("551d23")
#: Extensions cryptography parses (certificate.rs parse_cert_ext), by OID prefix: every
#: 2.5.29 one, the PKIX ones (1.3.6.1.5.5.7.1), OCSP no-check, Certificate Transparency,
#: Microsoft's certificate template and admissions. Any other extension stays bytes to it.
PARSED_BY_CRYPTOGRAPHY = tuple(
    bytes.fromhex(prefix)
    for prefix in (
        "551d",
        "2b060105050701",
        "2b0601050507300105",
        "2b06010401d6790204",
        "2b0601040182371507",
        "2b24080303",
    )
)
#: AlgorithmIdentifiers (whole DER) whose parameters this reader knows to be what
#: cryptography expects: RSA (MD5, SHA-1, SHA-2) with NULL, ECDSA with SHA-2 and no
#: parameters, EC keys on P-256, P-384, P-521, Ed25519 and Ed448.
KNOWN_ALGORITHMS = frozenset(
    bytes.fromhex(encoded)
    for encoded in (
        "300d06092a864886f70d0101010500",  # rsaEncryption
        "300d06092a864886f70d0101040500",  # md5WithRSAEncryption
        "300d06092a864886f70d0101050500",  # sha1WithRSAEncryption
        "300d06092a864886f70d01010b0500",  # sha256WithRSAEncryption
        "300d06092a864886f70d01010c0500",  # sha384WithRSAEncryption
        "300d06092a864886f70d01010d0500",  # sha512WithRSAEncryption
        "300a06082a8648ce3d040302",  # ecdsa-with-SHA256
        "300a06082a8648ce3d040303",  # ecdsa-with-SHA384
        "300a06082a8648ce3d040304",  # ecdsa-with-SHA512
        "301306072a8648ce3d020106082a8648ce3d030107",  # id-ecPublicKey, P-256
        "301006072a8648ce3d020106052b81040022",  # id-ecPublicKey, P-384
        "301006072a8648ce3d020106052b81040023",  # id-ecPublicKey, P-521
        "300506032b6570",  # Ed25519
        "300506032b6571",  # Ed448
    )
)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: One attribute of a name: its type (OID bytes), its string tag, and its text (None until
#: decoded) with its raw bytes.
Attribute = tuple[bytes, int, str | None, bytes]


class Unsure(Exception):
    """The certificate holds something this reader does not check the way cryptography does."""


class Certificate(Struct, frozen=True):
    """What describe needs of a certificate, in the order cryptography lists them."""

    common_names: list[str]
    organisations: list[str]
    is_ca: bool


def read(der: bytes) -> Certificate | None:
    """The subject's names and CA flag of a DER certificate; None where cryptography raises
    ValueError (or TypeError) on loading it or reading those fields. Raises Unsure where this
    reader cannot tell."""
    try:
        tbs = _loaded(der)
        subject = _texts(tbs.subject)
        is_ca = _basic_constraints(tbs.extensions)
        if is_ca is None:
            is_ca = _same_name(tbs.subject, tbs.issuer)
    except Refused:
        return None
    pairs = [pair for rdn in subject for pair in rdn]
    return Certificate(
        [text for oid, text in pairs if oid == COMMON_NAME],
        [text for oid, text in pairs if oid == ORGANISATION],
        is_ca,
    )


class _Tbs(Struct, frozen=True):
    """The parts of a tbsCertificate read further: the two names and the extensions."""

    issuer: list[list[Attribute]]
    subject: list[list[Attribute]]
    extensions: list[tuple[bytes, Node]]


def _loaded(der: bytes) -> _Tbs:
    """The certificate as cryptography's loader checks it (its whole ASN.1 structure, the
    version and the serial); Refused where that loader raises ValueError."""
    certificate = parse_der(der).children()
    if len(certificate) != 3:
        raise Refused("a certificate has three parts")
    tbs, algorithm, signature = certificate
    fields = tbs.children()
    doubts: list[str] = []
    version = fields.pop(0) if fields and fields[0].tag == VERSION else None
    if version is not None and version.content != b"\x02\x01\x02":
        _version(version)
        doubts.append("a version other than 1 or 3")
    if len(fields) < 6:
        raise Refused("fields missing")
    serial, inner_algorithm, issuer, validity, subject, key = fields[:6]
    # NOTE: cryptography 51 warns of a serial that is not positive (old roots have 0) and
    # reads the certificate all the same; so does this reader, without the warning.
    _integer(serial)
    key_parts = key.children()
    if len(key_parts) != 2:
        raise Refused("a public key has two parts")
    algorithms = (algorithm, inner_algorithm, key_parts[0])
    for node in algorithms:
        _algorithm(node)
    _bits(key_parts[1])
    _bits(signature)
    times = validity.children()
    if len(times) != 2:
        raise Refused("a validity has two times")
    for time in times:
        _time(time)
    names = _name(issuer), _name(subject)
    extensions = _optional(fields[6:])
    if any(node.encoded not in KNOWN_ALGORITHMS for node in algorithms):
        doubts.append("an algorithm this reader does not check")
    elif algorithm.encoded != inner_algorithm.encoded:
        doubts.append("two signature algorithms")
    if doubts:
        raise Unsure(doubts[0])
    return _Tbs(names[0], names[1], extensions)


def _version(node: Node) -> None:
    """A version other than 3: Refused where cryptography cannot read it as a small number,
    or where it is version 1 written out (DER leaves a default value out)."""
    inner = node.children(VERSION)
    if len(inner) != 1 or inner[0].tag != INTEGER:
        raise Refused("a version is one INTEGER")
    value = _integer(inner[0])
    if not 1 <= value <= 255:
        raise Refused("a version out of range, or the default written out")


def _integer(node: Node) -> int:
    """An INTEGER in its shortest form."""
    data = node.content
    if node.tag != INTEGER or not data:
        raise Refused("expected an INTEGER")
    if len(data) > 1 and (data[0], data[1] & 0x80) in ((0, 0), (0xFF, 0x80)):
        raise Refused("an INTEGER not in its shortest form")
    return int.from_bytes(data, "big", signed=True)


def _algorithm(node: Node) -> None:
    """An AlgorithmIdentifier: an OID and at most one parameter element."""
    parts = node.children()
    if not 1 <= len(parts) <= 2:
        raise Refused("an algorithm is an OID and its parameters")
    _oid(parts[0])


def _oid(node: Node) -> bytes:
    """An OBJECT IDENTIFIER's bytes, each number in its shortest base-128 form."""
    data = node.content
    if node.tag != OID or not data or data[-1] & 0x80:
        raise Refused("expected an OBJECT IDENTIFIER")
    start = 0
    for index, byte in enumerate(data):
        if index == start and byte == 0x80:
            raise Refused("an OID number not in its shortest form")
        if not byte & 0x80:
            if index - start >= 9:
                raise Unsure("an OID number this reader does not bound as cryptography does")
            start = index + 1
    if len(data) > 63:
        raise Unsure("an OID longer than this reader checks")
    return data


def _bits(node: Node) -> bytes:
    """A BIT STRING's bytes: unused bits at most 7, none in an empty one, all zero."""
    data = node.content
    if node.tag != BIT_STRING or not data:
        raise Refused("expected a BIT STRING")
    unused = data[0]
    if unused > 7 or (len(data) == 1 and unused) or (unused and data[-1] & ((1 << unused) - 1)):
        raise Refused("a BIT STRING with wrong unused bits")
    return data[1:]


def _time(node: Node) -> None:
    """A UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) of a real moment."""
    digits = {UTC_TIME: 12, GENERALIZED_TIME: 14}.get(node.tag)
    text = node.content
    if digits is None or len(text) != digits + 1 or text[-1:] != b"Z":
        raise Refused("a time not in DER form")
    if not text[:-1].isdigit():
        raise Refused("a time not in DER form")
    numbers = [int(text[i : i + 2]) for i in range(digits - 10, digits, 2)]
    year = int(text[: digits - 10])
    if digits == 12:
        year += 1900 if year >= 50 else 2000
    month, day, hour, minute, second = numbers
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= month <= 12 or hour > 23 or minute > 59 or second > 59:
        raise Refused("a time that never was")
    if not 1 <= day <= _DAYS[month - 1] + (leap and month == 2):
        raise Refused("a day that never was")


def _name(node: Node) -> list[list[Attribute]]:
    """The RDNs of a Name, checked as cryptography's parser checks them: each a SET in DER
    order of (OID, value); the values of the string types it checks decoded."""
    rdns = []
    for rdn in node.children():
        attributes: list[Attribute] = []
        previous = b""
        for item in rdn.children(SET):
            if item.encoded < previous:
                raise Refused("a SET not in DER order")
            previous = item.encoded
            parts = item.children()
            if len(parts) != 2:
                raise Refused("an attribute is an OID and a value")
            attributes.append((_oid(parts[0]), parts[1].tag, *_checked(parts[1])))
        rdns.append(attributes)
    return rdns


def _checked(value: Node) -> tuple[str | None, bytes]:
    """The text of the five string types cryptography's parser checks as it loads a
    certificate (in the issuer too), and the raw bytes."""
    data = value.content
    try:
        if value.tag in ALPHABETS:
            if not ALPHABETS[value.tag].issuperset(data):
                raise Refused("a character the string type does not have")
            return data.decode("ascii"), data
        if value.tag == BMP:
            return data.decode("utf-16-be"), data
        if value.tag == UNIVERSAL:
            return data.decode("utf-32-be"), data
    except UnicodeDecodeError as exc:
        raise Refused("a string that does not decode") from exc
    return None, data


def _texts(rdns: list[list[Attribute]]) -> list[list[tuple[bytes, str]]]:
    """A name as cryptography's Name objects hold it: each RDN a list of (OID, text), every
    value decoded, none empty, no attribute twice."""
    texts = []
    for rdn in rdns:
        pairs = []
        for oid, tag, text, data in rdn:
            if text is None and tag not in UTF8_DECODED:
                raise Unsure(f"a name value of tag {tag:#x}")
            try:
                pairs.append((oid, data.decode("utf-8") if text is None else text))
            except UnicodeDecodeError as exc:
                raise Refused("a name value that is not UTF-8") from exc
        if not pairs or len(set(pairs)) != len(pairs):
            raise Refused("an empty RDN, or one attribute twice")
        texts.append(pairs)
    return texts


def _same_name(subject: list[list[Attribute]], issuer: list[list[Attribute]]) -> bool:
    """Subject == issuer as cryptography compares Names: the same RDNs in the same order, each
    the same set of (OID, text), whatever string type holds the text. Equal DER bytes are
    equal Names; different bytes may still be equal (a PrintableString and a UTF8String of
    the same text)."""
    texts = [[frozenset(rdn) for rdn in _texts(name)] for name in (subject, issuer)]
    return texts[0] == texts[1]


def _optional(fields: list[Node]) -> list[tuple[bytes, Node]]:
    """The optional tail of a tbsCertificate: unique identifiers, then the extensions as
    (OID, value) with their framing checked."""
    tags = [node.tag for node in fields]
    expected = [tag for tag in (ISSUER_ID, SUBJECT_ID, EXTENSIONS) if tag in tags]
    if tags != expected:
        raise Refused("unexpected fields at the end of a tbsCertificate")
    for node in fields[: len(fields) - (EXTENSIONS in tags)]:
        _bits(Node(BIT_STRING, node.content))
    if EXTENSIONS not in tags:
        return []
    outer = fields[-1].children(EXTENSIONS)
    if len(outer) != 1:
        raise Refused("the extensions are one SEQUENCE")
    found = []
    for extension in outer[0].children():
        parts = extension.children()
        if len(parts) == 3 and parts[1].tag == BOOLEAN:
            if parts[1].content != b"\xff":
                raise Refused("critical is TRUE or left out")
            parts = [parts[0], parts[2]]
        if len(parts) != 2 or parts[1].tag != OCTET_STRING:
            raise Refused("an extension is an OID, critical and an OCTET STRING")
        found.append((_oid(parts[0]), parts[1]))
    if not found:
        raise Unsure("an empty list of extensions")
    return found


def _basic_constraints(extensions: list[tuple[bytes, Node]]) -> bool | None:
    """cA of basicConstraints, None when it is absent; every extension cryptography parses is
    checked first, in order, as it checks them."""
    oids = [oid for oid, _ in extensions]
    if len(set(oids)) != len(oids):
        raise Unsure("an extension twice")  # cryptography raises DuplicateExtension
    is_ca = None
    for oid, value in extensions:
        if oid == BASIC_CONSTRAINTS:
            is_ca = _ca(value.content)
        elif oid == KEY_USAGE:
            _key_usage(value.content)
        elif oid == SUBJECT_KEY_ID:
            if parse_der(value.content).tag != OCTET_STRING:
                raise Refused("a key identifier is an OCTET STRING")
        elif oid == AUTHORITY_KEY_ID:
            _authority_key_id(value.content)
        elif oid.startswith(PARSED_BY_CRYPTOGRAPHY):
            raise Unsure("an extension this reader does not check")
    return is_ca


def _ca(data: bytes) -> bool:
    """cA of a BasicConstraints value (cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL)."""
    parts = parse_der(data).children()
    ca = bool(parts) and parts[0].tag == BOOLEAN
    if ca and parts[0].content != b"\xff":
        raise Refused("cA is TRUE or left out")
    rest = parts[1:] if ca else parts
    if len(rest) > 1:
        raise Refused("too many fields in basicConstraints")
    if rest:
        length = _integer(rest[0])
        if length < 0 or length >= 1 << 64:
            raise Refused("a path length out of range")
        if not ca:
            raise Refused("a path length without cA")  # BasicConstraints() refuses it
    return ca


def _key_usage(data: bytes) -> None:
    """A KeyUsage BIT STRING; encipherOnly or decipherOnly needs keyAgreement (KeyUsage()
    refuses it otherwise)."""
    bits = int.from_bytes(_bits(parse_der(data))[:2].ljust(2, b"\x00"), "big")
    agreement, encipher, decipher = bits & 1 << 11, bits & 1 << 8, bits & 1 << 7
    if (encipher or decipher) and not agreement:
        raise Refused("encipherOnly or decipherOnly without keyAgreement")


def _authority_key_id(data: bytes) -> None:
    """An AuthorityKeyIdentifier holding at most a key identifier ([0] IMPLICIT OCTET
    STRING); an issuer and serial are left to cryptography."""
    parts = parse_der(data).children()
    if [part.tag for part in parts] not in ([], [KEY_ID]):
        raise Unsure("an authority key identifier with an issuer")
