"""macOS settings that protect a Mac, read as a standard user from plists and Apple's tools."""

from __future__ import annotations

from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
)
from shadowaudit.facts.system.macos.parse import (
    parse_csrutil_status,
    parse_spctl_status,
    parse_system_version,
)
from shadowaudit.facts.system.macos.read import (
    CSRUTIL,
    SPCTL,
    SYSTEM_VERSION,
    read_filevault,
    read_firewall,
    read_loginwindow,
    read_plist,
    read_remote_management,
    read_screen_lock,
    read_sharing,
    read_updates,
    read_user_is_admin,
    tool_answer,
)
from shadowaudit.host.base import Host, Platform

VERSION = "system.macos.version"
FILEVAULT = "system.macos.filevault"
FIREWALL = "system.macos.firewall"
SCREEN_LOCK = "system.macos.screen_lock"
AUTO_LOGIN = "system.macos.auto_login"
UPDATES = "system.macos.updates"
GATEKEEPER = "system.macos.gatekeeper"
SIP = "system.macos.sip"
REMOTE_LOGIN = "system.macos.remote_login"
SCREEN_SHARING = "system.macos.screen_sharing"
FILE_SHARING = "system.macos.file_sharing"
REMOTE_MANAGEMENT = "system.macos.remote_management"
GUEST_ENABLED = "system.macos.guest_enabled"
USER_IS_ADMIN = "system.macos.user_is_admin"
SECURE_BOOT = "system.macos.secure_boot"
SSHD = "system.macos.sshd"


def read_os_version(host: Host) -> FactValue:
    """{"version": "15.1.1", "build": "24B91"} from SystemVersion.plist, or Missing."""
    plist = read_plist(host, SYSTEM_VERSION)
    return plist if isinstance(plist, Missing) else parse_system_version(plist)


class MacOSCollector(Collector):
    """Reads the settings that protect a Mac, without administrator rights."""

    name = "macos"
    platforms = frozenset({Platform.macos})
    facts = (
        FactSpec(
            VERSION,
            FactKind.mapping,
            "The macOS version and build, from /System/Library/CoreServices/SystemVersion.plist.",
            values="{'version': '15.1.1', 'build': '24B91'}",
        ),
        FactSpec(
            FILEVAULT,
            FactKind.string,
            "Whether the disk is encrypted with FileVault (fdesetup status). Encryption that "
            "waits for a restart, a logout or power counts as 'encrypting'.",
            values="'on', 'off', 'encrypting' or 'decrypting'",
        ),
        FactSpec(
            FIREWALL,
            FactKind.string,
            "The application firewall: com.apple.alf.plist globalstate up to macOS 14, "
            "system_profiler SPFirewallDataType from macOS 15, socketfilterfw as a fallback.",
            values="'on', 'block_all' (only essential services) or 'off'",
        ),
        FactSpec(
            SCREEN_LOCK,
            FactKind.mapping,
            "When the screen locks: the delay before a password is asked "
            "(sysadminctl -screenLock status) and the screen saver's idle time "
            "(defaults -currentHost read com.apple.screensaver idleTime).",
            values="keys when known: 'lock_delay_seconds' (0 = immediately, -1 = never), "
            "'idle_seconds' (0 = never; absent when not set), 'lock_after_seconds' (the "
            "two added: from the last use to the password, when both are known)",
        ),
        FactSpec(
            AUTO_LOGIN,
            FactKind.mapping,
            "Whether the Mac logs a user in without a password (autoLoginUser in "
            "com.apple.loginwindow.plist) and whether /etc/kcpassword, the stored auto-login "
            "password, exists. Neither the name nor the password is read.",
            values="{'enabled': bool, 'stored_password': bool}",
        ),
        FactSpec(
            UPDATES,
            FactKind.mapping,
            "Automatic update switches present in /Library/Preferences/"
            "com.apple.SoftwareUpdate.plist; a switch not there follows macOS's default.",
            values="keys when set: 'automatic_check', 'automatic_download', "
            "'install_macos_updates', 'install_security_updates' (each yes/no)",
        ),
        FactSpec(
            GATEKEEPER,
            FactKind.boolean,
            "True when Gatekeeper checks the apps that are opened (spctl --status).",
        ),
        FactSpec(
            SIP,
            FactKind.string,
            "System Integrity Protection (csrutil status); 'custom' means some "
            "protections were turned off.",
            values="'enabled', 'disabled' or 'custom'",
        ),
        FactSpec(
            REMOTE_LOGIN,
            FactKind.boolean,
            "True when Remote Login (the ssh server) is on (launchctl print-disabled system).",
        ),
        FactSpec(
            SCREEN_SHARING,
            FactKind.boolean,
            "True when Screen Sharing is on (launchctl print-disabled system).",
        ),
        FactSpec(
            FILE_SHARING,
            FactKind.boolean,
            "True when File Sharing (SMB or AFP) is on (launchctl print-disabled system).",
        ),
        FactSpec(
            REMOTE_MANAGEMENT,
            FactKind.boolean,
            "True when Remote Management (Apple Remote Desktop) is on: its "
            "RemoteManagement.launchd file exists.",
        ),
        FactSpec(
            GUEST_ENABLED,
            FactKind.boolean,
            "True when the guest account can log in (GuestEnabled in com.apple.loginwindow.plist).",
        ),
        FactSpec(
            USER_IS_ADMIN,
            FactKind.boolean,
            "True when the person running the scan is an administrator: the local admin group "
            "lists them (dscl ., never a directory the Mac is bound to).",
        ),
        FactSpec(
            SECURE_BOOT,
            FactKind.string,
            "The Secure Boot level. Reading it needs administrator rights (bputil), so it "
            "is never read.",
            values="'full', 'reduced' or 'permissive'",
        ),
        FactSpec(
            SSHD,
            FactKind.mapping,
            "The ssh server: whether it is on and, when it is, whether /etc/ssh/sshd_config "
            "(with its Includes) lets people log in with a password, and root at all.",
            values="{'enabled': false} or {'enabled': true, 'password_login': bool, "
            "'root_login': bool}",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read every macOS fact; each one that cannot be read becomes a Missing."""
        version = read_os_version(host)
        auto_login, guest = read_loginwindow(host)
        facts: FactMap = {
            VERSION: version,
            FILEVAULT: read_filevault(host),
            FIREWALL: read_firewall(host, version),
            SCREEN_LOCK: read_screen_lock(host),
            AUTO_LOGIN: auto_login,
            UPDATES: read_updates(host),
            GATEKEEPER: tool_answer(host, SPCTL, parse_spctl_status),
            SIP: tool_answer(host, CSRUTIL, parse_csrutil_status),
            REMOTE_MANAGEMENT: read_remote_management(host),
            GUEST_ENABLED: guest,
            USER_IS_ADMIN: read_user_is_admin(host),
            SECURE_BOOT: Missing(Reason.permission_denied, "needs administrator rights (bputil)"),
        }
        sharing = read_sharing(host)
        facts[REMOTE_LOGIN] = sharing["remote_login"]
        facts[SCREEN_SHARING] = sharing["screen_sharing"]
        facts[FILE_SHARING] = sharing["file_sharing"]
        facts[SSHD] = sharing["sshd"]
        return facts
