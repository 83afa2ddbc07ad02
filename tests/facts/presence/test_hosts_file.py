"""The hosts file: well-known sites sent elsewhere, ad-block lists counted apart, bounds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.presence.interception import hosts_file
from shadowaudit.facts.presence.interception.hosts_file import (
    BLOCKED,
    REDIRECTS,
    HostsFileCollector,
    parse_hosts,
)
from shadowaudit.host import RecordedHost
from tests.facts.presence.helpers import machine


def test_windows_hosts_file(recorded: Callable[[str], RecordedHost]) -> None:
    facts = HostsFileCollector().collect(recorded("windows11-managed"))
    assert facts[BLOCKED] == 2
    assert facts[REDIRECTS] == [
        {
            "id": "login.live.com",
            "label": "login.live.com",
            "name": "login.live.com",
            "site": "live.com",
            "address": "elsewhere",
            "on_another_network": True,
        }
    ]


def test_debian_hosts_file_written_with_tee(recorded: Callable[[str], RecordedHost]) -> None:
    facts = HostsFileCollector().collect(recorded("debian12-intercepted"))
    assert [r["name"] for r in facts[REDIRECTS]] == ["accounts.google.com"]  # type: ignore[index,union-attr]
    assert facts[BLOCKED] == 5  # localhost lines, ip6 names and the ad server


def test_an_ad_block_list_is_not_tampering_but_a_hidden_redirect_is() -> None:
    lines = [f"0.0.0.0 ad{n}.example.com" for n in range(100_000)]
    lines.insert(50_000, "203.0.113.9 mail.google.com  # hidden")
    redirects, blocked = parse_hosts("\n".join(lines))
    assert blocked == 100_000
    assert [r["name"] for r in redirects] == ["mail.google.com"]  # type: ignore[index]


@pytest.mark.parametrize(
    "line",
    [
        "127.0.0.1 facebook.com",
        "::1 www.facebook.com",
        "192.168.1.5 notfacebook.com",
        "# 203.0.113.1 google.com",
        "not-an-address google.com",
        "203.0.113.1",
    ],
)
def test_lines_that_are_not_redirects(line: str) -> None:
    assert parse_hosts(line)[0] == []


def test_a_huge_hosts_file_is_could_not_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hosts_file, "MAX_HOSTS_FILE", 1000)
    host = machine(tmp_path, {"/etc/hosts": b"0.0.0.0 a.example\n" * 100})
    facts = HostsFileCollector().collect(host)
    assert isinstance(facts[REDIRECTS], Missing)
    assert facts[REDIRECTS].reason is Reason.too_large  # type: ignore[union-attr]
    assert facts[BLOCKED] == facts[REDIRECTS]


def test_damaged_bytes_are_read_as_text(tmp_path: Path) -> None:
    host = machine(tmp_path, {"/etc/hosts": b"\xff\xfe\x00garbage\n198.51.100.2 github.com\n"})
    facts = HostsFileCollector().collect(host)
    assert [r["site"] for r in facts[REDIRECTS]] == ["github.com"]  # type: ignore[index,union-attr]


def test_apple_hosts_file_with_a_blocker_line(recorded: Callable[[str], RecordedHost]) -> None:
    facts = HostsFileCollector().collect(recorded("macos15-managed"))
    # NOTE: 255.255.255.255 broadcasthost is neither a block nor a watched site.
    assert facts == {REDIRECTS: [], BLOCKED: 3}
