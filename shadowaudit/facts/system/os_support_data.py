"""Find an operating system release in rules/data/os_support.yaml and count its days left."""

from __future__ import annotations

from datetime import date, datetime

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.datalists import Release, os_support

#: Windows editions that get the longer, organisation support dates.
_ENTERPRISE = {"enterprise", "education", "iotenterprise", "enterprisen", "educationn"}


def phase(release: Release, today: date) -> str:
    """'full' before any long-term phase, 'long_term' inside one the computer gets by itself,
    'ended' once its free fixes have ended (an enrolment phase cannot be seen from here)."""
    if today > release.ends:
        return "ended"
    lasting = release.long_term
    if lasting is not None and not lasting.enrolment and today >= lasting.starts:
        return "long_term"
    return "full"


def _support(name: str, release: Release, now: datetime) -> FactValue:
    """The fact value for a found release."""
    lasting = release.long_term
    return {
        "name": name,
        "support_ends": release.ends.isoformat(),
        "days_left": (release.ends - now.date()).days,
        "note": release.note,
        "phase": phase(release, now.date()),
        "long_term": None
        if lasting is None
        else {
            "name": lasting.name,
            "starts": lasting.starts.isoformat(),
            "ends": lasting.ends.isoformat(),
            "covers": lasting.covers,
            "enrolment": lasting.enrolment,
        },
    }


def windows_support(version: FactValue, now: datetime) -> FactValue:
    """Support of a Windows version fact ({product, display_version, edition, ...})."""
    if not isinstance(version, dict):
        return version if isinstance(version, Missing) else Missing(Reason.parse_error)
    edition = str(version.get("edition", "")).lower()
    group = "enterprise" if edition in _ENTERPRISE else "home"
    for release in os_support().windows:
        if (
            release.product == version.get("product")
            and release.version.lower() == str(version.get("display_version", "")).lower()
            and release.edition == group
        ):
            label = "Enterprise or Education" if group == "enterprise" else "Home or Pro"
            return _support(f"{release.product} {release.version} ({label})", release, now)
    return Missing(Reason.unsupported, "this Windows version is not in os_support.yaml")


def macos_support(version: FactValue, now: datetime) -> FactValue:
    """Support of a macOS version fact ({version, build})."""
    if not isinstance(version, dict):
        return version if isinstance(version, Missing) else Missing(Reason.parse_error)
    major = str(version.get("version", "")).split(".")[0]
    for release in os_support().macos:
        if release.major == major:
            return _support(release.name, release, now)
    return Missing(Reason.unsupported, "this macOS version is not in os_support.yaml")


def linux_support(os_release: FactValue, now: datetime) -> FactValue:
    """Support of an os-release fact ({id, version_id, ...})."""
    if not isinstance(os_release, dict):
        return os_release if isinstance(os_release, Missing) else Missing(Reason.parse_error)
    ident, version = str(os_release.get("id", "")), str(os_release.get("version_id", ""))
    for release in os_support().linux:
        if release.id == ident and (
            version == release.version or version.split(".")[0] == release.version
        ):
            return _support(release.name, release, now)
    return Missing(Reason.unsupported, f"{ident} {version} is not in os_support.yaml")
