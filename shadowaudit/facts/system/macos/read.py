"""Thin readers for macOS: Apple's plists and tools asked through the Host, parsed elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from, reader
from shadowaudit.facts.decode import load_plist, plist_bool
from shadowaudit.facts.system.macos.parse import (
    major_version,
    parse_admin_group,
    parse_alf_globalstate,
    parse_defaults_integer,
    parse_fdesetup_status,
    parse_firewall_profiler,
    parse_print_disabled,
    parse_screen_lock,
    parse_socketfilterfw,
    parse_updates,
)
from shadowaudit.facts.system.sshd_config import read_sshd
from shadowaudit.host.base import CommandResult, Host

log = logging.getLogger(__name__)

SYSTEM_VERSION = "/System/Library/CoreServices/SystemVersion.plist"
ALF_PLIST = "/Library/Preferences/com.apple.alf.plist"
LOGINWINDOW_PLIST = "/Library/Preferences/com.apple.loginwindow.plist"
UPDATE_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
KCPASSWORD = "/etc/kcpassword"
REMOTE_MANAGEMENT_FILE = (
    "/Library/Application Support/Apple/Remote Desktop/RemoteManagement.launchd"
)
SSHD_CONFIG = "/etc/ssh/sshd_config"

FDESETUP = ["/usr/bin/fdesetup", "status"]
PROFILER_FIREWALL = ["/usr/sbin/system_profiler", "SPFirewallDataType", "-json"]
SOCKETFILTERFW = ["/usr/libexec/ApplicationFirewall/socketfilterfw", "--getglobalstate"]
SCREEN_LOCK_STATUS = ["/usr/sbin/sysadminctl", "-screenLock", "status"]
IDLE_TIME = ["/usr/bin/defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime"]
SPCTL = ["/usr/sbin/spctl", "--status"]
CSRUTIL = ["/usr/bin/csrutil", "status"]
PRINT_DISABLED = ["/bin/launchctl", "print-disabled", "system"]
#: The local node (".") only: `id -Gn` would ask every directory the Mac is bound to.
ADMIN_GROUP = ["/usr/bin/dscl", ".", "-read", "/Groups/admin", "GroupMembership", "NestedGroups"]

SSH_SERVICE = "com.openssh.sshd"
SCREEN_SHARING_SERVICE = "com.apple.screensharing"
FILE_SHARING_SERVICES = ("com.apple.smbd", "com.apple.AppleFileServer")
#: macOS 15 dropped the alf plist; from then on system_profiler reports the firewall.
_PROFILER_FROM = 15
_PLIST_LIMIT = 4 * 1024 * 1024


@reader()
def read_plist(host: Host, path: str) -> dict[str, object] | Missing:
    """A property list through the Host; Missing(not_installed) when the file is not there."""
    data = host.read_bytes(host.path(path), limit=_PLIST_LIMIT)
    return load_plist(data)


def _run(host: Host, argv: Sequence[str], timeout: float = 10) -> CommandResult | Missing:
    """Run one of Apple's tools; Missing when it is not there or does not answer in time."""
    try:
        return host.run(argv, timeout=timeout)
    except HostError as exc:
        log.info("macos: %s did not answer (%s)", argv[0], type(exc).__name__)
        return missing_from(exc)


def exists(host: Host, path: str) -> bool:
    """True when a file is there (only its presence is looked at, never its content)."""
    return host.is_file(host.path(path))


def read_remote_management(host: Host) -> FactValue:
    """True when Remote Management's RemoteManagement.launchd file is there (presence only).

    When the file cannot be seen, its folder is listed to tell "not there" from "not allowed
    to look": a folder we may not read gives Missing(permission_denied), never False.
    """
    path = host.path(REMOTE_MANAGEMENT_FILE)
    if host.is_file(path):
        return True
    try:
        names = host.list_dir(path.parent)
    except NotFound:
        return False
    except HostError as exc:
        return missing_from(exc)
    return path.name in names


def read_filevault(host: Host) -> FactValue:
    """FileVault's state from `fdesetup status` (works without administrator rights)."""
    result = _run(host, FDESETUP)
    return result if isinstance(result, Missing) else parse_fdesetup_status(result.stdout)


def _firewall_plist(host: Host) -> FactValue:
    """The firewall from com.apple.alf.plist (macOS 14 and earlier)."""
    plist = read_plist(host, ALF_PLIST)
    return plist if isinstance(plist, Missing) else parse_alf_globalstate(plist)


def _firewall_profiler(host: Host) -> FactValue:
    """The firewall from system_profiler's JSON report (macOS 15 and later; it is slow)."""
    result = _run(host, PROFILER_FIREWALL, timeout=15)
    return result if isinstance(result, Missing) else parse_firewall_profiler(result.stdout)


def _firewall_socketfilterfw(host: Host) -> FactValue:
    """The firewall from socketfilterfw's "(State = N)", when the first source cannot say."""
    result = _run(host, SOCKETFILTERFW, timeout=5)
    return result if isinstance(result, Missing) else parse_socketfilterfw(result.stdout)


