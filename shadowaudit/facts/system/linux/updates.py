"""Linux automatic updates: unattended-upgrades (apt) or dnf-automatic timers (dnf).

apt: `apt-config dump` prints the merged configuration; when it cannot run, the files of
/etc/apt/apt.conf.d are read in apt's order (later files win), then /etc/apt/apt.conf.
Updates install by themselves when APT::Periodic::Update-Package-Lists and
APT::Periodic::Unattended-Upgrade are on and the unattended-upgrades package is installed.
dnf: a dnf(5)-automatic timer is enabled and `apply_updates` is yes, or an -install timer
(which applies updates whatever the file says) is enabled.

Configured is not enough: apt's settings do nothing unless its systemd timers run
apt.systemd.daily (`scheduled`), and `last_upgrade_days` says how long ago it last installed
updates (from the stamp it writes then; absent before the first run).
"""

from __future__ import annotations

import logging
import re

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from, reader
from shadowaudit.facts.system.linux.ini import merge_ini, read_layers
from shadowaudit.facts.system.linux.units import unit_enabled
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

UPDATE_LISTS = "apt::periodic::update-package-lists"
UNATTENDED = "apt::periodic::unattended-upgrade"
PERIODIC_ENABLE = "apt::periodic::enable"

_DUMP_LINE = re.compile(r'^(\S+) "(.*)";\s*$')
_INTERVAL = re.compile(r"(\d+)([smhd]?)")
# NOTE: apt.conf(5): files in apt.conf.d are read when their names hold only letters,
# digits, '_', '-' and '.', and they have no extension or the extension "conf".
_PART_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_TOKEN = re.compile(r'"([^"]*)"|([{};])|([^\s{};"]+)')
_DNF_GENERIC = ("dnf5-automatic.timer", "dnf-automatic.timer")
_DNF_INSTALL = ("dnf5-automatic-install.timer", "dnf-automatic-install.timer")
# NOTE: dnf5 5.2 reads the first of /etc/dnf/dnf5-plugins/automatic.conf and the packaged
# defaults; later dnf5 lays /etc/dnf/automatic.conf over the defaults; dnf4 reads only
# /etc/dnf/automatic.conf. Laying all three in this order gives each its answer.
_DNF_FILES = (
    "/usr/share/dnf5/dnf5-plugins/automatic.conf",
    "/etc/dnf/dnf5-plugins/automatic.conf",
    "/etc/dnf/automatic.conf",
)
#: apt's own systemd timers: the daily list update and the daily upgrade.
_APT_TIMERS = ("apt-daily.timer", "apt-daily-upgrade.timer")
#: Without systemd, Debian's cron job runs apt.systemd.daily instead (it exits under systemd).
_APT_CRON = ("/etc/cron.daily/apt-compat", "/usr/sbin/cron")
#: Touched by apt.systemd.daily each time unattended-upgrade has run and succeeded.
_UPGRADE_STAMP = "/var/lib/apt/periodic/upgrade-stamp"
_DNF_TRUE = {"1", "yes", "true", "on"}
_DNF_FALSE = {"0", "no", "false", "off"}


def parse_apt_config_dump(text: str) -> dict[str, str]:
    """Settings (lowercase key -> value) from `apt-config dump` lines such as `A::B "1";`."""
    settings: dict[str, str] = {}
    for line in text.splitlines():
        match = _DUMP_LINE.match(line)
        if match:
            settings[match.group(1).lower()] = match.group(2)
    return settings


def _strip_comments(text: str) -> str:
    """An apt.conf text without `//`, `#` and `/* */` comments (quoted text is kept).

    `#clear` and `#include` directives go with the comments: they do not set values.
    """
    out: list[str] = []
    i, quoted = 0, False
    while i < len(text):
        ch = text[i]
        if quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif text.startswith("//", i) or ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_apt_conf(text: str) -> dict[str, str]:
    """Settings (lowercase key -> value) of one apt.conf file, scopes `A { B "1"; };` expanded."""
    settings: dict[str, str] = {}
    scope: list[str] = []
    key: str | None = None
    for quoted, punct, word in _TOKEN.findall(_strip_comments(text)):
        if punct == "{":
            scope.append(key or "")
            key = None
        elif punct == "}":
            if scope:
                scope.pop()
            key = None
        elif punct == ";":
            key = None
        elif key is None and word:
            key = word
        elif key is not None:
            full = "::".join([*[s for s in scope if s], key])
            settings[full.lower()] = word or quoted
            key = None
    return settings


def periodic_on(value: str | None) -> bool | None:
    """Whether an APT::Periodic interval is on.

    On: a number of days, a time such as "12h", or "always"; off: "0" or absent.
    None when the value is not an interval.
    """
    if value is None:
        return False
    word = value.strip().lower()
    if word in ("", "0"):
        return False
    if word == "always":
        return True
    match = _INTERVAL.fullmatch(word)
    return None if match is None else int(match.group(1)) > 0


