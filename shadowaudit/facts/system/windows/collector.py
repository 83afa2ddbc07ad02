"""Windows 10 and 11 security settings, read from the registry, PowerShell and whoami as a user.

Nothing here needs administrator rights. Registry readers live in `registry` (judged by
the pure functions of `settings`), command readers and parsers in `commands`.
Each fact is read on its own, so one failure spoils only that fact.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from shadowaudit.errors import HostError
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    missing_from,
    reader,
)
from shadowaudit.facts.system.sshd_config import read_sshd
from shadowaudit.facts.system.windows import commands, registry, settings
from shadowaudit.host.base import Host, Platform

log = logging.getLogger(__name__)

PREFIX = "system.windows."
VERSION = PREFIX + "version"
BITLOCKER = PREFIX + "bitlocker"
FIREWALL = PREFIX + "firewall"
SCREEN_LOCK = PREFIX + "screen_lock"
AUTO_LOGIN = PREFIX + "auto_login"
UPDATES = PREFIX + "updates"
DEFENDER = PREFIX + "defender"
ANTIVIRUS = PREFIX + "antivirus_products"
REMOTE_DESKTOP = PREFIX + "remote_desktop"
REMOTE_ASSISTANCE = PREFIX + "remote_assistance"
SHARES = PREFIX + "shares"
USER_IS_ADMIN = PREFIX + "user_is_admin"
GUEST = PREFIX + "guest_enabled"
SECURE_BOOT = PREFIX + "secure_boot"
HIDE_EXTENSIONS = PREFIX + "hide_file_extensions"
SSHD = PREFIX + "sshd"


@reader()
def read_os_version(host: Host) -> FactValue:
    """The `system.windows.version` fact: product, display version, build, UBR and edition."""
    return registry.read_version(host)


def _sshd_running(host: Host) -> bool:
    """True when an sshd.exe process runs (a process list we cannot read counts as no)."""
    try:
        return any(p.name.lower() == "sshd.exe" for p in host.processes())
    except HostError:
        return False


def read_sshd_server(host: Host) -> FactValue:
    """The OpenSSH server: whether it is on, and whether it takes passwords or root logins."""
    service = registry.values(host, registry.SSHD_SERVICE)
    running = _sshd_running(host)
    if service is None and not running:
        return {"enabled": False}
    program_data = host.env("ProgramData") or commands.system_drive(host) + "\\ProgramData"
    config = read_sshd(host, host.path(program_data, "ssh", "sshd_config"))
    found: dict[str, FactValue] = {"enabled": settings.sshd_enabled(service, running)}
    if isinstance(config, dict):
        found.update(config)
    else:
        found.update(password_login=config, root_login=config)
    return found


_READERS: dict[str, Callable[[Host], FactValue]] = {
    VERSION: read_os_version,
    BITLOCKER: commands.read_bitlocker,
    FIREWALL: registry.read_firewall,
    SCREEN_LOCK: registry.read_screen_lock,
    AUTO_LOGIN: registry.read_auto_login,
    UPDATES: registry.read_updates,
    DEFENDER: commands.read_defender,
    ANTIVIRUS: commands.read_antivirus_products,
    REMOTE_DESKTOP: registry.read_remote_desktop,
    REMOTE_ASSISTANCE: registry.read_remote_assistance,
    SHARES: registry.read_shares,
    USER_IS_ADMIN: commands.read_user_is_admin,
    GUEST: commands.read_guest,
    SECURE_BOOT: registry.read_secure_boot,
    HIDE_EXTENSIONS: registry.read_hide_extensions,
    SSHD: read_sshd_server,
}


class WindowsCollector(Collector):
    """Reads Windows 10 and 11 security settings without administrator rights."""

    name = "windows"
    platforms = frozenset({Platform.windows})
    facts = (
        FactSpec(
            VERSION,
            FactKind.mapping,
            "Which Windows this is, from HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion "
            "(build 22000 and later is Windows 11, whatever ProductName says).",
            fields={
                "product": "'Windows 11' or 'Windows 10' (ProductName for older builds)",
                "display_version": "the feature update, e.g. '24H2' (ReleaseId on old builds)",
                "build": "the build number, e.g. 26100",
                "ubr": "the update revision, e.g. 2033",
                "edition": "EditionID: Core (Home), Professional, Enterprise, EnterpriseS (LTSC)",
            },
        ),
        FactSpec(
            BITLOCKER,
            FactKind.string,
            "BitLocker or device encryption of the system drive, from Explorer's "
            "System.Volume.BitLockerProtection property (no administrator rights needed).",
            values="'on', 'off', 'encrypting', 'decrypting', 'suspended', 'locked' or "
            "'not_encryptable'",
        ),
        FactSpec(
            FIREWALL,
            FactKind.mapping,
            "Whether Windows Firewall is on for each network profile (EnableFirewall), what it "
            "does with an incoming connection no rule allows (DefaultInboundAction, block when "
            "absent), whether it blocks even allowed programs (DoNotAllowExceptions), and how "
            "many active inbound rules let any connection in on public networks (FirewallRules "
            "with no port, program, service or address limit). A group policy setting wins "
            "over the local one. An absent key was not set.",
            fields={
                "domain": "true or false",
                "private": "true or false",
                "public": "true or false",
                "domain_inbound": "'block' or 'allow'",
                "private_inbound": "'block' or 'allow'",
                "public_inbound": "'block' or 'allow'",
                "domain_block_all": "true or false",
                "private_block_all": "true or false",
                "public_block_all": "true or false",
                "public_open_to_all_rules": "count of rules that let everything in; absent "
                "when the rules could not be read",
            },
        ),
        FactSpec(
            SCREEN_LOCK,
            FactKind.mapping,
            "The screen saver settings in force (the policy copy wins) and the machine "
            "inactivity limit. Only settings that are set appear.",
            fields={
                "screensaver_active": "true when ScreenSaveActive is on and a screen saver "
                "program is chosen",
                "screensaver_secure": "true when the screen saver asks for the password",
                "timeout_minutes": "minutes before the screen saver starts (rounded up)",
                "grace_seconds": "seconds after the screen saver starts before it asks for the "
                "password (Winlogon ScreenSaverGracePeriod; 5 when not set)",
                "lock_after_seconds": "seconds from the last use to the password: the screen "
                "saver's timeout plus the grace period",
                "policy_inactivity_minutes": "InactivityTimeoutSecs in minutes (0 = no limit)",
            },
        ),
        FactSpec(
            AUTO_LOGIN,
            FactKind.mapping,
            "Whether Windows signs in by itself (Winlogon AutoAdminLogon), and whether a "
            "password for it sits in the registry in clear text. The password is never read "
            "into the report.",
            fields={"enabled": "true or false", "stored_password": "true or false"},
        ),
        FactSpec(
            UPDATES,
            FactKind.mapping,
            "Whether automatic updates are turned off or paused.",
            fields={
                "disabled_by_policy": "true when the NoAutoUpdate policy is 1",
                "service_disabled": "true when the Windows Update service is disabled",
                "paused_days": "days until the update pause ends (0 when not paused)",
            },
        ),
        FactSpec(
            DEFENDER,
            FactKind.mapping,
            "Microsoft Defender Antivirus, from Get-MpComputerStatus.",
            fields={
                "antivirus": "true when the antivirus is on",
                "real_time": "true when real-time protection is on",
                "signature_age_days": "days since the virus definitions were updated",
            },
        ),
        FactSpec(
            ANTIVIRUS,
            FactKind.list,
            "The antivirus programs Windows Security Center knows (root/SecurityCenter2).",
            values="a list of {name, enabled, up_to_date}",
        ),
        FactSpec(
            REMOTE_DESKTOP,
            FactKind.boolean,
            "True when this computer accepts Remote Desktop connections (fDenyTSConnections 0; "
            "the group policy setting wins).",
        ),
        FactSpec(
            REMOTE_ASSISTANCE,
            FactKind.boolean,
            "True when Remote Assistance invitations are allowed (fAllowToGetHelp 1; the "
            "group policy setting wins).",
        ),
        FactSpec(
            SHARES,
            FactKind.list,
            "The names of the folders this computer shares on the network (hidden "
            "administrative shares such as C$ are not included).",
            values="a list of share names",
        ),
        FactSpec(
            USER_IS_ADMIN,
            FactKind.boolean,
            "True when the person's account is in the Administrators group (SID S-1-5-32-544, "
            "also when Windows only uses it after a confirmation prompt).",
        ),
        FactSpec(
            GUEST,
            FactKind.boolean,
            "True when the built-in Guest account (relative id 501) is enabled.",
        ),
        FactSpec(
            SECURE_BOOT,
            FactKind.boolean,
            "True when UEFI Secure Boot is on (SecureBoot\\State UEFISecureBootEnabled).",
        ),
        FactSpec(
            HIDE_EXTENSIONS,
            FactKind.boolean,
            "True when Explorer hides known file extensions, so 'photo.jpg.exe' shows as "
            "'photo.jpg' (Windows' default).",
        ),
        FactSpec(
            SSHD,
            FactKind.mapping,
            "The OpenSSH server: on when its service starts with Windows or sshd.exe runs; "
            "settings from %ProgramData%\\ssh\\sshd_config. Only 'enabled' when not installed.",
            fields={
                "enabled": "true or false",
                "password_login": "true when logins with a password are allowed",
                "root_login": "true when PermitRootLogin is yes",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read each fact on its own; a failure becomes that fact's Missing."""
        found: FactMap = {}
        for name, read in _READERS.items():
            try:
                found[name] = read(host)
            except HostError as exc:
                log.debug("windows: %s: %s", name, type(exc).__name__)
                found[name] = missing_from(exc)
        return found
