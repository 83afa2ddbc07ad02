"""Curated data lists shipped under rules/data: trackers, platform login cookies, versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, TypeVar

import msgspec
from msgspec import Meta, Struct, field

from shadowaudit import yamlio
from shadowaudit.resources import rules_dir


class DataModel(Struct, frozen=True, forbid_unknown_fields=True):
    """Frozen, no unknown keys; each model's fields are given by name (`kw_only`, which
    msgspec does not pass on to subclasses). Validated by `msgspec.convert` when read."""


class DatedList(DataModel, frozen=True, kw_only=True):
    """A list true on its date (`as_of`), to be trusted for `shelf_life_days` after it."""

    as_of: date
    shelf_life_days: Annotated[
        int, Meta(ge=1, description="Days after as_of the list can be trusted.")
    ]
    sources: Annotated[list[str], Meta(min_length=1)]

    def age_days(self, now: datetime) -> int:
        """Days from the list's date to `now` (the host's clock)."""
        return (now.date() - self.as_of).days

    def stale(self, now: datetime) -> bool:
        """True when the list is older than its shelf life."""
        return self.age_days(now) > self.shelf_life_days


class TrackerCompany(DataModel, frozen=True, kw_only=True):
    """A tracking company and the domains its cookies come from."""

    company: str
    domains: Annotated[list[str], Meta(min_length=1)]


class Trackers(DatedList, frozen=True, kw_only=True):
    """rules/data/trackers.yaml."""

    companies: list[TrackerCompany]


class PlatformSession(DataModel, frozen=True, kw_only=True):
    """A cookie name that shows a logged-in session on a platform."""

    platform: str
    domain: str
    cookies: Annotated[list[str], Meta(min_length=1)]
    verified: bool


class PlatformSessions(DatedList, frozen=True, kw_only=True):
    """rules/data/platform_sessions.yaml."""

    platforms: list[PlatformSession]


class BrowserVersion(DataModel, frozen=True, kw_only=True):
    """The oldest supported version of one browser."""

    minimum: str
    note: str = ""


class BrowserVersions(DatedList, frozen=True, kw_only=True):
    """rules/data/browser_versions.yaml."""

    browsers: dict[str, BrowserVersion]


class BrowserDefault(DataModel, frozen=True, kw_only=True):
    """A pref's value when nothing sets it, for one browser (and build, and versions), with
    where that was read. `fixed`: the build ignores the pref and this value is always in force."""

    browser: str
    build: str = ""
    min_version: str = ""
    below_version: str = ""
    pref: str
    value: bool | int | str
    fixed: bool = False
    source: Annotated[str, Meta(min_length=10)]


class BrowserDefaults(DatedList, frozen=True, kw_only=True):
    """rules/data/browser_defaults.yaml."""

    defaults: list[BrowserDefault]


class KnownProgram(DataModel, frozen=True, kw_only=True):
    """A program recognised by its process names (a trailing * matches any ending) or paths."""

    name: str
    processes: Annotated[list[str], Meta(min_length=1)]
    paths: list[str] = field(default_factory=list)
    signers: Annotated[
        list[str],
        Meta(description="Names in the program's code signature (reference only: not matched)."),
    ] = field(default_factory=list)
    confirmed: bool = True


class RemoteTools(DatedList, frozen=True, kw_only=True):
    """rules/data/remote_tools.yaml."""

    tools: list[KnownProgram]


class PasswordManagers(DatedList, frozen=True, kw_only=True):
    """rules/data/password_managers.yaml."""

    tools: list[KnownProgram]


class PersonalEmailDomains(DatedList, frozen=True, kw_only=True):
    """rules/data/personal_email_domains.yaml."""

    domains: list[str]


class SpyingPanel(DataModel, frozen=True, kw_only=True):
    """The hosts of a spying product's control panel, where its buyer logs in."""

    product: str
    hosts: Annotated[list[str], Meta(min_length=1)]


class MonitoringSoftware(DatedList, frozen=True, kw_only=True):
    """rules/data/monitoring_software.yaml."""

    programs: list[KnownProgram]
    panels: list[SpyingPanel] = field(default_factory=list)


class SystemListeners(DatedList, frozen=True, kw_only=True):
    """rules/data/system_listeners.yaml."""

    programs: dict[str, list[str]]


class LongTerm(DataModel, frozen=True, kw_only=True):
    """A phase after full support in which fewer fixes come: Debian LTS, Ubuntu ESM, Windows
    ESU. `enrolment`: the computer must be signed up (or paid for), which shadowaudit cannot
    see, so the release's `ends` stops before this phase."""

    name: str
    starts: Annotated[date, Meta(description="The first day without full support.")]
    ends: Annotated[date, Meta(description="The last day of this phase.")]
    covers: Annotated[str, Meta(description="What it fixes and what it leaves out, said plainly.")]
    enrolment: bool
    source: Annotated[str, Meta(pattern=r"^https://")]


