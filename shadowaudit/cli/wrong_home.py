"""Noticing a scan of the wrong home: started with sudo, or as root beside people's homes."""

from __future__ import annotations

from pathlib import PurePath

from shadowaudit.engine.model import Status
from shadowaudit.errors import HostError
from shadowaudit.facts.browser.chromium.collector import user_data_dirs
from shadowaudit.facts.browser.firefox.collector import profile_roots
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_
from shadowaudit.report.model import Report

#: Where people's home folders are, by platform (Windows keeps the person's home as admin).
HOMES = {Platform.linux: "/home", Platform.macos: "/Users"}

STARTED_WITH_SUDO = N_(
    "You started shadowaudit with sudo, so it would check the administrator's home folder, "
    "not yours. Run it again without sudo: %(command)s"
)
ROOT_BESIDE_BROWSERS = N_(
    "This scan ran as the administrator, so it looked in the administrator's home folder "
    "and found no browser there. Other home folders on this computer have browsers. Log in "
    "as the person who uses them and run shadowaudit again, without sudo or su."
)
NO_CHECK_MADE = N_(
    "shadowaudit made no check: none of the checks you chose applies to this computer. "
    "This does not mean that all is well. Run shadowaudit scan to check everything."
)


def started_with_sudo(host: Host) -> bool:
    """True when a person ran `sudo shadowaudit`: root, with the person's name in SUDO_USER."""
    user = host.env("SUDO_USER")
    return host.administrator() and bool(user) and user != "root"


def _browser_places(host: Host) -> list[PurePath]:
    """Where browsers keep their data, relative to a home folder."""
    places = []
    for found in (*profile_roots(host), *user_data_dirs(host)):
        try:
            places.append(found.path.relative_to(host.home))
        except ValueError:
            continue
    return places


def other_homes_with_browsers(host: Host) -> int:
    """How many home folders other than the scanned one hold a browser's data."""
    parent = HOMES.get(host.platform)
    if parent is None:
        return 0
    places = _browser_places(host)
    try:
        names = host.list_dir(host.path(parent))
    except HostError:
        return 0
    homes = (host.path(parent, name) for name in names)
    return sum(
        1
        for home in homes
        if home != host.home and any(host.is_dir(home / place) for place in places)
    )


def no_browser_checked(report: Report) -> bool:
    """True when every browser check said "does not apply" (no browser found)."""
    browser = [f for f in report.findings if f.rule.startswith("browser.")]
    return all(f.status is Status.not_applicable for f in browser)


def root_beside_browsers(host: Host, report: Report) -> bool:
    """True when a root scan found no browser while other people's homes have some."""
    return (
        host.administrator() and no_browser_checked(report) and other_homes_with_browsers(host) > 0
    )
