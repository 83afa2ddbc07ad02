"""Thin readers of the Windows registry keys behind each setting, judged by `settings`.

Every key here is readable by a standard user. A key that does not exist is passed on as None;
any other Host error (permission denied, no registry at all) propagates to the collector.
"""

from __future__ import annotations

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue
from shadowaudit.facts.system.windows import settings
from shadowaudit.host.base import Host, RegistryValue

CURRENT_VERSION = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
WINLOGON = CURRENT_VERSION + r"\Winlogon"
FIREWALL_LOCAL = r"HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy"
FIREWALL_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall"
DESKTOP = r"HKCU\Control Panel\Desktop"
DESKTOP_POLICY = r"HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop"
SYSTEM_POLICY = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"
UPDATE_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU"
UPDATE_SERVICE = r"HKLM\SYSTEM\CurrentControlSet\Services\wuauserv"
UPDATE_UX = r"HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings"
TERMINAL_SERVER = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server"
TERMINAL_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services"
REMOTE_ASSISTANCE = r"HKLM\SYSTEM\CurrentControlSet\Control\Remote Assistance"
SHARES = r"HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Shares"
SECURE_BOOT_STATE = r"HKLM\SYSTEM\CurrentControlSet\Control\SecureBoot\State"
EXPLORER_ADVANCED = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced"
SSHD_SERVICE = r"HKLM\SYSTEM\CurrentControlSet\Services\sshd"


def values(host: Host, key: str) -> settings.Values | None:
    """The values under a registry key, or None when the key does not exist."""
    try:
        return host.registry_values(key)
    except NotFound:
        return None


def read_version(host: Host) -> FactValue:
    """Product, display version, build, UBR and edition of Windows."""
    return settings.parse_version(values(host, CURRENT_VERSION))


def read_firewall(host: Host) -> FactValue:
    """Windows Firewall per network profile, the group policy winning over the local setting."""
    local: dict[str, settings.Values | None] = {}
    policy: dict[str, settings.Values | None] = {}
    for local_key, policy_key in settings.FIREWALL_PROFILES.values():
        local[local_key] = values(host, rf"{FIREWALL_LOCAL}\{local_key}")
        policy[policy_key] = values(host, rf"{FIREWALL_POLICY}\{policy_key}")
    rules: dict[str, RegistryValue] = {}
    for place in (FIREWALL_LOCAL, FIREWALL_POLICY):
        try:
            rules.update(values(host, rf"{place}\FirewallRules") or {})
        except HostError:
            # NOTE: unread rules cannot prove that none lets everything in: left out, the
            # rule says "could not check" rather than pass.
            return settings.parse_firewall(local, policy, None)
    return settings.parse_firewall(local, policy, rules)


def read_screen_lock(host: Host) -> FactValue:
    """The screen saver settings and the machine inactivity limit."""
    return settings.parse_screen_lock(
        values(host, DESKTOP),
        values(host, DESKTOP_POLICY),
        values(host, SYSTEM_POLICY),
        values(host, WINLOGON),
    )


def read_auto_login(host: Host) -> FactValue:
    """Automatic sign-in, and whether its password is stored (never the password itself)."""
    return settings.parse_auto_login(values(host, WINLOGON))


def read_updates(host: Host) -> FactValue:
    """Whether Windows Update is turned off by policy, by its service, or paused."""
    return settings.parse_updates(
        values(host, UPDATE_POLICY),
        values(host, UPDATE_SERVICE),
        values(host, UPDATE_UX),
        host.now(),
    )


def read_remote_desktop(host: Host) -> FactValue:
    """Whether this computer accepts Remote Desktop connections."""
    return settings.parse_remote_desktop(
        values(host, TERMINAL_SERVER), values(host, TERMINAL_POLICY)
    )


def read_remote_assistance(host: Host) -> FactValue:
    """Whether Remote Assistance invitations are allowed."""
    return settings.parse_remote_assistance(
        values(host, REMOTE_ASSISTANCE), values(host, TERMINAL_POLICY)
    )


def read_shares(host: Host) -> FactValue:
    """The names of the folders this computer shares on the network."""
    return settings.parse_shares(values(host, SHARES))


def read_secure_boot(host: Host) -> FactValue:
    """Whether UEFI Secure Boot is on."""
    return settings.parse_secure_boot(values(host, SECURE_BOOT_STATE))


def read_hide_extensions(host: Host) -> FactValue:
    """Whether Explorer hides file name extensions such as .exe."""
    return settings.parse_hide_extensions(values(host, EXPLORER_ADVANCED))