class Release(DataModel, frozen=True, kw_only=True):
    """An operating system release with the last day of free security fixes it gets by itself."""

    ends: date
    note: str = ""
    long_term: LongTerm | None = None

    def __post_init__(self) -> None:
        """A phase the computer gets by itself ends with the release; one it must be enrolled
        in starts after the release's end."""
        phase = self.long_term
        if phase is None:
            return
        if phase.starts > phase.ends:
            raise ValueError("long_term starts after it ends")
        if phase.enrolment and phase.starts <= self.ends:
            raise ValueError("a long_term phase that needs enrolment starts after 'ends'")
        if not phase.enrolment and phase.ends != self.ends:
            raise ValueError("a long_term phase without enrolment must end with the release")


class WindowsRelease(Release, frozen=True, kw_only=True):
    """A Windows release and edition group with its end of security updates."""

    product: str
    version: str
    edition: str


class MacRelease(Release, frozen=True, kw_only=True):
    """A macOS major release with its (estimated) end of security updates."""

    major: str
    name: str


class LinuxRelease(Release, frozen=True, kw_only=True):
    """A Linux distribution release with its end of free security updates."""

    id: str
    version: str
    name: str


class OsSupport(DatedList, frozen=True, kw_only=True):
    """rules/data/os_support.yaml."""

    windows: list[WindowsRelease]
    macos: list[MacRelease]
    linux: list[LinuxRelease]


Model = TypeVar("Model", bound=DataModel)


def read_list(name: str, model: type[Model], folder: Path) -> Model:
    """Read and validate one data file of a rules folder."""
    path = folder / "data" / f"{name}.yaml"
    return msgspec.convert(yamlio.safe_load(path.read_text(encoding="utf-8")), model)


def _load(name: str, model: type[Model]) -> Model:
    """One shipped data list: from the compiled bundle when there is one, else its file.
    (Lists of other wings, such as presence's, call it too.)"""
    from shadowaudit.compiled import shipped_bundle

    bundle = shipped_bundle()
    if bundle is None:
        return read_list(name, model, rules_dir())
    found = bundle.lists.get(name)
    if isinstance(found, model):
        return found
    if name in bundle.data:  # a list no model was named for when compiling
        return msgspec.convert(bundle.data[name], model)
    return read_list(name, model, rules_dir())


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


#: The model of every shipped list, by its file name (rules/data/<name>.yaml), for the
#: compiled bundle (engine/compiled.py).
DATA_MODELS: dict[str, type[DataModel]] = {
    "browser_versions": BrowserVersions,
    "browser_defaults": BrowserDefaults,
    "os_support": OsSupport,
    "monitoring_software": MonitoringSoftware,
    "remote_tools": RemoteTools,
    "system_listeners": SystemListeners,
    "trackers": Trackers,
    "platform_sessions": PlatformSessions,
    "password_managers": PasswordManagers,
    "personal_email_domains": PersonalEmailDomains,
}

#: The lists of other wings, validated by their wing's model: file name -> "module:Class".
#: Imported only to compile the bundle, so that a scan reads them already validated.
WING_DATA_MODELS: dict[str, str] = {
    "autostart_known": "shadowaudit.facts.presence.autostart.known:KnownApps",
    "cloud_providers": "shadowaudit.facts.traces.cloud:CloudProviders",
    "interception": "shadowaudit.facts.presence.interception.roots:Interception",
    "root_programs": "shadowaudit.facts.presence.interception.roots:RootPrograms",
}


def all_data_models() -> dict[str, type[DataModel]]:
    """The model of every shipped list, those of other wings included (imports them)."""
    from importlib import import_module

    models = dict(DATA_MODELS)
    for name, where in WING_DATA_MODELS.items():
        module, _, attribute = where.partition(":")
        models[name] = getattr(import_module(module), attribute)
    return models


#: Every shipped list by its file name (rules/data/<name>.yaml), for their age.
LISTS: dict[str, Callable[[], DatedList]] = {
    "browser_versions": browser_versions,
    "browser_defaults": browser_defaults,
    "os_support": os_support,
    "monitoring_software": monitoring_software,
    "remote_tools": remote_tools,
    "system_listeners": system_listeners,
    "trackers": trackers,
    "platform_sessions": platform_sessions,
    "password_managers": password_managers,
    "personal_email_domains": personal_email_domains,
}
