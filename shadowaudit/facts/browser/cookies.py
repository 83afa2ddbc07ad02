"""What cookies say about a profile, from cookie hosts and names only (never values).

Shared by the Firefox and Chromium collectors: how many cookies and sites, which tracking
companies left cookies (rules/data/trackers.yaml), and which platforms the browser is logged in
to (rules/data/platform_sessions.yaml).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import PurePath
from typing import NamedTuple

from shadowaudit.facts.base import FactMap, FactValue
from shadowaudit.facts.datalists import (
    PlatformSession,
    monitoring_software,
    platform_sessions,
    trackers,
)
from shadowaudit.host.base import Host
from shadowaudit.host.sqlite import Run, reader

#: Second-level labels under which a site is one level deeper (example.co.uk).
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gob"}


def site_of(host: str) -> str:
    """The site a cookie host belongs to: 'ad.doubleclick.net' -> 'doubleclick.net'."""
    return _site(host.lstrip(".").lower().split("."))


def _suffixes(host: str) -> list[str]:
    """A cookie host and every domain above it: 'a.b.com' -> ['a.b.com', 'b.com', 'com']."""
    labels = host.lstrip(".").lower().split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


@cache
def _tracker_index() -> tuple[dict[str, str], frozenset[str]]:
    """Tracking company by domain (rules/data/trackers.yaml), and the sites of those domains."""
    index: dict[str, str] = {}
    for entry in trackers().companies:
        for domain in entry.domains:
            index.setdefault(domain.lower(), entry.company)
    return index, frozenset(_site(domain.split(".")) for domain in index)


@cache
def _session_index() -> dict[str, list[PlatformSession]]:
    """Platform login cookies by domain (rules/data/platform_sessions.yaml)."""
    index: dict[str, list[PlatformSession]] = {}
    for entry in platform_sessions().platforms:
        index.setdefault(entry.domain.lower(), []).append(entry)
    return index


@cache
def _session_sites() -> frozenset[str]:
    """The sites of the platforms' login cookie domains."""
    return frozenset(
        _site(entry.domain.lower().split(".")) for entry in platform_sessions().platforms
    )


@cache
def _panel_sites() -> tuple[frozenset[str], frozenset[str]]:
    """The control-panel hosts of spying products (rules/data/monitoring_software.yaml), and
    their sites: the only cookie hosts a fact ever names."""
    hosts = frozenset(h.lower() for p in monitoring_software().panels for h in p.hosts)
    return hosts, frozenset(_site(h.split(".")) for h in hosts)


@cache
def login_cookie_names() -> tuple[str, ...]:
    """Every cookie name that can show a login: the only names a summary needs to see."""
    return tuple(sorted({name for e in platform_sessions().platforms for name in e.cookies}))


def _site(labels: list[str]) -> str:
    """The site of a host split into labels: the last two, or three under 'co.uk' and the like."""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _company(labels: list[str], index: dict[str, str]) -> str | None:
    """The tracking company of a host split into labels (its most specific domain first)."""
    for size in range(len(labels), 0, -1):
        company = index.get(".".join(labels[-size:]))
        if company:
            return company
    return None


def _platforms(host: str, name: str) -> list[str]:
    """The platforms a login cookie `name` on `host` shows a session on."""
    index = _session_index()
    return [
        entry.platform
        for domain in _suffixes(host)
        for entry in index.get(domain, ())
        if name in entry.cookies
    ]


def summarize_cookies(
    hosts: Iterable[Sequence[object]], logins: Iterable[Sequence[object]] = ()
) -> FactMap:
    """Facts from cookie counts per host and the login cookies found: cookie_count,
    cookie_sites, tracker_companies (most cookies first) and platform_sessions.

    `hosts` rows are (host, cookies, of which partitioned), as the database returns them;
    `logins` rows are (host, name) of unpartitioned cookies with a login cookie name
    (`login_cookie_names`). A partitioned cookie (Firefox's Total Cookie Protection, Chromium's
    CHIPS) lives in a jar of the one site that embedded it and cannot follow a person across
    sites: it is counted, but not as tracking and not as a login.
    """
    rows = list(hosts)
    parted = {row[0]: _whole(row[2]) for row in rows if row[2]}
    counted = _count_hosts(((row[0], row[1]) for row in rows), parted)
    return _cookie_facts(counted, logins)


class _Counted(NamedTuple):
    """What the rows per cookie host say, before login cookies are looked at."""

    total: int
    sites: int
    companies: Counter[str]
    #: The hosts on a site where a platform's login cookie can live.
    platform_hosts: list[object]
    #: The control-panel hosts of spying products that left cookies.
    panel_hosts: list[str]


def _count_hosts(hosts: Iterable[Sequence[object]], parted: Mapping[object, int]) -> _Counted:
    """Cookies, sites and tracking companies from (host, cookies) rows; `parted` holds how
    many of a host's cookies are partitioned (a host not in it has none)."""
    total, sites, platform_hosts = 0, set(), []
    panels: set[str] = set()
    companies: Counter[str] = Counter()
    index, tracker_sites = _tracker_index()
    session_sites = _session_sites()
    panel_hosts, panel_sites = _panel_sites()
    second_level = _SECOND_LEVEL
    # NOTE: this loop runs once per cookie host of every profile (40,000 in a heavy one), so
    # the site is cut from the end of the name (what _site does with its labels), and only
    # hosts on a tracker's site are looked up further.
    for host, count in hosts:
        count = count if type(count) is int else _whole(count)
        total += count
        name = str(host).lstrip(".").lower()
        rest, dot, top = name.rpartition(".")
        if dot:
            above, dot, second = rest.rpartition(".")
            if dot and len(top) == 2 and second in second_level:
                site = f"{above.rpartition('.')[2]}.{second}.{top}"
            else:
                site = f"{second}.{top}"
        else:
            site = name
        sites.add(site)
        if site in session_sites:
            platform_hosts.append(host)
        if site in panel_sites and name in panel_hosts:
            panels.add(name)
        if site in tracker_sites:
            shared = count - parted.get(host, 0)
            company = _company(name.split("."), index)
            if company and shared > 0:
                companies[company] += shared
    return _Counted(total, len(sites), companies, platform_hosts, sorted(panels))


