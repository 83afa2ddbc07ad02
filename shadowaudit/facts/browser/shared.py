"""What both browser families share: where a browser keeps its data, and how it is named."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from msgspec import Struct

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.datalists import browser_versions

#: Every browser shadowaudit knows, by `kind`, with the name people know it by.
BROWSER_NAMES = {
    "firefox": "Firefox",
    "librewolf": "LibreWolf",
    "tor_browser": "Tor Browser",
    "chrome": "Chrome",
    "chromium": "Chromium",
    "brave": "Brave",
    "edge": "Edge",
    "vivaldi": "Vivaldi",
    "opera": "Opera",
}

#: Extension permissions that let an add-on read or change what a person does.
SENSITIVE_PERMISSIONS = {
    "cookies",
    "webRequest",
    "webRequestBlocking",
    "history",
    "nativeMessaging",
    "tabs",
    "downloads",
    "proxy",
    "debugger",
    "clipboardRead",
    "management",
    "privacy",
    "browsingData",
}


class BrowserPlace(Struct, frozen=True):
    """A folder where one browser keeps its profiles, and how to name it to a person."""

    path: PurePath
    kind: str
    label: str


def place(path: PurePath, kind: str, where: str = "") -> BrowserPlace:
    """A browser folder labelled with the browser's name (and "Flatpak" or "Snap")."""
    name = BROWSER_NAMES[kind]
    return BrowserPlace(path, kind, f"{name} ({where})" if where else name)


def minimum_version(kind: str) -> FactValue:
    """The oldest supported version of a browser (rules/data/browser_versions.yaml)."""
    known = browser_versions().browsers.get(kind)
    return known.minimum if known else Missing(Reason.unsupported, f"no data for {kind}")


def policy_site(pattern: str) -> str:
    """The site name in a URL or a site pattern, never its path or query:
    'https://meet.example.org:443/room?x' -> 'meet.example.org', '[*.]example.org' ->
    'example.org', '*' (every site) -> '*'; '' when it names no site."""
    origin = pattern.strip().split(",", 1)[0]
    host = origin.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1]
    if not host.startswith("["):
        host = host.rsplit(":", 1)[0]
    elif host.startswith("[*.]"):
        host = host.removeprefix("[*.]")
    host = host.removeprefix("*.").lower()
    return host if host == "*" or "." in host or host == "localhost" or host.startswith("[") else ""


#: What a policy's name looks like in Chromium's and Firefox's templates; most names kept.
_POLICY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
MOST_POLICY_NAMES = 40


def policy_names(policies: Iterable[object]) -> list[FactValue]:
    """The names of the policies in force, sorted (their values are never kept: they can hold
    sites, addresses or extension IDs). A key that is not a policy's name is left out."""
    names = sorted({n for n in policies if isinstance(n, str) and _POLICY_NAME.match(n)})
    return list[FactValue](names[:MOST_POLICY_NAMES])
