"""Where sync programs keep their folders: one (provider, folder) per sync root, no account.

Each client's own settings name its folder; only that path and the provider are kept. Account
names, e-mails, server paths and tokens in those files are never kept. Sources of each format
are named at its reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePath

from msgspec import Struct

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import Missing, Reason, missing_from
from shadowaudit.facts.traces.drivefs import drivefs_folders
from shadowaudit.host.base import Host, Platform

#: Largest settings file read: these are a few kilobytes; a bigger one is not trusted.
MAX_CONFIG = 256 * 1024
ONEDRIVE_ACCOUNTS = r"HKCU\Software\Microsoft\OneDrive\Accounts"
SHELL_FOLDERS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"
#: Known folders by their registry value name (Known Folder Move redirects these).
KNOWN_FOLDERS = {"Desktop": "Desktop", "Personal": "Documents", "My Pictures": "Pictures"}
#: macOS File Provider folders (~/Library/CloudStorage/<Prefix>-<account>): the prefix only.
CLOUD_STORAGE = {
    "OneDrive": "onedrive",
    "GoogleDrive": "google_drive",
    "Dropbox": "dropbox",
    "Box": "box",
    "ProtonDrive": "proton_drive",
    "Tresorit": "tresorit",
    "Nextcloud": "nextcloud",
}
_NEXTCLOUD_PATH = re.compile(r"^\d+\\Folders\\\d+\\localPath=(.+)$", re.MULTILINE)
_NEXTCLOUD_URL = re.compile(r"^\d+\\url=(?:@Variant\(.*?\))?\s*https?://([^/:\s]+)", re.MULTILINE)
_GOA_PROVIDER = re.compile(r"^Provider=(\w+)\s*$", re.MULTILINE)
_GOA_FILES = {"google": "google_drive", "windows_live": "onedrive", "owncloud": "nextcloud"}
_ENV = re.compile(r"%([A-Za-z_]+)%")


class Root(Struct, frozen=True):
    """A sync folder of a provider; `path` None when the client is there but its folder could
    not be told; `server` a host name only (Nextcloud), `copies` False for online-only access."""

    provider: str
    path: PurePath | None
    server: str = ""
    copies: bool = True


class Found(Struct):
    """Sync roots found, folders copied by Known Folder Move, and files that could not be read."""

    roots: list[Root]
    moved: dict[str, PurePath]
    unreadable: list[Missing]


def _read(host: Host, path: PurePath, found: Found) -> str | None:
    """A settings file's text, None when absent; a refused or huge one is noted as unreadable."""
    try:
        return host.read_text(path, MAX_CONFIG)
    except NotFound:
        return None
    except HostError as exc:
        found.unreadable.append(missing_from(exc))
        return None


def _dropbox(host: Host, found: Found) -> Iterator[Root]:
    """Dropbox's info.json: {"personal"|"business": {"path": ...}} (Dropbox Help Center, "Find
    the Dropbox folder path programmatically"); the account fields are never read."""
    places = [host.home / ".dropbox" / "info.json"]
    for variable in ("APPDATA", "LOCALAPPDATA"):
        base = host.env(variable)
        if host.platform is Platform.windows and base:
            places.append(host.path(base, "Dropbox", "info.json"))
    for place in places:
        text = _read(host, place, found)
        if text is None:
            continue
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise TypeError("not an object")
            paths = [data[kind]["path"] for kind in ("personal", "business") if kind in data]
        except (ValueError, KeyError, TypeError):
            found.unreadable.append(Missing(Reason.parse_error, "Dropbox info.json"))
            continue
        for path in paths:
            yield Root("dropbox", host.path(path) if isinstance(path, str) else None)
        return


def _nextcloud(host: Host, found: Found) -> Iterator[Root]:
    """nextcloud.cfg, Qt's INI as the desktop client writes it (nextcloud/desktop,
    src/gui/folderman.cpp and accountmanager.cpp): `0\\Folders\\1\\localPath=`, `0\\url=`."""
    if host.platform is Platform.windows:
        base = host.env("APPDATA")
        place = host.path(base, "Nextcloud", "nextcloud.cfg") if base else None
    elif host.platform is Platform.macos:
        place = host.home / "Library" / "Preferences" / "Nextcloud" / "nextcloud.cfg"
    else:
        place = host.config_home() / "Nextcloud" / "nextcloud.cfg"
    text = _read(host, place, found) if place else None
    if text is None:
        return
    url = _NEXTCLOUD_URL.search(text)
    server = url.group(1) if url else ""
    for match in _NEXTCLOUD_PATH.finditer(text):
        yield Root("nextcloud", host.path(match.group(1).strip()), server)


