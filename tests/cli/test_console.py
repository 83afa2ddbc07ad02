"""On Windows the console is switched to UTF-8 and output re-encoded; elsewhere nothing changes."""

from __future__ import annotations

import ctypes
import io
import sys

import pytest

from shadowaudit.cli.console import UTF8_CODE_PAGE, use_utf8_console


class _Kernel32:
    """Records the code pages the console is asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    def SetConsoleOutputCP(self, page: int) -> None:  # noqa: N802 - the Windows name
        self.asked.append(("output", page))

    def SetConsoleCP(self, page: int) -> None:  # noqa: N802 - the Windows name
        self.asked.append(("input", page))


def test_windows_gets_utf8_in_and_out(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel32 = _Kernel32()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("windll", (), {"kernel32": kernel32}), raising=False)
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stdout)
    use_utf8_console()
    assert kernel32.asked == [("output", UTF8_CODE_PAGE), ("input", UTF8_CODE_PAGE)]
    assert stdout.encoding == "utf-8"
    print("گزارش", end="")  # Persian would have been "?" in code page 1252
    stdout.flush()
    assert stdout.buffer.getvalue().decode("utf-8") == "گزارش"


def test_other_systems_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "platform", "linux")
    use_utf8_console()
    assert stdout.encoding == "latin-1"
