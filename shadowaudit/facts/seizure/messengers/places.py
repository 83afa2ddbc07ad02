"""Where Signal Desktop, Telegram Desktop and WhatsApp Desktop keep their data, per platform.

Paths come from the apps' own source code:
- Signal Desktop: Electron's `app.getPath('userData')`, the app data folder plus the product
  name "Signal" (signalapp/Signal-Desktop app/user_config.main.ts); Flatpak org.signal.Signal
  and Snap signal-desktop keep the same folder under their own home.
- Telegram Desktop: `psAppDataPath()` + "tdata/" (telegramdesktop/tdesktop
  Telegram/SourceFiles/storage/storage_domain.cpp `BaseGlobalPath`; platform/win/
  specific_win.cpp: %APPDATA%\\Telegram Desktop, "Telegram Desktop UWP" for the Store build;
  platform/linux/specific_linux.cpp: ~/.TelegramDesktop when it holds settings, else
  QStandardPaths::AppLocalDataLocation, ~/.local/share/TelegramDesktop).
- WhatsApp Desktop: the Microsoft Store package 5319275A.WhatsAppDesktop, the older Electron
  app in %LOCALAPPDATA%\\WhatsApp, and WhatsApp.app on macOS. There is no WhatsApp for Linux.
"""

from __future__ import annotations

from pathlib import PurePath

from msgspec import Struct

from shadowaudit.errors import HostError
from shadowaudit.host.base import Host, Platform

APP_NAMES = {"signal": "Signal", "telegram": "Telegram", "whatsapp": "WhatsApp"}
#: Microsoft Store package families, before the publisher hash (`_t4vj0pshhgkwm`, ...).
STORE_FAMILIES = {
    "telegram": "TelegramMessengerLLP.TelegramDesktop_",
    "whatsapp": "5319275A.WhatsAppDesktop_",
}


class Place(Struct, frozen=True):
    """A folder where one messenger may keep its data, and how to name it to a person."""

    path: PurePath
    app: str
    where: str = ""
    #: The name people know this install by, when it is not the app's ("Signal Beta").
    name: str = ""

    @property
    def label(self) -> str:
        """The app's name, with how it was installed: "Signal (Flatpak)"."""
        name = self.name or APP_NAMES[self.app]
        return f"{name} ({self.where})" if self.where else name


def _windows_roots(host: Host) -> tuple[PurePath, PurePath]:
    """%APPDATA% and %LOCALAPPDATA%, or their usual places under the home."""
    roaming, local = host.env("APPDATA"), host.env("LOCALAPPDATA")
    return (
        host.path(roaming) if roaming else host.home / "AppData" / "Roaming",
        host.path(local) if local else host.home / "AppData" / "Local",
    )


def store_packages(host: Host, app: str) -> list[PurePath]:
    """The Microsoft Store package folders of an app under %LOCALAPPDATA%\\Packages."""
    packages = _windows_roots(host)[1] / "Packages"
    try:
        names = host.list_dir(packages)
    except HostError:
        return []
    return [packages / name for name in names if name.startswith(STORE_FAMILIES[app])]


def signal_places(host: Host) -> list[Place]:
    """Every folder where Signal Desktop (or Signal Beta) may keep its data."""
    home = host.home
    if host.platform is Platform.windows:
        roaming = _windows_roots(host)[0]
        return [
            Place(roaming / "Signal", "signal"),
            Place(roaming / "Signal Beta", "signal", name="Signal Beta"),
        ]
    if host.platform is Platform.macos:
        support = home / "Library/Application Support"
        return [
            Place(support / "Signal", "signal"),
            Place(support / "Signal Beta", "signal", name="Signal Beta"),
        ]
    config = host.config_home()
    return [
        Place(config / "Signal", "signal"),
        Place(config / "Signal Beta", "signal", name="Signal Beta"),
        Place(home / ".var/app/org.signal.Signal/config/Signal", "signal", "Flatpak"),
        Place(home / "snap/signal-desktop/current/.config/Signal", "signal", "Snap"),
    ]


def telegram_places(host: Host) -> list[Place]:
    """Every tdata folder Telegram Desktop may use."""
    home = host.home
    if host.platform is Platform.windows:
        roaming = _windows_roots(host)[0]
        store = [
            Place(package / "LocalCache/Roaming/Telegram Desktop UWP/tdata", "telegram", "Store")
            for package in store_packages(host, "telegram")
        ]
        return [Place(roaming / "Telegram Desktop/tdata", "telegram"), *store]
    if host.platform is Platform.macos:
        return [Place(home / "Library/Application Support/Telegram Desktop/tdata", "telegram")]
    xdg = host.env("XDG_DATA_HOME") or ""
    data = host.path(xdg) if xdg.startswith("/") else home / ".local/share"
    return [
        Place(data / "TelegramDesktop/tdata", "telegram"),
        Place(home / ".TelegramDesktop/tdata", "telegram"),
        Place(
            home / ".var/app/org.telegram.desktop/data/TelegramDesktop/tdata", "telegram", "Flatpak"
        ),
        Place(
            home / "snap/telegram-desktop/current/.local/share/TelegramDesktop/tdata",
            "telegram",
            "Snap",
        ),
    ]


def whatsapp_places(host: Host) -> list[Place]:
    """Where WhatsApp Desktop is installed: the Store package, the older app, WhatsApp.app."""
    if host.platform is Platform.windows:
        local = _windows_roots(host)[1]
        store = [Place(p, "whatsapp", "Store") for p in store_packages(host, "whatsapp")]
        return [*store, Place(local / "WhatsApp", "whatsapp")]
    if host.platform is Platform.macos:
        # NOTE: only the app itself: its data sits in containers that macOS guards with a
        # prompt ("would like to access data from other apps"), and a scan never prompts.
        return [
            Place(host.path("/Applications/WhatsApp.app"), "whatsapp"),
            Place(host.home / "Applications/WhatsApp.app", "whatsapp"),
        ]
    return []
