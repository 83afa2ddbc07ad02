"""What cookies say about a profile, from cookie hosts and names only (never values).

Shared by the Firefox and Chromium collectors: how many cookies and sites, which tracking
companies left cookies (rules/data/trackers.yaml), and which platforms the browser is logged in
to (rules/data/platform_sessions.yaml).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from shadowaudit.facts.base import FactMap, FactValue
from shadowaudit.facts.datalists import domain_matches, platform_sessions, trackers

#: Second-level labels under which a site is one level deeper (example.co.uk).
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gob"}


def site_of(host: str) -> str:
    """The site a cookie host belongs to: 'ad.doubleclick.net' -> 'doubleclick.net'."""
    labels = host.lstrip(".").lower().split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _company(host: str) -> str | None:
    """The tracking company a cookie host belongs to, if any."""
    for entry in trackers().companies:
        if any(domain_matches(host, domain) for domain in entry.domains):
            return entry.company
    return None


def summarize_cookies(rows: Iterable[tuple[object, ...]]) -> FactMap:
    """Facts from (host, name[, count[, partitioned]]) rows: cookie_count, cookie_sites,
    tracker_companies (most cookies first) and platform_sessions.

    Databases group rows in SQL (GROUP BY host, name), so a profile with 200,000 cookies
    gives a few thousand rows here. A partitioned cookie (Firefox's Total Cookie Protection,
    Chromium's CHIPS) lives in a jar of the one site that embedded it and cannot follow a person
    across sites: it is counted, but not as tracking and not as a login.
    """
    total, sites = 0, set()
    companies: Counter[str] = Counter()
    company_of: dict[str, str | None] = {}
    shared: list[tuple[str, str]] = []
    for row in rows:
        host, name = str(row[0]), str(row[1])
        number = int(str(row[2])) if len(row) > 2 else 1
        total += number
        sites.add(site_of(host))
        if len(row) > 3 and row[3]:
            continue
        shared.append((host, name))
        if host not in company_of:
            company_of[host] = _company(host)
        company = company_of[host]
        if company:
            companies[company] += number
    platforms: list[FactValue] = []
    for entry in platform_sessions().platforms:
        logged_in = any(
            domain_matches(host, entry.domain) and name in entry.cookies for host, name in shared
        )
        if logged_in and entry.platform not in platforms:
            platforms.append(entry.platform)
    ranked = sorted(companies.items(), key=lambda c: (-c[1], c[0]))
    return {
        "cookie_count": total,
        "cookie_sites": len(sites),
        "tracker_companies": list[FactValue](name for name, _ in ranked),
        "platform_sessions": platforms,
    }


#: Cookie facts, as listed in the catalogue of both browser families.
COOKIE_FIELDS = {
    "cookie_count": "how many cookies the profile keeps",
    "cookie_sites": "how many different websites those cookies belong to",
    "tracker_companies": "tracking companies (rules/data/trackers.yaml) with cookies here, "
    "the one with most cookies first",
    "platform_sessions": "platforms the profile is logged in to, from login cookie names "
    "(rules/data/platform_sessions.yaml)",
}
