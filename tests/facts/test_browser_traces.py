"""Cookie summaries use hosts and names only, and the shipped data lists."""

from __future__ import annotations

import pytest

from shadowaudit.facts.browser_traces import site_of, summarize_cookies
from shadowaudit.facts.datalists import browser_versions, platform_sessions, trackers


@pytest.mark.parametrize(
    ("host", "site"),
    [
        (".ad.doubleclick.net", "doubleclick.net"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("x.com", "x.com"),
        ("localhost", "localhost"),
    ],
)
def test_site_of(host: str, site: str) -> None:
    assert site_of(host) == site


def test_summary_of_a_tracked_and_logged_in_profile() -> None:
    rows = [
        (".facebook.com", "c_user"),
        (".facebook.com", "xs"),
        (".google.com", "SID"),
        (".x.com", "auth_token"),
        (".doubleclick.net", "IDE"),
        ("ad.doubleclick.net", "test"),
        (".scorecardresearch.com", "UID"),
        ("news.example.com", "theme"),
        ("notfacebook.com", "c_user"),
    ]
    assert summarize_cookies(rows) == {
        "cookie_count": 9,
        "cookie_sites": 7,
        "tracker_companies": ["Google", "Comscore"],
        "platform_sessions": ["Facebook", "Google (Gmail, YouTube and more)", "X (Twitter)"],
    }
    assert summarize_cookies([]) == {
        "cookie_count": 0,
        "cookie_sites": 0,
        "tracker_companies": [],
        "platform_sessions": [],
    }


def test_data_lists_load_and_are_dated() -> None:
    assert trackers().as_of and len(trackers().companies) >= 20
    assert platform_sessions().platforms[0].cookies == ["c_user"]
    assert browser_versions().browsers["firefox"].minimum == "140.0"
    all_domains = [d for c in trackers().companies for d in c.domains]
    assert len(all_domains) == len(set(all_domains))
    # Platforms people log in to are judged by platform_sessions, not as trackers.
    assert not {"facebook.com", "google.com", "x.com"} & set(all_domains)


def test_partitioned_cookies_are_counted_but_not_as_tracking() -> None:
    rows = [
        (".doubleclick.net", "IDE", 1, 1),
        (".facebook.com", "c_user", 1, 1),
        (".scorecardresearch.com", "UID", 2, 0),
    ]
    assert summarize_cookies(rows) == {
        "cookie_count": 4,
        "cookie_sites": 3,
        "tracker_companies": ["Comscore"],
        "platform_sessions": [],
    }
