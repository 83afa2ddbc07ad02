"""A Chromium-family browser's own defaults, per brand, build and version (rules/data)."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct, field
from packaging.version import InvalidVersion, Version

from shadowaudit.facts.base import FactValue
from shadowaudit.facts.browser.shared import BrowserPlace
from shadowaudit.facts.datalists import BrowserDefault, browser_defaults
from shadowaudit.host.base import Host, Platform

#: A folder only Debian's chromium package makes (its launcher's flag files).
_DEBIAN_MARK = "/etc/chromium.d"


class BuildDefaults(Struct, frozen=True):
    """Values when nothing sets a pref (`defaults`) and values the build always uses (`fixed`)."""

    defaults: dict[str, FactValue] = field(default_factory=dict)
    fixed: dict[str, FactValue] = field(default_factory=dict)


def build_of(host: Host, place: BrowserPlace) -> str:
    """The build of a browser folder when it matters for defaults: "debian" for the native
    Chromium of a Debian-family system, else ""."""
    native = place.label == "Chromium" and host.platform is Platform.linux
    return "debian" if native and host.is_dir(host.path(_DEBIAN_MARK)) else ""


def _in_range(entry: BrowserDefault, version: FactValue) -> bool:
    """True when the entry has no version range, or the version is inside it."""
    if not (entry.min_version or entry.below_version):
        return True
    try:
        have = Version(str(version))
    except InvalidVersion:
        return False
    if entry.min_version and have < Version(entry.min_version):
        return False
    return not (entry.below_version and have >= Version(entry.below_version))


def defaults_for(kind: str, build: str, version: FactValue, now: datetime) -> BuildDefaults:
    """The defaults of one browser build and version; an entry for the build wins. None
    once the list is older than its shelf life (on the host's clock): a default it names may
    have changed since, so a rule that needs one says "could not check"."""
    found = BuildDefaults()
    if browser_defaults().stale(now):
        return found
    entries = [
        e for e in browser_defaults().defaults if e.browser == kind and _in_range(e, version)
    ]
    for entry in sorted(entries, key=lambda e: e.build != ""):
        if entry.build not in ("", build):
            continue
        target = found.fixed if entry.fixed else found.defaults
        (found.defaults if entry.fixed else found.fixed).pop(entry.pref, None)
        target[entry.pref] = entry.value
    return found