def read_firewall(host: Host, version: FactValue) -> FactValue:
    """The application firewall: the plist up to macOS 14, system_profiler from macOS 15 on,
    then socketfilterfw when that source cannot answer. When none can, the first one's Missing.

    NOTE: a Mac upgraded to macOS 15 may keep a stale com.apple.alf.plist that no longer
    follows the setting, so the plist is read only when the version says it is still used.
    """
    major = major_version(version)
    first: tuple[Callable[[Host], FactValue], ...]
    if major is None:
        first = (_firewall_plist, _firewall_profiler)
    elif major >= _PROFILER_FROM:
        first = (_firewall_profiler,)
    else:
        first = (_firewall_plist,)
    readers: tuple[Callable[[Host], FactValue], ...] = (*first, _firewall_socketfilterfw)
    missing: list[Missing] = []
    for read in readers:
        answer = read(host)
        if not isinstance(answer, Missing):
            return answer
        log.info("macos: %s gave no firewall state (%s)", read.__name__, answer.reason)
        missing.append(answer)
    # NOTE: the first source's reason (a timeout, a damaged plist) says more than the fallback's.
    return missing[0]


def read_screen_lock(host: Host) -> FactValue:
    """The lock delay (sysadminctl) and the screen saver's idle time (defaults -currentHost)."""
    found: dict[str, FactValue] = {}
    lock = _run(host, SCREEN_LOCK_STATUS, timeout=5)
    found["lock_delay_seconds"] = (
        lock if isinstance(lock, Missing) else parse_screen_lock(lock.stderr + lock.stdout)
    )
    idle = _run(host, IDLE_TIME, timeout=5)
    seconds = (
        idle
        if isinstance(idle, Missing)
        else parse_defaults_integer(idle.returncode, idle.stdout, idle.stderr)
    )
    if seconds is not None:
        found["idle_seconds"] = seconds
    delay = found["lock_delay_seconds"]
    if isinstance(seconds, int) and seconds > 0 and isinstance(delay, int) and delay >= 0:
        # NOTE: the password is asked once the screen saver has run for the lock delay.
        found["lock_after_seconds"] = seconds + delay
    return found


def read_loginwindow(host: Host) -> tuple[FactValue, FactValue]:
    """(auto_login, guest_enabled) from com.apple.loginwindow.plist and /etc/kcpassword.

    Only the presence of `autoLoginUser` is kept, never the name; /etc/kcpassword (the
    stored auto-login password) is looked at for presence only, never read.
    """
    plist = read_plist(host, LOGINWINDOW_PLIST)
    stored = exists(host, KCPASSWORD)
    if isinstance(plist, Missing) and plist.reason is not Reason.not_installed:
        return {"enabled": plist, "stored_password": stored}, plist
    settings = {} if isinstance(plist, Missing) else plist
    user = settings.get("autoLoginUser")
    guest: FactValue = False
    if "GuestEnabled" in settings:
        flag = plist_bool(settings["GuestEnabled"])
        guest = (
            Missing(Reason.parse_error, "GuestEnabled is not a yes/no") if flag is None else flag
        )
    auto: FactValue = {
        "enabled": isinstance(user, str) and bool(user.strip()),
        "stored_password": stored,
    }
    return auto, guest


def read_updates(host: Host) -> FactValue:
    """The automatic-update switches; {} when the file is not there (macOS's defaults apply)."""
    plist = read_plist(host, UPDATE_PLIST)
    if isinstance(plist, Missing):
        return {} if plist.reason is Reason.not_installed else plist
    return parse_updates(plist)


def tool_answer(host: Host, argv: Sequence[str], parse: Callable[[str], FactValue]) -> FactValue:
    """Run a tool and parse what it printed on stdout and stderr together."""
    result = _run(host, argv, timeout=5)
    return result if isinstance(result, Missing) else parse(result.stdout + "\n" + result.stderr)


def read_sharing(host: Host) -> dict[str, FactValue]:
    """Remote Login, Screen Sharing, file sharing and the ssh server's settings.

    Keys: remote_login, screen_sharing, file_sharing, sshd. A service that
    `launchctl print-disabled system` does not list keeps its default: off.
    """
    result = _run(host, PRINT_DISABLED, timeout=5)
    services = result if isinstance(result, Missing) else parse_print_disabled(result.stdout)
    if isinstance(services, Missing):
        return dict.fromkeys(("remote_login", "screen_sharing", "file_sharing", "sshd"), services)
    remote_login = services.get(SSH_SERVICE, False)
    sshd: FactValue = {"enabled": False}
    if remote_login:
        settings = read_sshd(host, host.path(SSHD_CONFIG))
        if isinstance(settings, dict):
            sshd = {"enabled": True, **settings}
        else:
            sshd = {"enabled": True, "password_login": settings, "root_login": settings}
    return {
        "remote_login": remote_login,
        "screen_sharing": services.get(SCREEN_SHARING_SERVICE, False),
        "file_sharing": any(services.get(name, False) for name in FILE_SHARING_SERVICES),
        "sshd": sshd,
    }


def read_user_is_admin(host: Host) -> FactValue:
    """True when the person running the scan is in the local `admin` group, read from the
    local directory node only (`dscl .`), never from a directory the Mac is bound to."""
    result = _run(host, ADMIN_GROUP, timeout=5)
    if isinstance(result, Missing):
        return result
    if result.returncode != 0:
        return Missing(Reason.parse_error, f"dscl exit {result.returncode}")
    user = host.env("USER") or host.env("LOGNAME")
    if not user:
        return Missing(Reason.not_set, "no USER in the environment")
    return parse_admin_group(result.stdout, user)
