"""The target of a Windows shortcut (.lnk), read bounded per Microsoft's [MS-SHLLINK].

Only the path is kept: the arguments a shortcut passes may hold secrets. A file that is not
a shortcut, or one whose target lies only in its shell item list, raises Damaged.
"""

from __future__ import annotations

import struct

from shadowaudit.errors import Damaged

#: [MS-SHLLINK] 2.1: the header is 0x4C bytes, with this class id.
HEADER_SIZE = 0x4C
LINK_CLSID = bytes.fromhex("0114020000000000c000000000000046")
HAS_ID_LIST, HAS_LINK_INFO, HAS_NAME, HAS_RELATIVE_PATH, IS_UNICODE = 0x1, 0x2, 0x4, 0x8, 0x80
#: [MS-SHLLINK] 2.3: LinkInfoFlags bit A, a local path is given.
VOLUME_AND_LOCAL_PATH = 0x1
_MAX_PATH = 32_767


def _string(data: bytes, start: int, unicode: bool) -> str:
    """A NUL-terminated string from `start` (UTF-16LE or the system code page)."""
    if start <= 0 or start >= len(data):
        raise Damaged("shortcut: a string lies outside the file")
    if unicode:
        end = start
        while end + 1 < len(data) and data[end : end + 2] != b"\x00\x00":
            end += 2
        return data[start:end].decode("utf-16-le", errors="replace")[:_MAX_PATH]
    end = data.find(b"\x00", start)
    return data[start : end if end != -1 else len(data)].decode("cp1252", errors="replace")


def _link_info_path(data: bytes, offset: int) -> str:
    """The local base path plus the common suffix of a LinkInfo structure ([MS-SHLLINK] 2.3)."""
    info = data[offset:]
    if len(info) < 0x1C:
        raise Damaged("shortcut: LinkInfo is cut short")
    size, header, flags, _volume, local, _network, suffix = struct.unpack_from("<7I", info)
    info = info[:size]
    if not flags & VOLUME_AND_LOCAL_PATH:
        return ""
    if header >= 0x24 and len(info) >= 0x24:
        local_unicode, suffix_unicode = struct.unpack_from("<2I", info, 0x1C)
        base = _string(info, local_unicode, unicode=True)
        rest = _string(info, suffix_unicode, unicode=True) if suffix_unicode else ""
        return base + rest
    base = _string(info, local, unicode=False)
    rest = _string(info, suffix, unicode=False) if suffix else ""
    return base + rest


def _relative_path(data: bytes, offset: int, flags: int) -> str:
    """The RELATIVE_PATH string of the StringData section ([MS-SHLLINK] 2.4), or ""."""
    unicode = bool(flags & IS_UNICODE)
    width = 2 if unicode else 1
    for present in (HAS_NAME, HAS_RELATIVE_PATH):
        if not flags & present:
            continue
        if offset + 2 > len(data):
            raise Damaged("shortcut: StringData is cut short")
        (count,) = struct.unpack_from("<H", data, offset)
        text = data[offset + 2 : offset + 2 + count * width]
        offset += 2 + count * width
        if present == HAS_RELATIVE_PATH:
            return text.decode("utf-16-le" if unicode else "cp1252", errors="replace")
    return ""


def link_target(data: bytes) -> str:
    """The path a shortcut opens: LinkInfo's local path, else its relative path."""
    if len(data) < HEADER_SIZE or data[4:20] != LINK_CLSID:
        raise Damaged("not a Windows shortcut")
    (size,) = struct.unpack_from("<I", data, 0)
    (flags,) = struct.unpack_from("<I", data, 0x14)
    if size != HEADER_SIZE:
        raise Damaged("shortcut: unexpected header size")
    offset = HEADER_SIZE
    if flags & HAS_ID_LIST:
        if offset + 2 > len(data):
            raise Damaged("shortcut: the item list is cut short")
        offset += 2 + struct.unpack_from("<H", data, offset)[0]
    target = ""
    if flags & HAS_LINK_INFO:
        if offset + 4 > len(data):
            raise Damaged("shortcut: LinkInfo is cut short")
        target = _link_info_path(data, offset)
        offset += struct.unpack_from("<I", data, offset)[0]
    if not target:
        target = _relative_path(data, offset, flags)
    if not target:
        raise Damaged("shortcut: no target path")
    return target