def judge_apt(settings: dict[str, str], package_installed: bool) -> FactValue:
    """Whether apt installs updates by itself, from its merged settings."""
    if not package_installed:
        return False
    enable = periodic_on(settings.get(PERIODIC_ENABLE, "1"))
    lists = periodic_on(settings.get(UPDATE_LISTS))
    upgrade = periodic_on(settings.get(UNATTENDED))
    if enable is None or lists is None or upgrade is None:
        return Missing(Reason.parse_error, "APT::Periodic holds an unexpected value")
    return enable and lists and upgrade


def apt_files(host: Host) -> dict[str, str]:
    """apt's settings merged from /etc/apt/apt.conf.d and /etc/apt/apt.conf, in apt's order."""
    folder = host.path("/etc/apt/apt.conf.d")
    try:
        names = host.list_dir(folder)
    except NotFound:
        names = []
    parts = sorted(
        name
        for name in names
        if _PART_NAME.fullmatch(name) and (name.endswith(".conf") or "." not in name)
    )
    settings: dict[str, str] = {}
    for path in [folder / name for name in parts] + [host.path("/etc/apt/apt.conf")]:
        try:
            settings.update(parse_apt_conf(host.read_text(path, limit=1024 * 1024)))
        except NotFound:
            continue
    return settings


def apt_automatic(host: Host) -> FactValue:
    """Whether unattended-upgrades installs updates by itself."""
    settings: dict[str, str] = {}
    try:
        result = host.run(["apt-config", "dump"], timeout=10)
        if result.returncode == 0:
            settings = parse_apt_config_dump(result.stdout)
    except HostError as exc:
        log.info("updates: apt-config dump failed (%s); reading apt.conf.d", exc)
    if not settings:
        try:
            settings = apt_files(host)
        except HostError as exc:
            return missing_from(exc)
    installed = host.is_file(host.path("/usr/bin/unattended-upgrade"))
    return judge_apt(settings, installed)


def apt_scheduled(host: Host) -> FactValue:
    """Whether something runs apt's daily upgrade: both apt timers enabled under systemd (a
    masked or disabled timer never runs), or Debian's cron job where systemd is not running."""
    states = [unit_enabled(host, unit) for unit in _APT_TIMERS]
    if all(state is True for state in states):
        return True
    if any(state is False for state in states):
        return False
    missing = next(state for state in states if isinstance(state, Missing))
    if missing.reason is Reason.unsupported and all(
        host.is_file(host.path(path)) for path in _APT_CRON
    ):
        return True
    return missing


def days_since_upgrade(host: Host) -> int | None:
    """Whole days since unattended-upgrade last ran and succeeded; None before its first run
    (or when the stamp cannot be read)."""
    try:
        when = host.modified(host.path(_UPGRADE_STAMP))
    except HostError:
        return None
    return max(0, (host.now() - when).days)


def apt_updates(host: Host) -> dict[str, FactValue]:
    """apt's chain: configured, scheduled, and how long ago it last installed updates."""
    found: dict[str, FactValue] = {"manager": "apt", "automatic": apt_automatic(host)}
    if found["automatic"] is True:
        found["scheduled"] = apt_scheduled(host)
        days = days_since_upgrade(host)
        if days is not None:
            found["last_upgrade_days"] = days
    return found


def parse_dnf_bool(value: str | None) -> bool | None:
    """A dnf setting's boolean (1/yes/true/on, 0/no/false/off); absent is False."""
    if value is None:
        return False
    word = value.strip().lower()
    if word in _DNF_TRUE:
        return True
    return False if word in _DNF_FALSE else None


@reader()
def dnf_apply_updates(host: Host) -> FactValue:
    """Whether dnf-automatic's settings say to install updates (`apply_updates`)."""
    merged = merge_ini(read_layers(host, (host.path(p) for p in _DNF_FILES)))
    value = parse_dnf_bool(merged.get("commands", {}).get("apply_updates"))
    if value is None:
        return Missing(Reason.parse_error, "apply_updates holds an unexpected value")
    return value


def dnf_automatic(host: Host) -> FactValue:
    """Whether a dnf-automatic timer installs updates by itself."""
    seen: list[FactValue] = []
    for unit in _DNF_GENERIC:
        state = unit_enabled(host, unit)
        seen.append(state)
        if state is True:
            apply = dnf_apply_updates(host)
            if apply is True:
                return True
            seen.append(apply)
            break
    for unit in _DNF_INSTALL:
        state = unit_enabled(host, unit)
        if state is True:
            return True
        seen.append(state)
    missing = [state for state in seen if isinstance(state, Missing)]
    return missing[0] if missing else False


def read_updates(host: Host) -> FactValue:
    """The updates fact: which package manager, and whether it updates by itself."""
    if host.is_file(host.path("/usr/bin/apt-get")):
        return apt_updates(host)
    if host.is_file(host.path("/usr/bin/dnf5")) or host.is_file(host.path("/usr/bin/dnf")):
        # NOTE: dnf-automatic is "automatic" only when its timer is enabled, so the schedule
        # is already part of that answer.
        automatic = dnf_automatic(host)
        return {"manager": "dnf", "automatic": automatic, "scheduled": automatic}
    return {
        "manager": "other",
        "automatic": Missing(Reason.unsupported, "neither apt nor dnf is installed"),
    }
