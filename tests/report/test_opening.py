"""The opening paragraph and durations read as plain sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.host import RecordedHost
from shadowaudit.report.opening import duration, opening
from shadowaudit.scan import load_selected_rules, run_scan


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(1, "about 1 minute"), (5, "about 5 minutes"), (60, "about 1 hour"), (120, "about 2 hours")],
)
def test_duration(minutes: int, text: str) -> None:
    assert duration(minutes) == text


@pytest.mark.parametrize(
    ("machine", "rules", "text"),
    [
        (
            "ubuntu2404-plain",
            ["system.disk_encryption", "system.firewall"],
            "shadowaudit made 2 checks on this computer. 2 things need your attention. "
            "Start with the first one below.",
        ),
        (
            "debian12-luks-lvm",
            ["system.disk_encryption", "system.firewall"],
            "shadowaudit made 2 checks on this computer. Nothing it could check needs your "
            "attention.",
        ),
        (
            "linux-container",
            ["system.disk_encryption", "system.firewall"],
            "shadowaudit made 2 checks on this computer. Nothing it could check needs your "
            "attention. It could not check 2 things; below you can read how to check them "
            "yourself.",
        ),
        (
            "linux-container",
            ["system.disk_encryption", "system.auto_login"],
            "shadowaudit made 2 checks on this computer. Nothing it could check needs your "
            "attention. It could not check 1 thing; below you can read how to check it yourself.",
        ),
    ],
)
def test_opening(
    recorded: Callable[[str], RecordedHost], machine: str, rules: list[str], text: str
) -> None:
    assert opening(run_scan(recorded(machine), load_selected_rules(only=rules))) == text
