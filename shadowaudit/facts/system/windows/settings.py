"""Windows settings judged from registry values: pure functions, one per fact, tested with dicts.

Each function takes the values of the registry keys it needs (a mapping of value name to value,
or None when the key itself does not exist) and returns a fact value. Value names are matched
without regard to case, as Windows does. A value of an unexpected type becomes
Missing(parse_error); the error's detail names the value, never its content.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime

from shadowaudit.facts.base import FactValue, Missing, Reason
from shadowaudit.host.base import RegistryValue

Values = Mapping[str, RegistryValue]

#: Windows 11 is Windows 10's kernel line from this build on (ProductName still says 10).
WINDOWS_11_BUILD = 22000
#: The first Windows 10 build.
WINDOWS_10_BUILD = 10240

#: Fact key -> (profile key under the local FirewallPolicy, profile key under the policy).
FIREWALL_PROFILES = {
    "domain": ("DomainProfile", "DomainProfile"),
    "private": ("StandardProfile", "PrivateProfile"),
    "public": ("PublicProfile", "PublicProfile"),
}

#: Registry values that hold the end of a Windows Update pause (ISO 8601, UTC).
PAUSE_VALUES = ("PauseUpdatesExpiryTime", "PauseQualityUpdatesEndTime")

_SERVICE_AUTOMATIC = 2
_SERVICE_DISABLED = 4


def get(values: Values | None, name: str) -> RegistryValue | None:
    """A value by name, matched without regard to case; None when the key or value is absent."""
    if not values:
        return None
    if name in values:
        return values[name]
    wanted = name.lower()
    for key, value in values.items():
        if key.lower() == wanted:
            return value
    return None


def number(value: RegistryValue | None, name: str) -> int | Missing | None:
    """A REG_DWORD, or a REG_SZ holding digits, as an int; None when absent."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.removeprefix("-").isdigit():
            return int(text)
    return Missing(Reason.parse_error, f"{name} is not a number")


def flag(value: RegistryValue | None, name: str) -> bool | Missing | None:
    """A 0/1 switch as a bool (any number but 0 is on); None when absent."""
    found = number(value, name)
    if found is None or isinstance(found, Missing):
        return found
    return found != 0


def _minutes(value: RegistryValue | None, name: str) -> int | Missing | None:
    """Seconds as whole minutes, rounded up so that a short delay is never made to look shorter."""
    seconds = number(value, name)
    if seconds is None or isinstance(seconds, Missing):
        return seconds
    if seconds < 0:
        return Missing(Reason.parse_error, f"{name} is negative")
    return math.ceil(seconds / 60)


