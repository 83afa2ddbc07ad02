"""A reader of GVDB files (GLib's variant database), as Flatpak's permission store writes them.

A GVDB file (glib gio/gvdb/gvdb-format.h) is a 24-byte header ("GVariant", version, options,
the root table's start and end), then hash tables: bloom words, buckets, and 24-byte items
(hash, parent, key start, key size, type 'v' value / 'H' table / 'L' list, value start and
end). A value is a serialised GVariant of type "v". Only little-endian files are read (every
PC writes those); anything else is `ValueError`.
"""

from __future__ import annotations

import struct

_SIGNATURE = b"GVariant"
#: Longest type string and deepest nesting read (a permission entry is "(va{sas})", depth 4):
#: a damaged or hostile file must not run the reader out of stack.
MAX_TYPE = 64
MAX_DEPTH = 16
_ITEM = struct.Struct("<IIIHccII")
#: Most items read from one table (a permission table holds one item per device or app).
MAX_ITEMS = 10_000

Value = str | int | bool | list["Value"] | tuple["Value", ...] | None


def _offset_size(size: int) -> int:
    """How many bytes a framing offset takes in a container of `size` bytes."""
    for width, limit in ((1, 0xFF), (2, 0xFFFF), (4, 0xFFFFFFFF)):
        if size <= limit:
            return width
    return 8


def _read_offset(data: bytes, at: int, width: int) -> int:
    """A little-endian framing offset of `width` bytes."""
    return int.from_bytes(data[at : at + width], "little")


def _split(inner: str) -> list[str]:
    """The element types of a tuple or dict entry's inner type string ("sas" -> s, as)."""
    found: list[str] = []
    at = 0
    while at < len(inner):
        end = _type_end(inner, at)
        found.append(inner[at:end])
        at = end
    return found


def _type_end(text: str, at: int) -> int:
    """Where the single complete type starting at `at` ends."""
    char = text[at]
    if char in "am":
        return _type_end(text, at + 1)
    if char in "({":
        depth = 0
        for index in range(at, len(text)):
            depth += text[index] in "({"
            depth -= text[index] in ")}"
            if depth == 0:
                return index + 1
        raise ValueError(f"unclosed type {text!r}")
    return at + 1


_FIXED = {"b": 1, "y": 1, "n": 2, "q": 2, "i": 4, "u": 4, "h": 4, "x": 8, "t": 8, "d": 8}


def _alignment(kind: str) -> int:
    """The alignment of a type (the largest of its parts)."""
    if kind in _FIXED:
        return _FIXED[kind]
    if kind == "v":
        return 8
    if kind[0] in "am":
        return _alignment(kind[1:])
    if kind[0] in "({":
        return max([1, *(_alignment(part) for part in _split(kind[1:-1]))])
    return 1


