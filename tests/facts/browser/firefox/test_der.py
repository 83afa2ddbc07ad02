"""The DER reader: shortest-form lengths, high tag numbers, whole elements, other containers."""

from __future__ import annotations

import pytest

from shadowaudit.facts.browser.firefox.der import DerError, parse, parse_all


@pytest.mark.parametrize(
    ("encoded", "tag", "content"),
    [
        (b"\x04\x00", 0x04, b""),
        (b"\x04\x81\x80" + b"a" * 0x80, 0x04, b"a" * 0x80),
        (b"\x04\x82\x01\x00" + b"b" * 0x100, 0x04, b"b" * 0x100),
        (b"\x9f\x1f\x01\x07", 0x9F1F, b"\x07"),  # [31]: the first high tag number
        (b"\xbf\x81\x00\x00", 0xBF8100, b""),  # [128], constructed
        (b"\x1f\x8f\xff\xff\xff\x7f\x00", 0x1F8FFFFFFF7F, b""),  # the largest: 2**32 - 1
    ],
)
def test_elements_read(encoded: bytes, tag: int, content: bytes) -> None:
    node = parse(encoded)
    assert (node.tag, node.content, node.encoded) == (tag, content, encoded)


@pytest.mark.parametrize(
    "encoded",
    [
        b"\x04\x81\x05abcde",  # a long form for a short length
        b"\x04\x82\x00\x80" + b"a" * 0x80,  # a leading zero in a length
        b"\x04\x80\x00\x00",  # an indefinite length (BER)
        b"\x04\x85\x00\x00\x00\x00\x01a",  # a five-byte length
        b"\x04\x05abc",  # past the end
        b"\x04\x01ab",  # trailing bytes
        b"\x9f\x1e\x00",  # a high tag number below 31
        b"\x9f\x80\x1f\x00",  # a leading zero digit in a tag number
        b"\x9f\x90\x80\x80\x80\x00\x00",  # a tag number past 32 bits
        b"\x9f\x81",  # a tag number cut short
        b"\x9f",
        b"",
    ],
)
def test_what_is_not_der_is_refused(encoded: bytes) -> None:
    with pytest.raises(DerError):
        parse(encoded)


def test_children_of_a_set_and_of_an_explicit_tag() -> None:
    inner = b"\x02\x01\x01\x02\x01\x02"
    assert [n.encoded for n in parse(b"\x31\x06" + inner).children(0x31)] == [inner[:3], inner[3:]]
    assert parse(b"\xa0\x03\x02\x01\x02").children(0xA0)[0].content == b"\x02"
    with pytest.raises(DerError):
        parse(b"\x31\x06" + inner).children()  # a SEQUENCE was expected
    assert [n.tag for n in parse_all(b"\x05\x00\x9f\x1f\x00")] == [0x05, 0x9F1F]