def _goa(host: Host, found: Found) -> Iterator[Root]:
    """GNOME Online Accounts (~/.config/goa-1.0/accounts.conf): `Provider=` only; files are
    reached online there, not copied."""
    if host.platform is not Platform.linux:
        return
    text = _read(host, host.config_home() / "goa-1.0" / "accounts.conf", found)
    for name in _GOA_PROVIDER.findall(text or ""):
        if name in _GOA_FILES:
            yield Root(_GOA_FILES[name], None, copies=False)


def _listing(host: Host, folder: PurePath, found: Found) -> list[str]:
    """Names in a folder, none when absent; a refused folder is noted as unreadable."""
    try:
        return host.list_dir(folder)
    except NotFound:
        return []
    except HostError as exc:
        found.unreadable.append(missing_from(exc))
        return []


def _macos(host: Host, found: Found) -> Iterator[Root]:
    """macOS File Provider folders (~/Library/CloudStorage/<Provider>-<account>, account never
    kept) and iCloud Drive (~/Library/Mobile Documents/com~apple~CloudDocs, Apple's path), with
    Desktop and Documents inside it when "Desktop & Documents Folders" is on."""
    storage = host.home / "Library" / "CloudStorage"
    for name in _listing(host, storage, found):
        provider = CLOUD_STORAGE.get(name.split("-", 1)[0])
        if provider:
            yield Root(provider, storage / name)
    # NOTE: folders Google Drive for desktop mirrors or backs up from the Mac itself; its
    # own "My Drive" is the CloudStorage folder above.
    mirrored = drivefs_folders(host, found.unreadable) or []
    yield from (Root("google_drive", path) for path in mirrored)
    icloud = host.home / "Library" / "Mobile Documents" / "com~apple~CloudDocs"
    names = _listing(host, icloud, found)
    if names or host.is_dir(icloud):
        yield Root("icloud", icloud)
        for folder in ("Desktop", "Documents"):
            if folder in names:
                found.moved[folder] = icloud / folder


def _expand(host: Host, value: str) -> str:
    """A REG_EXPAND_SZ path with its %VARIABLES% filled from the environment."""
    return _ENV.sub(lambda m: host.env(m.group(1)) or m.group(0), value)


def _windows(host: Host, found: Found) -> Iterator[Root]:
    """OneDrive accounts (HKCU\\...\\OneDrive\\Accounts\\<Personal|Business1>\\UserFolder),
    Known Folder Move (User Shell Folders pointing inside a OneDrive folder), Google Drive for
    desktop (the folders it copies, drivefs.py; present with its folders not told when it
    copies none or they cannot be read), iCloud for Windows (%USERPROFILE%\\iCloudDrive)."""
    try:
        accounts = host.registry_subkeys(ONEDRIVE_ACCOUNTS)
    except NotFound:
        accounts = []
    except HostError as exc:
        found.unreadable.append(missing_from(exc))
        accounts = []
    for account in accounts:
        try:
            folder = host.registry_values(rf"{ONEDRIVE_ACCOUNTS}\{account}").get("UserFolder")
        except HostError:
            continue
        if isinstance(folder, str) and folder:
            yield Root("onedrive", host.path(folder))
    try:
        shells = host.registry_values(SHELL_FOLDERS)
    except HostError:
        shells = {}
    for value, folder in KNOWN_FOLDERS.items():
        target = shells.get(value)
        if isinstance(target, str):
            found.moved[folder] = host.path(_expand(host, target))
    drive = drivefs_folders(host, found.unreadable)
    if drive is not None:
        yield from (Root("google_drive", path) for path in drive)
        if not drive:
            # NOTE: streaming only (a virtual drive, nothing copied from the computer), or
            # a database that could not be read: present, its folders not told.
            yield Root("google_drive", None)
    if host.is_dir(host.home / "iCloudDrive"):
        yield Root("icloud", host.home / "iCloudDrive")


def sync_roots(host: Host) -> Found:
    """Every sync root this host's clients name, with redirected known folders."""
    found = Found([], {}, [])
    readers = [_dropbox, _nextcloud, _goa]
    if host.platform is Platform.macos:
        readers.append(_macos)
    if host.platform is Platform.windows:
        readers.append(_windows)
    for read in readers:
        found.roots.extend(read(host, found))
    return found
