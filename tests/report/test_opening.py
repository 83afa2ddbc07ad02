"""The opening paragraph and durations read as plain sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shadowaudit.host import RecordedHost
from shadowaudit.report.opening import duration, opening
from shadowaudit.report.render import Format, render
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
            "Start with the first 2 below. Together they take about 2 hours.",
        ),
        (
            "ubuntu2404-plain",
            ["system.disk_encryption"],
            "shadowaudit made 1 check on this computer. 1 thing needs your attention. "
            "Start with the one below. It takes about 2 hours.",
        ),
        (
            "debian12-luks-lvm",
            ["system.disk_encryption", "system.firewall"],
            "shadowaudit made 2 checks on this computer. 2 things are already fine. "
            "Nothing it could check needs your attention.",
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
            "shadowaudit made 2 checks on this computer. 1 thing is already fine. Nothing it "
            "could check needs your attention. It could not check 1 thing; below you can read "
            "how to check it yourself.",
        ),
    ],
)
def test_opening(
    recorded: Callable[[str], RecordedHost], machine: str, rules: list[str], text: str
) -> None:
    assert opening(run_scan(recorded(machine), load_selected_rules(only=rules))) == text


def test_the_opening_counts_what_is_fine_times_the_first_fixes_and_says_where_help_is(
    recorded: Callable[[str], RecordedHost],
) -> None:
    report = run_scan(recorded("ubuntu2404-plain"), load_selected_rules())
    first = report.fix_first
    assert sum(f.effort_minutes for f in first) == report.first_minutes == 140
    text = opening(report)
    assert "15 things are already fine." in text
    assert "Start with the first 3 below. Together they take about 2 hours." in text
    for fmt in (Format.text, Format.md, Format.html):
        rendered = " ".join(render(report, fmt).split())
        opening_at = rendered.index("shadowaudit made 36 checks")
        help_at = rendered.index("Digital Security Helpline")
        assert help_at - opening_at < 600, fmt  # in the same short paragraph
        assert "digitalfirstaid.org" in rendered and "accessnow.org/help" in rendered
    html = render(report, Format.html)
    assert '<a href="https://www.accessnow.org/help/">' in html
    assert '<a href="https://digitalfirstaid.org/">' in html


def test_the_same_fix_twice_counts_its_time_twice(
    recorded: Callable[[str], RecordedHost],
) -> None:
    report = run_scan(recorded("windows11-browsers"), load_selected_rules())
    first = report.fix_first
    assert len({(f.rule, tuple(f.fix)) for f in first}) == 3  # three different fixes
    again = [f for f in first if report.same_fix(f)]
    assert again, "a fix needed in two profiles"
    assert report.first_minutes == sum(
        f.effort_minutes * (1 + len(report.same_fix(f))) for f in first
    )
    assert not set(map(id, report.other_fixes)) & {
        id(other) for f in first for other in [f, *report.same_fix(f)]
    }
