"""Linux desktop facts: the screen lock, automatic login and a guest session."""

from __future__ import annotations

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec
from shadowaudit.facts.system.linux.login import read_login
from shadowaudit.facts.system.linux.screen_lock import read_screen_lock
from shadowaudit.host.base import Host, Platform

SCREEN_LOCK = "system.linux.screen_lock"
AUTO_LOGIN = "system.linux.auto_login"
GUEST_ACCOUNT = "system.linux.guest_account"


class LinuxDesktopCollector(Collector):
    """Reads the desktop's lock settings and the login screen's settings, as the person."""

    name = "linux_desktop"
    platforms = frozenset({Platform.linux})
    facts = (
        FactSpec(
            SCREEN_LOCK,
            FactKind.mapping,
            "The desktop (from XDG_CURRENT_DESKTOP, else the running desktop shell) and its "
            "screen-lock settings: GNOME from gsettings, KDE from kscreenlockerrc with KDE's "
            "defaults for what the file does not say. Missing when no desktop runs.",
            fields={
                "desktop": "'gnome', 'kde' or 'other' (then no other key)",
                "lock_enabled": "the screen locks by itself when idle (GNOME lock-enabled, off "
                "when the lockdown disable-lock-screen is set; KDE Autolock and RequirePassword)",
                "idle_seconds": "idle time before the screen blanks and locks; 0 = never",
                "lock_delay_seconds": "seconds after blanking before a password is needed "
                "(GNOME lock-delay, KDE LockGrace)",
                "lock_after_seconds": "idle_seconds plus lock_delay_seconds: when a password "
                "is really needed; absent when the screen never blanks",
                "lock_on_resume": "KDE only: the screen locks when waking from sleep",
            },
        ),
        FactSpec(
            AUTO_LOGIN,
            FactKind.mapping,
            "Whether the login screen opens a session without a password (GDM automatic or "
            "timed login, LightDM autologin-user or autologin-guest, SDDM [Autologin] User). "
            "The user name is never kept.",
            fields={
                "enabled": "true when a session opens without a password",
                "display_manager": "'gdm', 'lightdm', 'sddm' or 'none' (no login screen starts)",
            },
        ),
        FactSpec(
            GUEST_ACCOUNT,
            FactKind.boolean,
            "True when LightDM offers a guest session (allow-guest, true by default, and the "
            "guest-account script installed). GDM and SDDM have no guest session.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the screen lock and the login screen."""
        auto_login, guest = read_login(host)
        return {SCREEN_LOCK: read_screen_lock(host), AUTO_LOGIN: auto_login, GUEST_ACCOUNT: guest}
