"""Find an operating system release in rules/data/os_support.yaml and count its days left."""

from __future__ import annotations

from datetime import date, datetime

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.facts.datalists import os_support

#: Windows editions that get the longer, organisation support dates.
_ENTERPRISE = {"enterprise", "education", "iotenterprise", "enterprisen", "educationn"}


def _support(name: str, ends: str, note: str, now: datetime) -> FactValue:
    """The fact value for a found release."""
    days_left = (date.fromisoformat(ends) - now.date()).days
    return {"name": name, "support_ends": ends, "days_left": days_left, "note": note}


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
            return _support(
                f"{release.product} {release.version} ({label})", release.ends, release.note, now
            )
    return Missing(Reason.unsupported, "this Windows version is not in os_support.yaml")


def macos_support(version: FactValue, now: datetime) -> FactValue:
    """Support of a macOS version fact ({version, build})."""
    if not isinstance(version, dict):
        return version if isinstance(version, Missing) else Missing(Reason.parse_error)
    major = str(version.get("version", "")).split(".")[0]
    for release in os_support().macos:
        if release.major == major:
            return _support(release.name, release.ends, release.note, now)
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
            return _support(release.name, release.ends, release.note, now)
    return Missing(Reason.unsupported, f"{ident} {version} is not in os_support.yaml")
