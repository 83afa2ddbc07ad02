"""A minimal DER reader: enough to walk the ASN.1 structures NSS stores in key4.db."""

from __future__ import annotations

from dataclasses import dataclass

SEQUENCE, OCTET_STRING, INTEGER, OID, NULL = 0x30, 0x04, 0x02, 0x06, 0x05


class DerError(ValueError):
    """The bytes are not the DER structure expected."""


@dataclass(frozen=True)
class Node:
    """One DER element: its tag and its content bytes."""

    tag: int
    content: bytes

    def children(self) -> list[Node]:
        """The elements inside a constructed element (a SEQUENCE)."""
        if self.tag != SEQUENCE:
            raise DerError(f"expected a SEQUENCE, found tag {self.tag:#x}")
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


def _read(data: bytes, position: int) -> tuple[Node, int]:
    """Read the element at `position`; return it and the position after it."""
    if position + 2 > len(data):
        raise DerError("truncated element")
    tag, length = data[position], data[position + 1]
    start = position + 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or start + count > len(data):
            raise DerError("unsupported length")
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise DerError("truncated element")
    return Node(tag, data[start:end]), end


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
