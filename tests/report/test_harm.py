"""One order by harm for every format: someone watching, then urgency, then protection per minute.

"Fix these first" is the three most harmful failures (three different fixes); every other
failure follows in the same order, its area a label and never a sort key; each format shows
urgency as a word (and, in HTML, a card style of its own per urgency).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from msgspec.structs import replace

from shadowaudit.engine.model import Severity, Status
from shadowaudit.host import RecordedHost
from shadowaudit.report.harm import HarmKey, harm_key, key_of, reach
from shadowaudit.report.model import Finding, Report
from shadowaudit.report.render import SEVERITY_WORDS, Format, render
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import HOSTS

ROOT = Path(__file__).resolve().parents[2]


def scan(machine: str) -> Report:
    return run_scan(RecordedHost(HOSTS / machine), load_selected_rules())


def test_someone_watching_comes_before_any_urgency() -> None:
    spying = key_of("system.monitoring_software", ["alarm"], Severity.low, 30)
    remote = key_of("system.ssh_server", ["remote"], Severity.medium, 10)
    critical = key_of("system.disk_encryption", [], Severity.critical, 1)
    assert sorted([critical, remote, spying]) == [spying, remote, critical]


def test_the_rest_of_who_else_is_here_comes_next_before_any_urgency() -> None:
    remote = key_of("system.ssh_server", ["remote"], Severity.medium, 10)
    unknown = key_of("presence.autostart_unknown", ["presence", "private"], Severity.low, 15)
    critical = key_of("system.disk_encryption", [], Severity.critical, 1)
    assert sorted([critical, unknown, remote]) == [remote, unknown, critical]


def test_unknown_programs_starting_by_themselves_are_listed_before_a_bare_disk() -> None:
    report = scan("debian12-autostart")
    rules = [f.rule for f in report.to_fix]
    assert rules[:3] == ["presence.preload", "presence.autostart_unknown", "system.disk_encryption"]
    assert not report.to_fix[1].watching  # a list to look at, not "someone is watching"


def test_then_urgency_then_what_protects_most_for_the_least_effort() -> None:
    high_slow = key_of("system.x", [], Severity.high, 60)
    medium_quick = key_of("system.y", [], Severity.medium, 1)
    assert high_slow < medium_quick  # urgency before effort
    account = key_of("accounts.email", [], Severity.critical, 15)  # reach 3: 0.2 a minute
    browser = key_of("browser.outdated", [], Severity.critical, 10)  # reach 1: 0.1 a minute
    disk = key_of("system.disk", [], Severity.critical, 120)  # reach 2: 0.017 a minute
    assert sorted([disk, browser, account]) == [account, browser, disk]
    assert (reach("accounts.x"), reach("system.x"), reach("browser.x"), reach("odd.x")) == (
        3,
        2,
        1,
        1,
    )


def test_rules_and_findings_share_the_key() -> None:
    """The handouts sort rules with the same function the reports sort findings with."""
    rules = {r.id: r for r in load_selected_rules()}
    for finding in scan("windows11-24h2").findings:
        rule_key = harm_key(rules[finding.rule])
        assert isinstance(rule_key, HarmKey)
        assert harm_key(finding)[:4] == rule_key[:4]


@pytest.mark.parametrize("machine", ["windows11-24h2", "ubuntu2404-plain", "macos15-sequoia"])
def test_every_format_lists_failures_in_the_same_order(machine: str) -> None:
    report = scan(machine)
    failing = report.to_fix
    assert failing == sorted(report.with_status(Status.fail), key=harm_key)
    assert report.fix_first + report.other_fixes == failing  # no same fix twice here
    order = [f.title for f in failing]
    data = json.loads(render(report, Format.json))
    assert [f["title"] for f in data["findings"] if f["status"] == "fail"] == order
    for fmt in (Format.text, Format.md, Format.html):
        rendered = render(report, fmt)
        after = rendered.index("Fix these first" if fmt is not Format.text else "FIX THESE")
        places = [rendered.index(title, after) for title in order]
        assert places == sorted(places), fmt


def test_a_watching_program_is_fixed_first_and_area_is_only_a_label() -> None:
    report = scan("windows11-24h2")
    assert report.fix_first[0].rule == "system.monitoring_software"
    assert report.fix_first[0].watching
    text = render(report, Format.text)
    others = text[text.index("OTHER THINGS TO FIX") :]
    assert re.search(r"^- This computer · \S", others, re.M)  # the area labels the line
    html = render(report, Format.html)
    assert '<span class="area">This computer</span>' in html
    assert '<h3 class="area">' not in html  # no group heading by area among the fixes


def test_urgency_is_a_word_everywhere_and_a_style_of_its_own_in_html() -> None:
    report = scan("macos15-sequoia")
    severities = {f.severity.value for f in report.to_fix}
    assert len(severities) >= 3
    html = render(report, Format.html)
    text, markdown = render(report, Format.text), render(report, Format.md)
    for finding in report.to_fix:
        word = SEVERITY_WORDS[finding.severity.value]
        assert f"[{word}]" in text and f"**{word}**" in markdown
        slug = re.sub(r"[^A-Za-z0-9]+", "-", finding.rule)
        card = html[html.index(f'id="{slug}') - 120 :]
        assert f"urgency-{finding.severity.value}" in card[:200]
        assert f'<span class="urgency">{word}</span>' in card
    styles = {
        severity: re.search(rf"\.finding\.urgency-{severity}[^{{]*\{{([^}}]+)\}}", html)
        for severity in ("critical", "high", "medium", "low")
    }
    bodies = [m.group(1) for m in styles.values() if m]
    assert len(bodies) == 4 and len(set(bodies)) == 4, "one card style per urgency"


def test_fix_these_first_holds_three_different_fixes() -> None:
    report = scan("windows11-browsers")
    first = report.fix_first
    assert len(first) == 3
    assert all(not a.same_fix_as(b) for a in first for b in first if a is not b)
    twice = next(f for f in first if report.same_fix(f))
    html = render(report, Format.html)
    card = html[html.index(twice.title) : html.index("</article>", html.index(twice.title))]
    assert "Do the same for:" in card
    for other in report.same_fix(twice):
        assert other.subject is not None and other.subject.label in card


def _finding(rule: str, severity: Severity, minutes: int, tags: list[str]) -> Finding:
    return Finding(
        rule=rule,
        rule_version=1,
        subject=None,
        status=Status.fail,
        severity=severity,
        effort_minutes=minutes,
        reason=None,
        title=rule,
        message="",
        why="",
        fix=[rule],
        verify=[],
        check_by_hand=[],
        evidence=[],
        tags=tags,
        references=[],
        area="This computer",
    )


def test_the_report_orders_findings_given_in_any_order() -> None:
    findings = [
        _finding("traces.photos", Severity.low, 5, []),
        _finding("system.disk", Severity.critical, 120, []),
        _finding("system.rdp", Severity.high, 3, ["remote"]),
    ]
    report = replace(scan("debian12-luks-lvm"), findings=findings)
    assert [f.rule for f in report.fix_first] == ["system.rdp", "system.disk", "traces.photos"]
    assert report.first_minutes == 128
