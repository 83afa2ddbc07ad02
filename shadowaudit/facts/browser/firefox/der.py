"""A minimal DER reader: enough to walk the ASN.1 structures of key4.db and of a certificate."""

from __future__ import annotations

from msgspec import Struct

SEQUENCE, OCTET_STRING, INTEGER, OID, NULL = 0x30, 0x04, 0x02, 0x06, 0x05
#: Most bytes of a high tag number (X.690 8.1.2.4): five base-128 digits hold 32 bits.
MAX_TAG_DIGITS = 5


class DerError(ValueError):
    """The bytes are not the DER structure expected."""


class Node(Struct, frozen=True):
    """One DER element: its tag (the identifier bytes as a number), its content bytes and
    the whole element as encoded."""

    tag: int
    content: bytes
    encoded: bytes = b""

    def children(self, tag: int = SEQUENCE) -> list[Node]:
        """The elements inside a constructed element: a SEQUENCE unless `tag` says another."""
        if self.tag != tag:
            raise DerError(f"expected tag {tag:#x}, found tag {self.tag:#x}")
        return parse_all(self.content)

    def integer(self) -> int:
        """The value of an INTEGER."""
        if self.tag != INTEGER or not self.content:
            raise DerError("expected an INTEGER")
        return int.from_bytes(self.content, "big", signed=True)

    def octets(self) -> bytes:
        """The bytes of an OCTET STRING."""
        if self.tag != OCTET_STRING:
            raise DerError("expected an OCTET STRING")
        return self.content

    def oid(self) -> str:
        """An OBJECT IDENTIFIER in dotted form."""
        if self.tag != OID or not self.content:
            raise DerError("expected an OBJECT IDENTIFIER")
        first = self.content[0]
        parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
        value = 0
        for byte in self.content[1:]:
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                parts.append(value)
                value = 0
        return ".".join(str(p) for p in parts)


def _tag(data: bytes, position: int) -> tuple[int, int]:
    """The tag at `position` and the position after it; a high tag number (low five bits all
    set) goes on in base-128 digits, in its shortest form and at most 32 bits."""
    first = data[position]
    end = position + 1
    if first & 0x1F != 0x1F:
        return first, end
    value = 0
    while True:
        if end >= len(data) or end - position > MAX_TAG_DIGITS:
            raise DerError("unsupported tag")
        digit = data[end]
        if end == position + 1 and digit == 0x80:
            raise DerError("tag not in its shortest form")
        value = (value << 7) | (digit & 0x7F)
        end += 1
        if not digit & 0x80:
            break
    if value < 0x1F or value > 0xFFFFFFFF:
        raise DerError("tag not in its shortest form")
    return int.from_bytes(data[position:end], "big"), end


def _read(data: bytes, position: int) -> tuple[Node, int]:
    """Read the element at `position`; return it and the position after it. Lengths must be
    in their shortest form (DER) and at most four bytes long."""
    if position + 2 > len(data):
        raise DerError("truncated element")
    tag, start = _tag(data, position)
    if start >= len(data):
        raise DerError("truncated element")
    length = data[start]
    start += 1
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or start + count > len(data):
            raise DerError("unsupported length")
        if data[start] == 0 or (count == 1 and data[start] < 0x80):
            raise DerError("length not in its shortest form")
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise DerError("truncated element")
    return Node(tag, data[start:end], data[position:end]), end


def parse(data: bytes) -> Node:
    """The single element that makes up `data`."""
    node, end = _read(data, 0)
    if end != len(data):
        raise DerError("trailing bytes")
    return node


def parse_all(data: bytes) -> list[Node]:
    """Every element, one after another, in `data`."""
    nodes, position = [], 0
    while position < len(data):
        node, position = _read(data, position)
        nodes.append(node)
    return nodes