def _text(value: RegistryValue | None) -> str | None:
    """A REG_SZ value stripped of spaces, or None when absent, empty or not a string."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_version(current_version: Values | None) -> FactValue:
    """Product, display version, build, update revision and edition from CurrentVersion.

    Windows 11 still calls itself "Windows 10" in ProductName; the build number decides.
    """
    if current_version is None:
        return Missing(Reason.not_set, "no CurrentVersion key")
    raw = get(current_version, "CurrentBuild")
    if raw is None:
        raw = get(current_version, "CurrentBuildNumber")
    build = number(raw, "CurrentBuild")
    if build is None:
        return Missing(Reason.parse_error, "no CurrentBuild value")
    if isinstance(build, Missing):
        return build
    if build >= WINDOWS_11_BUILD:
        product = "Windows 11"
    elif build >= WINDOWS_10_BUILD:
        product = "Windows 10"
    else:
        product = _text(get(current_version, "ProductName")) or "Windows (older than 10)"
    found: dict[str, FactValue] = {"product": product}
    display = _text(get(current_version, "DisplayVersion")) or _text(
        get(current_version, "ReleaseId")
    )
    if display:
        found["display_version"] = display
    found["build"] = build
    ubr = number(get(current_version, "UBR"), "UBR")
    if ubr is not None:
        found["ubr"] = ubr
    edition = _text(get(current_version, "EditionID"))
    if edition:
        found["edition"] = edition
    return found


def parse_firewall(
    local: Mapping[str, Values | None],
    policy: Mapping[str, Values | None],
    rules: Values | None = None,
) -> FactValue:
    """Whether the firewall is on for each network profile, what it does with an incoming
    connection no rule allows, and how many rules let everything in; a group policy value
    wins over the local one (Firewall CSP's merge law).

    `local` and `policy` map profile key names (StandardProfile, PrivateProfile, ...) to
    values; `rules` holds the FirewallRules values (None: the key could not be read).
    DefaultInboundAction is 1 for block, 0 for allow, and block when absent (Firewall CSP);
    DoNotAllowExceptions 1 blocks every incoming connection, allowed programs included.
    """
    found: dict[str, FactValue] = {}
    for fact_key, (local_key, policy_key) in FIREWALL_PROFILES.items():

        def chosen(
            name: str, profile: tuple[str, str] = (local_key, policy_key)
        ) -> RegistryValue | None:
            """A value of this profile, the policy's copy first."""
            raw = get(policy.get(profile[1]), name)
            return get(local.get(profile[0]), name) if raw is None else raw

        state = flag(chosen("EnableFirewall"), "EnableFirewall")
        if state is None:
            continue
        found[fact_key] = state
        action = number(chosen("DefaultInboundAction"), "DefaultInboundAction")
        if isinstance(action, Missing):
            found[f"{fact_key}_inbound"] = action
        else:
            found[f"{fact_key}_inbound"] = "allow" if action == 0 else "block"
        shielded = flag(chosen("DoNotAllowExceptions"), "DoNotAllowExceptions")
        found[f"{fact_key}_block_all"] = False if shielded is None else shielded
    if found and rules is not None:
        found["public_open_to_all_rules"] = sum(
            1 for text in rules.values() if isinstance(text, str) and opens_everything(text)
        )
    return found


#: Firewall rule fields that narrow what a rule lets in ([MS-GPFAS] 2.2.2.19, rule grammar).
_NARROWING = ("LPort", "LPort2_10", "LPort2_20", "App", "Svc", "RA4", "RA6", "RPort", "PFN")


def opens_everything(rule: str) -> bool:
    """True for an active inbound allow rule that lets any connection in on public networks:
    no port, program, service or remote address limits it.

    A rule is one registry string: "v2.31|Action=Allow|Active=TRUE|Dir=In|Protocol=6|..."
    ([MS-GPFAS] 2.2.2.19). A rule without Profile= applies to every profile.
    """
    fields: dict[str, list[str]] = {}
    for part in rule.split("|")[1:]:
        name, sep, value = part.partition("=")
        if sep:
            fields.setdefault(name.lower(), []).append(value)

    def one(name: str) -> str:
        """The field's first value, lower-cased ('' when absent)."""
        return (fields.get(name.lower()) or [""])[0].lower()

    if (one("Action"), one("Active"), one("Dir")) != ("allow", "true", "in"):
        return False
    profiles = {value.lower() for value in fields.get("profile", [])}
    if profiles and "public" not in profiles:
        return False
    return not any(
        value and value.lower() not in ("*", "any")
        for name in _NARROWING
        for value in fields.get(name.lower(), [])
    )


#: Seconds after a password screen saver starts before it asks for the password, when
#: Winlogon's ScreenSaverGracePeriod is not set (Windows' own default).
DEFAULT_GRACE_SECONDS = 5


def parse_screen_lock(
    desktop: Values | None,
    policy: Values | None,
    system: Values | None,
    winlogon: Values | None = None,
) -> FactValue:
    """The screen saver settings in force (the policy copy wins, value by value).

    A screen saver runs only when ScreenSaveActive is on AND a program (SCRNSAVE.EXE) is set:
    choosing "(None)" removes SCRNSAVE.EXE but leaves ScreenSaveActive at 1. The password is
    asked only once Winlogon's ScreenSaverGracePeriod has passed after the screen saver
    started: `lock_after_seconds` counts both.
    """
    merged: dict[str, RegistryValue] = {}
    for values in (desktop, policy):
        for name, value in (values or {}).items():
            merged[name.lower()] = value
    found: dict[str, FactValue] = {}
    active = flag(get(merged, "ScreenSaveActive"), "ScreenSaveActive")
    if isinstance(active, bool):
        found["screensaver_active"] = active and _text(get(merged, "SCRNSAVE.EXE")) is not None
    elif active is not None:
        found["screensaver_active"] = active
    secure = flag(get(merged, "ScreenSaverIsSecure"), "ScreenSaverIsSecure")
    if secure is not None:
        found["screensaver_secure"] = secure
    timeout = _minutes(get(merged, "ScreenSaveTimeOut"), "ScreenSaveTimeOut")
    if timeout is not None:
        found["timeout_minutes"] = timeout
        found.update(_lock_after(get(merged, "ScreenSaveTimeOut"), winlogon))
    inactivity = _minutes(get(system, "InactivityTimeoutSecs"), "InactivityTimeoutSecs")
    if inactivity is not None:
        found["policy_inactivity_minutes"] = inactivity
    if found.get("screensaver_active") is False and "policy_inactivity_minutes" not in found:
        # NOTE: without a screen saver, most PCs lock when the display turns off or on sleep,
        # which these keys do not show: that is "could not check", not "no lock".
        return Missing(Reason.not_set, "no screen saver and no lock policy")
    return found


def _lock_after(timeout: RegistryValue | None, winlogon: Values | None) -> dict[str, FactValue]:
    """The grace period and the seconds from the last use to the password prompt."""
    grace = number(get(winlogon, "ScreenSaverGracePeriod"), "ScreenSaverGracePeriod")
    if grace is None:
        grace = DEFAULT_GRACE_SECONDS
    found: dict[str, FactValue] = {"grace_seconds": grace}
    seconds = number(timeout, "ScreenSaveTimeOut")
    if isinstance(seconds, int) and isinstance(grace, int) and seconds >= 0 and grace >= 0:
        found["lock_after_seconds"] = seconds + grace
    return found


def parse_auto_login(winlogon: Values | None) -> FactValue:
    """Whether Windows signs in by itself, and whether a password is stored in clear for it.

    Only the presence of DefaultPassword is looked at; its content is never kept.
    """
    if winlogon is None:
        return Missing(Reason.not_set, "no Winlogon key")
    enabled = get(winlogon, "AutoAdminLogon")
    stored = get(winlogon, "DefaultPassword")
    return {
        "enabled": enabled is not None and str(enabled).strip() == "1",
        "stored_password": _present(stored),
    }


def _present(value: RegistryValue | None) -> bool:
    """True when a value exists and is not empty (its content is not looked at further)."""
    if value is None:
        return False
    if isinstance(value, str | bytes | list):
        return len(value) > 0
    return True


def pause_days(values: Values | None, now: datetime) -> int | Missing:
    """Whole days until the latest Windows Update pause ends; 0 when there is none or it is past."""
    longest = 0
    for name in PAUSE_VALUES:
        raw = get(values, name)
        if raw is None:
            continue
        if not isinstance(raw, str):
            return Missing(Reason.parse_error, f"{name} is not a date")
        try:
            until = datetime.fromisoformat(raw.strip())
        except ValueError:
            return Missing(Reason.parse_error, f"{name} is not a date")
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        longest = max(longest, (until - now).days)
    return longest


def parse_updates(
    au_policy: Values | None, service: Values | None, ux_settings: Values | None, now: datetime
) -> FactValue:
    """Whether automatic updates are turned off by policy, by the service, or paused (in days)."""
    no_auto = number(get(au_policy, "NoAutoUpdate"), "NoAutoUpdate")
    start = number(get(service, "Start"), "Start")
    disabled_by_policy: FactValue = no_auto == 1 if not isinstance(no_auto, Missing) else no_auto
    service_disabled: FactValue
    if start is None:
        service_disabled = Missing(Reason.not_set, "wuauserv has no Start value")
    elif isinstance(start, Missing):
        service_disabled = start
    else:
        service_disabled = start == _SERVICE_DISABLED
    return {
        "disabled_by_policy": disabled_by_policy,
        "service_disabled": service_disabled,
        "paused_days": pause_days(ux_settings, now),
    }


def _policy_first(policy: Values | None, local: Values | None, name: str) -> int | Missing | None:
    """A number from the policy key when set there, else from the local key."""
    raw = get(policy, name)
    if raw is None:
        raw = get(local, name)
    return number(raw, name)


def parse_remote_desktop(terminal_server: Values | None, policy: Values | None) -> FactValue:
    """True when Remote Desktop accepts connections (fDenyTSConnections 0; the policy wins)."""
    deny = _policy_first(policy, terminal_server, "fDenyTSConnections")
    if deny is None:
        return Missing(Reason.not_set, "fDenyTSConnections is not set")
    return deny if isinstance(deny, Missing) else deny == 0


def parse_remote_assistance(remote_assistance: Values | None, policy: Values | None) -> FactValue:
    """True when others may be invited to help through Remote Assistance (fAllowToGetHelp 1)."""
    allow = _policy_first(policy, remote_assistance, "fAllowToGetHelp")
    if allow is None:
        return Missing(Reason.not_set, "fAllowToGetHelp is not set")
    return allow if isinstance(allow, Missing) else allow == 1


def parse_shares(shares: Values | None) -> FactValue:
    """The names of the folders shared on the network (admin shares like C$ are not listed)."""
    names: list[FactValue] = [str(name) for name in sorted(shares or {}, key=str.lower)]
    return names


def parse_secure_boot(state: Values | None) -> FactValue:
    """True when UEFI Secure Boot is on; no SecureBoot\\State key means legacy BIOS or unknown."""
    enabled = flag(get(state, "UEFISecureBootEnabled"), "UEFISecureBootEnabled")
    if enabled is None:
        return Missing(Reason.unsupported, "no UEFISecureBootEnabled (legacy BIOS or unknown)")
    return enabled


def parse_hide_extensions(advanced: Values | None) -> FactValue:
    """True when Explorer hides known file extensions (HideFileExt absent = Windows' default)."""
    hidden = flag(get(advanced, "HideFileExt"), "HideFileExt")
    return True if hidden is None else hidden


def sshd_enabled(service: Values | None, running: bool) -> FactValue:
    """True when the OpenSSH server starts with Windows (Start 2) or runs now."""
    if running:
        return True
    start = number(get(service, "Start"), "Start")
    if start is None:
        return False
    return start if isinstance(start, Missing) else start == _SERVICE_AUTOMATIC
