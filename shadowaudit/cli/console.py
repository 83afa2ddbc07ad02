"""The Windows console: UTF-8, so that Arabic, Persian and Russian are not turned into "?"."""

from __future__ import annotations

import sys

#: The Windows code page number of UTF-8.
UTF8_CODE_PAGE = 65001


def use_utf8_console() -> None:
    """On Windows, set the console to UTF-8 and write UTF-8, replacing what cannot be shown.

    Windows Terminal then shows every language; the old console shows what its font has. Colour
    codes are left to rich, which uses the console's own calls where codes are not understood.
    """
    if sys.platform != "win32":
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    kernel32.SetConsoleOutputCP(UTF8_CODE_PAGE)
    kernel32.SetConsoleCP(UTF8_CODE_PAGE)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