def _cookie_facts(counted: _Counted, logins: Iterable[Sequence[object]]) -> FactMap:
    """The cookie facts from the counted hosts and the (host, name) login cookies found."""
    logged_in = {p for host, name in logins for p in _platforms(str(host), str(name))}
    platforms: list[FactValue] = []
    for entry in platform_sessions().platforms:
        if entry.platform in logged_in and entry.platform not in platforms:
            platforms.append(entry.platform)
    ranked = sorted(counted.companies.items(), key=lambda c: (-c[1], c[0]))
    return {
        "cookie_count": counted.total,
        "cookie_sites": counted.sites,
        "tracker_companies": list[FactValue](name for name, _ in ranked),
        "platform_sessions": platforms,
        "spying_panel_cookies": list[FactValue](counted.panel_hosts),
    }


def _whole(value: object) -> int:
    """An SQL count or sum as an int (NULL, from a sum over no values, is 0)."""
    return int(value) if isinstance(value, int | float) else 0


def read_cookie_summary(
    host: Host,
    path: PurePath,
    table: str,
    host_column: str,
    partitioned: str,
    host_index: bool = True,
) -> FactMap:
    """Cookie facts from one cookie database, counted per host; values never read.

    `partitioned` is the SQL expression that is true for a partitioned cookie. Three queries
    on one snapshot: counts per host (one row per host, however many cookies), the same over
    partitioned cookies only, and the few cookies whose name can show a login. Without an
    index that starts with the host (`host_index`: Firefox has none), SQLite groups the hosts
    by sorting every row in memory: it does so up to SORTED_IN_SQLITE rows (about 30 MiB);
    past that, the hosts are counted here as the rows stream by (memory bound, twice the CPU).
    """
    names = login_cookie_names()
    with reader(host, path) as run:
        # NOTE: partitioned cookies are few: counting them in a second query over those rows
        # is cheaper than a sum of the test over every cookie (53 -> 45 ms for 200,000).
        if host_index or _rows_at_most(run, table, SORTED_IN_SQLITE):
            per_host = run(f"SELECT {host_column}, count(*) FROM {table} GROUP BY 1", ())
            parted_hosts = run(
                f"SELECT {host_column}, count(*) FROM {table} WHERE {partitioned} GROUP BY 1", ()
            )
        else:
            # NOTE: raw bytes (and whether SQLite keeps them as a BLOB), decoded once per host
            # as SQLite's text would be, not once per cookie.
            raw = f"CAST({host_column} AS BLOB), typeof({host_column}) = 'blob'"
            per_host = _decoded(run(f"SELECT {raw} FROM {table}", (), counted=True))
            parted_hosts = _decoded(
                run(f"SELECT {raw} FROM {table} WHERE {partitioned}", (), counted=True)
            )
        parted: dict[object, int] = {}
        for name, count in parted_hosts:
            parted[name] = parted.get(name, 0) + _whole(count)
        counted = _count_hosts(per_host, parted)
        hosts = counted.platform_hosts[:_MOST_HOSTS_ASKED]
        logins = (
            run(
                f"SELECT DISTINCT {host_column}, name FROM {table} "
                f"WHERE {host_column} IN ({', '.join('?' * len(hosts))}) "
                f"AND name IN ({', '.join('?' * len(names))}) AND NOT ({partitioned})",
                (*hosts, *names),
            )
            if hosts
            else []
        )
    return _cookie_facts(counted, logins)


#: Most rows of a cookie table without a host index that SQLite may sort to group its hosts:
#: sorting 200,000 cookies took 0.09 s of CPU where counting them as they stream by took 0.17 s;
#: a million sorted took 110 MiB (benchmarks/README.md, the million home).
SORTED_IN_SQLITE = 250_000


def _rows_at_most(run: Run, table: str, most: int) -> bool:
    """True when the table holds at most `most` rows, told by its largest rowid (rows are
    never more): no row is read."""
    (largest,) = run(f"SELECT max(rowid) FROM {table}", ())[0]
    return largest is None or (type(largest) is int and largest <= most)


def _decoded(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """(host, count) from (host bytes, stored as a BLOB, count) rows: the bytes of a text
    decoded as the database's text is (damaged bytes replaced), a BLOB left as bytes."""
    return [
        (
            name.decode("utf-8", errors="replace")
            if isinstance(name, bytes) and not blob
            else name,
            count,
        )
        for name, blob, count in rows
    ]


#: Most platform cookie hosts named in one query (SQLite accepts 32,766 parameters).
_MOST_HOSTS_ASKED = 30_000


#: Cookie facts, as listed in the catalogue of both browser families.
COOKIE_FIELDS = {
    "cookie_count": "how many cookies the profile keeps",
    "cookie_sites": "how many different websites those cookies belong to",
    "tracker_companies": "tracking companies (rules/data/trackers.yaml) with cookies here, "
    "the one with most cookies first",
    "platform_sessions": "platforms the profile is logged in to, from login cookie names "
    "(rules/data/platform_sessions.yaml)",
    "spying_panel_cookies": "the control-panel hosts of spying products "
    "(rules/data/monitoring_software.yaml panels) that left cookies; no other host is named",
}
