"""Curated data lists shipped under rules/data: trackers, platform login cookies, versions."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from shadowaudit import yamlio
from shadowaudit.resources import rules_dir


class DataModel(BaseModel):
    """Frozen, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TrackerCompany(DataModel):
    """A tracking company and the domains its cookies come from."""

    company: str
    domains: list[str] = Field(min_length=1)


class Trackers(DataModel):
    """rules/data/trackers.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    companies: list[TrackerCompany]


class PlatformSession(DataModel):
    """A cookie name that shows a logged-in session on a platform."""

    platform: str
    domain: str
    cookies: list[str] = Field(min_length=1)
    verified: bool


class PlatformSessions(DataModel):
    """rules/data/platform_sessions.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    platforms: list[PlatformSession]


class BrowserVersion(DataModel):
    """The oldest supported version of one browser."""

    minimum: str
    note: str = ""


class BrowserVersions(DataModel):
    """rules/data/browser_versions.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    browsers: dict[str, BrowserVersion]


class BrowserDefault(DataModel):
    """A pref's value when nothing sets it, for one browser (and build, and versions), with
    where that was read. `fixed`: the build ignores the pref and this value is always in force."""

    browser: str
    build: str = ""
    min_version: str = ""
    below_version: str = ""
    pref: str
    value: bool | int | str
    fixed: bool = False
    source: str = Field(min_length=10)


class BrowserDefaults(DataModel):
    """rules/data/browser_defaults.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    defaults: list[BrowserDefault]


class KnownProgram(DataModel):
    """A program recognised by its process names (a trailing * matches any ending) or paths."""

    name: str
    processes: list[str] = Field(min_length=1)
    paths: list[str] = Field(default_factory=list)
    confirmed: bool = True


class RemoteTools(DataModel):
    """rules/data/remote_tools.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    tools: list[KnownProgram]


class PasswordManagers(DataModel):
    """rules/data/password_managers.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    tools: list[KnownProgram]


class PersonalEmailDomains(DataModel):
    """rules/data/personal_email_domains.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    domains: list[str]


class MonitoringSoftware(DataModel):
    """rules/data/monitoring_software.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    programs: list[KnownProgram]


class SystemListeners(DataModel):
    """rules/data/system_listeners.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    programs: dict[str, list[str]]


class WindowsRelease(DataModel):
    """A Windows release and edition group with its end of security updates."""

    product: str
    version: str
    edition: str
    ends: str
    note: str = ""


class MacRelease(DataModel):
    """A macOS major release with its (estimated) end of security updates."""

    major: str
    name: str
    ends: str
    note: str = ""


class LinuxRelease(DataModel):
    """A Linux distribution release with its end of free security updates."""

    id: str
    version: str
    name: str
    ends: str
    note: str = ""


class OsSupport(DataModel):
    """rules/data/os_support.yaml."""

    as_of: str
    sources: list[str] = Field(min_length=1)
    windows: list[WindowsRelease]
    macos: list[MacRelease]
    linux: list[LinuxRelease]


Model = TypeVar("Model", bound=DataModel)


def _load(name: str, model: type[Model], folder: Path | None = None) -> Model:
    """Read and validate one data file."""
    path = (folder or rules_dir()) / "data" / f"{name}.yaml"
    return model.model_validate(yamlio.safe_load(path.read_text(encoding="utf-8")))


@cache
def trackers() -> Trackers:
    """The shipped list of tracking companies."""
    return _load("trackers", Trackers)


@cache
def platform_sessions() -> PlatformSessions:
    """The shipped list of platform login cookies."""
    return _load("platform_sessions", PlatformSessions)


@cache
def browser_versions() -> BrowserVersions:
    """The shipped minimum supported browser versions."""
    return _load("browser_versions", BrowserVersions)


@cache
def browser_defaults() -> BrowserDefaults:
    """The shipped browser defaults, per browser, build and version range."""
    return _load("browser_defaults", BrowserDefaults)


@cache
def remote_tools() -> RemoteTools:
    """The shipped list of remote-control programs."""
    return _load("remote_tools", RemoteTools)


@cache
def monitoring_software() -> MonitoringSoftware:
    """The shipped list of monitoring and spying programs."""
    return _load("monitoring_software", MonitoringSoftware)


@cache
def system_listeners() -> SystemListeners:
    """The shipped list of the operating systems' own listening programs."""
    return _load("system_listeners", SystemListeners)


@cache
def os_support() -> OsSupport:
    """The shipped end-of-support dates of operating systems."""
    return _load("os_support", OsSupport)


@cache
def password_managers() -> PasswordManagers:
    """The shipped list of password managers."""
    return _load("password_managers", PasswordManagers)


@cache
def personal_email_domains() -> PersonalEmailDomains:
    """The shipped list of personal email services."""
    return _load("personal_email_domains", PersonalEmailDomains)