def _align(at: int, alignment: int) -> int:
    """`at` rounded up to a multiple of `alignment`."""
    return -(-at // alignment) * alignment


def _fixed_value(kind: str, data: bytes) -> Value:
    """A number or a boolean."""
    if kind == "b":
        return data[:1] == b"\x01"
    signed = kind in "nixh"
    return int.from_bytes(data[: _FIXED[kind]], "little", signed=signed)


def parse(kind: str, data: bytes, depth: int = 0) -> Value:
    """A serialised GVariant of type `kind` as Python values (strings, numbers, lists, tuples;
    a variant as (type, value)). Raises ValueError when it does not fit."""
    if not kind or len(kind) > MAX_TYPE or depth > MAX_DEPTH:
        raise ValueError("type too long or too deep")
    if kind in ("s", "o", "g"):
        if not data.endswith(b"\x00"):
            raise ValueError("string without its end")
        return data[:-1].decode("utf-8", errors="replace")
    if kind in _FIXED:
        if len(data) < _FIXED[kind]:
            raise ValueError(f"{kind} too short")
        return _fixed_value(kind, data)
    if kind == "v":
        cut = data.rfind(b"\x00")
        if cut < 0:
            raise ValueError("variant without a type")
        inner = data[cut + 1 :].decode("ascii", errors="replace")
        return (inner, parse(inner, data[:cut], depth + 1))
    if kind[0] == "a":
        return _array(kind[1:], data, depth + 1)
    if kind[0] in "({":
        return tuple(_tuple(_split(kind[1:-1]), data, depth + 1))
    raise ValueError(f"type {kind!r} is not read")


def _array(element: str, data: bytes, depth: int) -> list[Value]:
    """An array: fixed-size elements back to back, or variable ones framed by end offsets."""
    if not data:
        return []
    if element in _FIXED:
        size = _FIXED[element]
        return [_fixed_value(element, data[at : at + size]) for at in range(0, len(data), size)]
    width = _offset_size(len(data))
    first = _read_offset(data, len(data) - width, width)
    if first > len(data) or (len(data) - first) % width:
        raise ValueError("array framing out of range")
    ends = [_read_offset(data, at, width) for at in range(first, len(data), width)]
    found: list[Value] = []
    start = 0
    for end in ends[:MAX_ITEMS]:
        start = _align(start, _alignment(element))
        if not start <= end <= first:
            raise ValueError("array element out of range")
        found.append(parse(element, data[start:end], depth))
        start = end
    return found


def _tuple(parts: list[str], data: bytes, depth: int) -> list[Value]:
    """A tuple or dict entry: each variable-size part but the last ends at a framing offset
    stored from the end of the container backwards."""
    width = _offset_size(len(data))
    found: list[Value] = []
    start, framed = 0, 0
    for index, part in enumerate(parts):
        start = _align(start, _alignment(part))
        if part in _FIXED:
            end = start + _FIXED[part]
        elif index == len(parts) - 1:
            end = len(data) - framed * width
        else:
            framed += 1
            end = _read_offset(data, len(data) - framed * width, width)
        if not start <= end <= len(data):
            raise ValueError("tuple element out of range")
        found.append(parse(part, data[start:end], depth))
        start = end
    return found


def _table(data: bytes, start: int, end: int) -> dict[str, tuple[str, int, int]]:
    """The items of one hash table: full key -> (type, value start, value end)."""
    if not 0 <= start <= end <= len(data) or end - start < 8:
        raise ValueError("hash table out of range")
    blooms, buckets = struct.unpack_from("<II", data, start)
    first = start + 8 + (blooms & ((1 << 27) - 1)) * 4 + buckets * 4
    if first > end or (end - first) % _ITEM.size:
        raise ValueError("hash items out of range")
    items = [_ITEM.unpack_from(data, at) for at in range(first, end, _ITEM.size)][:MAX_ITEMS]
    parts = [data[i[2] : i[2] + i[3]].decode("utf-8", errors="replace") for i in items]
    keys: list[str] = []
    for index in range(len(items)):
        # NOTE: a key is its parents' keys and its own part; a loop of parents is cut.
        key, parent, seen = parts[index], items[index][1], {index}
        while parent < len(items) and parent not in seen:
            seen.add(parent)
            key = parts[parent] + key
            parent = items[parent][1]
        keys.append(key)
    return {
        keys[index]: (item[4].decode("latin-1"), item[6], item[7])
        for index, item in enumerate(items)
    }


def read_gvdb(data: bytes) -> dict[str, dict[str, Value]]:
    """Each table of the root table (its 'H' items), as key -> value; values are read from
    their "v" wrapping. Raises ValueError for a file that is not a little-endian GVDB."""
    if len(data) < 24 or not data.startswith(_SIGNATURE):
        raise ValueError("not a GVDB file")
    root_start, root_end = struct.unpack_from("<II", data, 16)
    tables: dict[str, dict[str, Value]] = {}
    for name, (kind, start, end) in _table(data, root_start, root_end).items():
        if kind != "H":
            continue
        values: dict[str, Value] = {}
        for key, (inner, begin, finish) in _table(data, start, end).items():
            if inner == "v" and 0 <= begin <= finish <= len(data):
                wrapped = parse("v", data[begin:finish])
                values[key] = wrapped[1] if isinstance(wrapped, tuple) else wrapped
        tables[name] = values
    return tables
