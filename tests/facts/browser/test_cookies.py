"""Cookie summaries use hosts and names only, and the shipped data lists."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path, PurePath

import pytest

from shadowaudit.facts.browser import cookies as browser_traces
from shadowaudit.facts.browser.cookies import read_cookie_summary, site_of, summarize_cookies
from shadowaudit.facts.datalists import browser_versions, platform_sessions, trackers
from shadowaudit.host.base import Host
from shadowaudit.host.local import LocalHost
from shadowaudit.host.sqlite import reader


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
    hosts = [
        (".facebook.com", 2, 0),
        (".google.com", 1, 0),
        (".x.com", 1, 0),
        (".doubleclick.net", 1, 0),
        ("ad.doubleclick.net", 1, 0),
        (".scorecardresearch.com", 1, 0),
        ("news.example.com", 1, 0),
        ("notfacebook.com", 1, 0),
    ]
    logins = [
        (".facebook.com", "c_user"),
        (".google.com", "SID"),
        (".x.com", "auth_token"),
        ("notfacebook.com", "c_user"),
    ]
    assert summarize_cookies(hosts, logins) == {
        "cookie_count": 9,
        "cookie_sites": 7,
        "tracker_companies": ["Google", "Comscore"],
        "platform_sessions": ["Facebook", "Google (Gmail, YouTube and more)", "X (Twitter)"],
        "spying_panel_cookies": [],
    }
    assert summarize_cookies([]) == {
        "cookie_count": 0,
        "cookie_sites": 0,
        "tracker_companies": [],
        "platform_sessions": [],
        "spying_panel_cookies": [],
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
    hosts = [(".doubleclick.net", 1, 1), (".facebook.com", 1, 1), (".scorecardresearch.com", 2, 0)]
    assert summarize_cookies(hosts) == {
        "cookie_count": 4,
        "cookie_sites": 3,
        "tracker_companies": ["Comscore"],
        "platform_sessions": [],
        "spying_panel_cookies": [],
    }


def test_the_database_is_grouped_in_sql_and_values_are_never_selected(tmp_path: Path) -> None:
    database = tmp_path / "cookies.sqlite"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE moz_cookies (host, name, value, originAttributes)")
        connection.executemany(
            "INSERT INTO moz_cookies VALUES (?, ?, 'secret-value', ?)",
            [
                (".doubleclick.net", "IDE", ""),
                (".doubleclick.net", "IDE2", ""),
                (".doubleclick.net", "IDE", "^partitionKey=%28https%2Cexample.org%29"),
                (".facebook.com", "c_user", "^partitionKey=%28https%2Cexample.org%29"),
                (".google.com", "SID", ""),
            ],
        )
        connection.commit()
    statements: list[str] = []

    @contextmanager
    def recorded(host: Host, path: PurePath) -> Iterator[Callable[..., list[tuple[object, ...]]]]:
        with reader(host, path) as run:

            def spy(sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
                statements.append(sql)
                return run(sql, params)

            yield spy

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(browser_traces, "reader", recorded)
        facts = read_cookie_summary(
            LocalHost(tmp_path),
            database,
            "moz_cookies",
            "host",
            "originAttributes LIKE '%partitionKey=%'",
        )
    assert facts == {
        "cookie_count": 5,
        "cookie_sites": 3,
        "tracker_companies": ["Google"],
        "platform_sessions": ["Google (Gmail, YouTube and more)"],
        "spying_panel_cookies": [],
    }
    # counts per host, the same over partitioned cookies only, and the login cookie names
    assert len(statements) == 3
    assert "WHERE originAttributes LIKE" in statements[1]
    assert not any("value" in sql.replace("values", "") for sql in statements)


@pytest.mark.parametrize("most_sorted", [10, browser_traces.SORTED_IN_SQLITE])
def test_hosts_counted_as_rows_stream_by_give_what_sql_grouping_gives(
    tmp_path: Path, most_sorted: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Firefox's cookies have no index by host: past SORTED_IN_SQLITE rows they are counted
    in Python, not sorted in memory by SQLite; below it SQLite sorts them. Both give the facts
    of a table with an index (a damaged host byte included)."""
    monkeypatch.setattr(browser_traces, "SORTED_IN_SQLITE", most_sorted)
    database = tmp_path / "cookies.sqlite"
    rows = [
        (".doubleclick.net", "IDE", ""),
        (".doubleclick.net", "IDE", "^partitionKey=%28https%2Cexample.org%29"),
        (".facebook.com", "c_user", ""),
        ("ads.criteo.com", "uid", ""),
        (b"bad\xff.example.org", "x", ""),
        (None, "y", ""),
        *[(f"site{i % 7}.example.org", f"n{i}", "") for i in range(50)],
    ]
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE moz_cookies (host, name, value, originAttributes)")
        connection.executemany("INSERT INTO moz_cookies VALUES (?, ?, 'v', ?)", rows)
        connection.commit()
    partitioned = "originAttributes LIKE '%partitionKey=%'"
    host = LocalHost(tmp_path)
    in_sql = read_cookie_summary(host, database, "moz_cookies", "host", partitioned)
    streamed = read_cookie_summary(
        host, database, "moz_cookies", "host", partitioned, host_index=False
    )
    assert streamed == in_sql
    assert in_sql["cookie_count"] == len(rows)
    assert in_sql["platform_sessions"] == ["Facebook"]


def test_only_a_spying_products_control_panel_is_named() -> None:
    hosts = [
        ("cp.xnspy.com", 2, 0),
        ("xnspy.com", 1, 0),
        (".my.hws.icu", 1, 0),
        ("mail.example.org", 3, 0),
    ]
    facts = summarize_cookies(hosts)
    assert facts["spying_panel_cookies"] == ["cp.xnspy.com", "my.hws.icu"]


HOSTS_TO_CUT = [
    "com",
    ".com",
    "",
    ".",
    "a..com",
    "example.com",
    ".Example.COM",
    "ads.example.com",
    "example.co.uk",
    "x.example.co.uk",
    "co.uk",
    "a.co.uk",
    "b.a.co.uk",
    "example.com.br",
    "x.example.gob.mx",
    "example.or.jp",
    "a.b.c.d.org",
    "bad\ufffd.example.org",
    "localhost",
    "192.168.0.1",
    "10.0.0.1",
    "x.gov.in",
]


@pytest.mark.parametrize("first", HOSTS_TO_CUT)
def test_the_site_counted_for_a_host_is_site_of_it(first: str) -> None:
    """The counting loop cuts the site from the end of the name itself (it runs 40,000 times
    a profile): two hosts count as one site exactly when site_of says they share one."""
    for second in HOSTS_TO_CUT:
        sites = summarize_cookies([(first, 1, 0), (second, 1, 0)])["cookie_sites"]
        assert sites == (1 if site_of(first) == site_of(second) else 2), (first, second)
