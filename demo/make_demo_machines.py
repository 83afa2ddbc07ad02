#!/usr/bin/env python3
"""Build the three demo machines in demo/ from the recorded test machines.

A trainer projects these in a workshop: three computers of one fictional person, Nadia, each
with a realistic mix of problems. Each demo machine is a recorded machine (see
shadowaudit/host/recorded.py) put together from the test fixtures in tests/fixtures/hosts/:

* demo/windows-laptop: the Windows 11 system of windows11-24h2 (made a little better: Defender,
  the firewall and Remote Desktop as Windows ships them, no monitoring program) with the Chrome
  profile "risky" and the Firefox profile "hardened" of windows11-browsers.
* demo/macbook: the macOS 15 system of macos15-sequoia, made better (FileVault, Gatekeeper and
  SIP on, no automatic login, no guest, no remote access, no TeamViewer), with the Firefox
  profile "risky" and the Brave profile "hardened" of macos15-browsers.
* demo/linux-laptop: the Ubuntu 24.04 system of ubuntu2404-plain (Secure Boot on, the GNOME
  screen lock as Ubuntu ships it, no x11vnc), the untouched Firefox profile of linux-firefox,
  and the SSH keys, photos, git identity and KeePassXC of linux-accounts.

Every identity of the fixtures is rewritten to Nadia (user `nadia`, her home folder, her
computer's name). Cookie values and saved-login names planted by the fixture builders are
overwritten in the SQLite files (shadowaudit never reads them; the demo should not carry them).
The hand-written `README.md` and `answers.yaml` of each machine are left alone.

Run from the repository root: `python3 demo/make_demo_machines.py` (or give another output
folder as the only argument, as the tests do). Needs PyYAML.
"""

from __future__ import annotations

import hashlib
import json
import plistlib
import shutil
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from shadowaudit.host.recorded import mark_empty_folders

ROOT = Path(__file__).resolve().parents[1]
HOSTS = ROOT / "tests" / "fixtures" / "hosts"
DEMO = ROOT / "demo"
NOW = "2026-11-21T10:00:00+00:00"
#: What the script writes in a machine folder; anything else there is hand-written and kept.
GENERATED = (
    "files",
    "host.yaml",
    "commands.yaml",
    "registry.yaml",
    "processes.yaml",
    "listeners.yaml",
)
HEADER = (
    "# Demo machine, written by demo/make_demo_machines.py: change the script, not this file.\n"
)


# --- Small helpers -------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """A YAML dumper that writes multi-line program output as a readable block."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line strings without carriage returns as `|` blocks, others as usual."""
    if "\n" in value and "\r" not in value and "\t" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def load(path: Path) -> Any:
    """A YAML file of a recorded machine."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: Any, comment: str = "") -> None:
    """Write one YAML file of a demo machine, with the header and an optional comment."""
    lines = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER + lines + text, encoding="utf-8")


def copy(source: Path, target: Path) -> None:
    """Copy a file or a folder tree, making the parent folders."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)


def fresh(out: Path, machine: str) -> Path:
    """The machine's folder, with what this script wrote last time removed."""
    folder = out / machine
    folder.mkdir(parents=True, exist_ok=True)
    for name in GENERATED:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    return folder


def host_yaml(folder: Path, comment: str, meta: dict[str, Any]) -> None:
    """Write host.yaml: the platform, Nadia's home, user and computer name, and the time."""
    dump(folder / "host.yaml", {**meta, "now": NOW}, comment)


def command(commands: list[dict[str, Any]], argv: list[str], **result: Any) -> None:
    """Replace the recorded result of one command (stdout, stderr, returncode)."""
    for entry in commands:
        if entry["argv"] == argv:
            for key in ("stdout", "stderr", "returncode"):
                entry.pop(key, None)
            entry.update(result)
            return
    raise KeyError(argv)


#: The hosts file each system ships (Debian's netbase, Apple's, Microsoft's sample), so that
#: presence.hosts_redirect judges a file as the person's computer has it.
HOSTS_FILES = {
    "linux": "127.0.0.1\tlocalhost\n127.0.1.1\tnadia-laptop\n\n"
    "# The following lines are desirable for IPv6 capable hosts\n"
    "::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n",
    "macos": "##\n# Host Database\n#\n# localhost is used to configure the loopback interface\n"
    "# when the system is booting.  Do not change this entry.\n##\n127.0.0.1\tlocalhost\n"
    "255.255.255.255\tbroadcasthost\n::1             localhost\n",
    "windows": "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n"
    "# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n#\r\n"
    "# localhost name resolution is handled within DNS itself.\r\n"
    "#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n",
}
HOSTS_PATHS = {
    "linux": "etc/hosts",
    "macos": "etc/hosts",
    "windows": "C/Windows/System32/drivers/etc/hosts",
}
#: What a Mac with no added root, no proxy and no management prints (formats: see
#: tests/fixtures/make_interception_machines.py).
MACOS_PRESENCE = [
    {
        "argv": ["/usr/bin/security", "dump-trust-settings"],
        "stdout": "",
        "stderr": "SecTrustSettingsCopyCertificates: No Trust Settings were found.\n",
        "returncode": 1,
    },
    {
        "argv": ["/usr/bin/security", "dump-trust-settings", "-d"],
        "stdout": "",
        "stderr": "SecTrustSettingsCopyCertificates: No Trust Settings were found.\n",
        "returncode": 1,
    },
    {
        "argv": ["/usr/sbin/scutil", "--proxy"],
        "stdout": "<dictionary> {\n  ExceptionsList : <array> {\n    0 : *.local\n"
        "    1 : 169.254/16\n  }\n  FTPPassive : 1\n  HTTPEnable : 0\n  HTTPSEnable : 0\n}\n",
        "returncode": 0,
    },
    {
        "argv": ["/usr/bin/profiles", "status", "-type", "enrollment"],
        "stdout": "Enrolled via DEP: No\nMDM enrollment: No\n",
        "returncode": 0,
    },
    {
        "argv": ["/usr/bin/profiles", "list"],
        "stdout": "There are no configuration profiles installed\n",
        "returncode": 0,
    },
]


def hosts_file(folder: Path, platform: str) -> None:
    """The hosts file the system ships, untouched."""
    path = folder / "files" / HOSTS_PATHS[platform]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(HOSTS_FILES[platform].encode())


def filler(seed: str, size: int) -> bytes:
    """Bytes that look random, the same at every run."""
    out = b""
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{len(out)}".encode()).digest()
    return out[:size]


def scrub_sqlite(path: Path, statements: list[str]) -> None:
    """Run UPDATE statements on a copied database, then VACUUM so the old bytes are gone."""
    connection = sqlite3.connect(path)
    try:
        connection.create_function("filler", 2, lambda seed, size: filler(str(seed), int(size)))
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    for side in ("-wal", "-shm", "-journal"):
        Path(f"{path}{side}").unlink(missing_ok=True)


# --- Browsers ------------------------------------------------------------------------------

FIREFOX_FILES = (
    "prefs.js",
    "compatibility.ini",
    "times.json",
    "cookies.sqlite",
    "permissions.sqlite",
    "key4.db",
    "logins.json",
    "extensions.json",
    "extensions",
)
CHROMIUM_FILES = (
    "Preferences",
    "Secure Preferences",
    "Login Data",
    "Login Data For Account",
    "Cookies",
    "Network",
    "Extensions",
)


def firefox_profile(
    source_root: Path,
    source_dir: str,
    target_root: Path,
    target_dir: str,
    paths: dict[str, str],
) -> None:
    """Copy one Firefox profile under a new folder name and point its file paths at Nadia's.

    `paths` maps the paths Firefox wrote into extensions.json (the fixture's Linux home) to
    where the profile now lies, in the text form JSON holds them.
    """
    source = source_root / source_dir
    target = target_root / target_dir
    for name in FIREFOX_FILES:
        if (source / name).exists():
            copy(source / name, target / name)
    extensions = target / "extensions.json"
    if extensions.is_file():
        text = extensions.read_text(encoding="utf-8")
        for old, new in paths.items():
            text = text.replace(old, new)
        extensions.write_text(text, encoding="utf-8")
    if (target / "cookies.sqlite").is_file():
        scrub_sqlite(
            target / "cookies.sqlite",
            ["UPDATE moz_cookies SET value = lower(hex(filler(name || host, 16)))"],
        )


def firefox_root(target_root: Path, profile_dir: str, name: str, prefix: str) -> None:
    """profiles.ini and installs.ini for one profile that Firefox opens by default."""
    path = f"{prefix}{profile_dir}"
    (target_root / "profiles.ini").write_text(
        f"[Profile0]\nName={name}\nIsRelative=1\nPath={path}\nDefault=1\n\n"
        "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
        f"[Install3B6073811A6ABF12]\nDefault={path}\nLocked=1\n",
        encoding="utf-8",
    )
    (target_root / "installs.ini").write_text(
        f"[3B6073811A6ABF12]\nDefault={path}\nLocked=1\n", encoding="utf-8"
    )


def chromium_profile(source_root: Path, source_dir: str, target_root: Path, name: str) -> None:
    """Copy one Chromium-family profile as the only one ("Default"), named `name`."""
    source = source_root / source_dir
    target = target_root / "Default"
    for item in CHROMIUM_FILES:
        if (source / item).exists():
            copy(source / item, target / item)
    copy(source_root / "Last Version", target_root / "Last Version")
    state = json.loads((source_root / "Local State").read_text(encoding="utf-8"))
    info = state["profile"]["info_cache"][source_dir]
    info.update(name=name, is_using_default_name=False)
    state["profile"].update(
        info_cache={"Default": info},
        profiles_order=["Default"],
        last_used="Default",
        last_active_profiles=["Default"],
    )
    (target_root / "Local State").write_text(json.dumps(state, indent=1), encoding="utf-8")
    for cookies in (target / "Cookies", target / "Network" / "Cookies"):
        if cookies.is_file():
            scrub_sqlite(
                cookies,
                [
                    "UPDATE cookies SET value = '', encrypted_value = "
                    "CASE WHEN length(encrypted_value) > 3 THEN substr(encrypted_value, 1, 3) "
                    "|| filler(name || host_key, length(encrypted_value) - 3) "
                    "ELSE encrypted_value END"
                ],
            )
    for logins in (target / "Login Data", target / "Login Data For Account"):
        if logins.is_file():
            scrub_sqlite(
                logins,
                [
                    "UPDATE logins SET username_value = 'nadia', password_value = "
                    "CASE WHEN length(password_value) > 3 THEN substr(password_value, 1, 3) "
                    "|| filler(origin_url, length(password_value) - 3) "
                    "ELSE password_value END"
                ],
            )


# --- Windows -------------------------------------------------------------------------------

WINDOWS_HOME = "C:\\Users\\Nadia"


#: What windows11-24h2 plants to test the startup and camera checks: Nadia's laptop has none.
PLANTED = ("syncbox", "monsvc", "wuhelper")


def _planted(text: str) -> bool:
    """True for a registry key, value or task line that only the test machine has."""
    return any(word in text.lower() for word in PLANTED)


def _to_nadia(value: Any) -> Any:
    """A registry value or key with Ana's home folder written as Nadia's."""
    if not isinstance(value, str):
        return value
    return value.replace("C:\\Users\\Ana", WINDOWS_HOME).replace("C:#Users#Ana", "C:#Users#Nadia")


def calm_startup(registry: dict[str, Any], commands: list[dict[str, Any]]) -> dict[str, Any]:
    """The test machine's startup items and camera uses without its planted ones, in Nadia's
    home; the scheduled tasks likewise."""
    for entry in commands:
        if entry["argv"][0] == "schtasks":
            lines = entry["stdout"].split("\r\n")
            entry["stdout"] = "\r\n".join(_to_nadia(x) for x in lines if not _planted(x))
    return {
        _to_nadia(key): {
            name: _to_nadia(value)
            for name, value in (values or {}).items()
            if not _planted(f"{name} {value}")
        }
        for key, values in registry.items()
        if not _planted(key)
    }


def windows_laptop(out: Path) -> None:
    """Nadia's family Windows 11 laptop: Chrome for everything, Firefox set up for work."""
    folder = fresh(out, "windows-laptop")
    system = HOSTS / "windows11-24h2"
    browsers = HOSTS / "windows11-browsers"
    host_yaml(
        folder,
        "Nadia's family laptop, Windows 11 Home 24H2. System from tests/fixtures/hosts/\n"
        "windows11-24h2 (Defender, the firewall and Remote Desktop as Windows ships them, no\n"
        "monitoring program); Chrome and Firefox files from windows11-browsers.",
        {
            "platform": "windows",
            "home": WINDOWS_HOME,
            "user": "nadia",
            "hostname": "NADIA-LAPTOP",
            "env": {
                "USERPROFILE": WINDOWS_HOME,
                "APPDATA": WINDOWS_HOME + "\\AppData\\Roaming",
                "LOCALAPPDATA": WINDOWS_HOME + "\\AppData\\Local",
                "SystemDrive": "C:",
                "ProgramData": "C:\\ProgramData",
            },
        },
    )

    commands = load(system / "commands.yaml")
    command(
        commands,
        [
            "powershell",
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            "Get-MpComputerStatus | Select-Object AntivirusEnabled, RealTimeProtectionEnabled, "
            "AntivirusSignatureAge | ConvertTo-Json",
        ],
        stdout='{\r\n    "AntivirusEnabled":  true,\r\n    "RealTimeProtectionEnabled":  true,'
        '\r\n    "AntivirusSignatureAge":  1\r\n}\r\n',
        returncode=0,
    )
    command(
        commands,
        [
            "powershell",
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | "
            "Select-Object displayName, productState | ConvertTo-Json",
        ],
        # 397568 = 0x061100: on, definitions up to date, Microsoft.
        stdout='{\r\n    "displayName":  "Windows Defender",'
        '\r\n    "productState":  397568\r\n}\r\n',
        returncode=0,
    )
    registry = calm_startup(load(system / "registry.yaml"), commands)
    for entry in commands:
        if entry["argv"][0] == "whoami":
            entry["stdout"] = entry["stdout"].replace(
                "MicrosoftAccount\\CANARY-ana@outlook.example", "MicrosoftAccount\\nadia"
            )
    dump(
        folder / "commands.yaml",
        commands,
        "Windows PowerShell 5.1 and whoami output, argv exactly as the collector runs them.",
    )

    hosts_file(folder, "windows")
    registry["HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"]["RegisteredOwner"] = "Nadia"
    # Word writes Nadia's name into every file she saves (traces.office_adds_your_name).
    registry["HKCU\\Software\\Microsoft\\Office\\Common\\UserInfo"].update(
        UserName="Nadia", UserInitials="N"
    )
    identities = "HKCU\\Software\\Microsoft\\IdentityCRL\\StoredIdentities\\"
    registry[identities + "nadia@outlook.example"] = registry.pop(
        identities + "CANARY-ana@outlook.example"
    )
    registry["HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon"].update(
        DefaultUserName="nadia",
        DefaultDomainName="NADIA-LAPTOP",
        DefaultPassword="demo-not-a-real-password",
    )
    firewall = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
    registry[firewall + "\\PublicProfile"]["EnableFirewall"] = 1
    registry["HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server"]["fDenyTSConnections"] = 1
    shares = registry["HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Shares"]
    shares["Reports"] = [
        "Path=" + WINDOWS_HOME + "\\Documents\\Reports" if line.startswith("Path=") else line
        for line in shares["Reports"]
    ]
    registry.update(load(browsers / "registry.yaml"))
    dump(
        folder / "registry.yaml",
        registry,
        "Registry keys as the Host looks them up (REG_DWORD an int, REG_SZ a string,\n"
        "REG_MULTI_SZ a list). The Firefox policy key comes from windows11-browsers.",
    )

    processes = [p for p in load(system / "processes.yaml") if p["name"] != "wesvc.exe"]
    dump(folder / "processes.yaml", processes, "Running programs. AnyDesk was set up by a cousin.")
    listeners = [entry for entry in load(system / "listeners.yaml") if entry["port"] != 3389]
    dump(folder / "listeners.yaml", listeners, "Programs waiting for connections.")

    old_home = browsers / "files" / "C" / "Users" / "Ana"
    new_home = folder / "files" / "C" / "Users" / "Nadia"
    chromium_profile(
        old_home / "AppData/Local/Google/Chrome/User Data",
        "Profile 1",
        new_home / "AppData/Local/Google/Chrome/User Data",
        "Nadia",
    )
    firefox_source = old_home / "AppData/Roaming/Mozilla/Firefox/Profiles"
    firefox_target = new_home / "AppData/Roaming/Mozilla/Firefox"
    firefox_profile(
        firefox_source, "3iv5wp1d.hardened", firefox_target / "Profiles", "3iv5wp1d.work", {}
    )
    firefox_root(firefox_target, "3iv5wp1d.work", "work", "Profiles/")


# --- macOS ---------------------------------------------------------------------------------


def _plist(path: Path, change: dict[str, Any], remove: tuple[str, ...] = ()) -> None:
    """Change keys of a copied property list."""
    data = plistlib.loads(path.read_bytes())
    data.update(change)
    for key in remove:
        data.pop(key, None)
    path.write_bytes(plistlib.dumps(data))


#: Nadia's backup disk: last backup a week before the demo's date, not encrypted.
_TIME_MACHINE_DESTINATION = {
    "DestinationID": "9B2F4C1A-3E5D-4A7B-8C9D-0E1F2A3B4C5D",
    "LastKnownEncryptionState": "NotEncrypted",
    "SnapshotDates": [
        datetime(2026, 11, 7, 18, 0, tzinfo=UTC),
        datetime(2026, 11, 14, 18, 0, tzinfo=UTC),
    ],
}


def macbook(out: Path) -> None:
    """Nadia's MacBook: FileVault on, Brave set up well, an old Firefox profile left behind."""
    folder = fresh(out, "macbook")
    system = HOSTS / "macos15-sequoia"
    browsers = HOSTS / "macos15-browsers"
    host_yaml(
        folder,
        "Nadia's MacBook Pro, macOS Sequoia 15.1.1. System from tests/fixtures/hosts/\n"
        "macos15-sequoia, made better: FileVault, Gatekeeper and SIP on, no automatic login,\n"
        "no guest account, no Remote Login, Screen Sharing or Remote Management, no TeamViewer.\n"
        "Still: firewall off, no screen lock, automatic updates off, file sharing on.\n"
        "Firefox and Brave files from macos15-browsers.",
        {
            "platform": "macos",
            "home": "/Users/nadia",
            "user": "nadia",
            "hostname": "Nadias-MacBook",
            "env": {"HOME": "/Users/nadia", "USER": "nadia", "LANG": "fr_FR.UTF-8"},
        },
    )

    files = folder / "files"
    for item in (
        "etc/ssh",
        "Library/Preferences/com.apple.loginwindow.plist",
        "Library/Preferences/com.apple.alf.plist",
        "Library/Preferences/com.apple.SoftwareUpdate.plist",
        "System/Library/CoreServices/SystemVersion.plist",
    ):
        copy(system / "files" / item, files / item)
    # Time Machine backs up to a disk that is not encrypted (keys as in macos15-sync).
    time_machine = files / "Library/Preferences/com.apple.TimeMachine.plist"
    copy(HOSTS / "macos15-sync/files" / time_machine.relative_to(files), time_machine)
    _plist(time_machine, {"Destinations": [_TIME_MACHINE_DESTINATION]})
    _plist(
        files / "Library/Preferences/com.apple.loginwindow.plist",
        {"GuestEnabled": False, "lastUserName": "nadia"},
        remove=("autoLoginUser", "autoLoginUserScreenLocked"),
    )

    commands = load(system / "commands.yaml")
    command(commands, ["/usr/bin/fdesetup", "status"], stdout="FileVault is On.\n", returncode=0)
    command(
        commands,
        ["/usr/bin/dscl", ".", "-read", "/Groups/admin", "GroupMembership", "NestedGroups"],
        stdout="GroupMembership: root nadia\n",
        returncode=0,
    )
    command(commands, ["/usr/sbin/spctl", "--status"], stdout="assessments enabled\n", returncode=0)
    command(
        commands,
        ["/usr/bin/csrutil", "status"],
        stdout="System Integrity Protection status: enabled.\n",
        returncode=0,
    )
    profiler = ["/usr/sbin/system_profiler", "SPFirewallDataType", "-json"]
    command(
        commands,
        profiler,
        stdout=json.dumps(
            {
                "SPFirewallDataType": [
                    {
                        "_name": "spfirewall_settings",
                        "spfirewall_applications": {"com.apple.smbd": "spfirewall_allow_all"},
                        "spfirewall_globalstate": "spfirewall_globalstate_allow_all",
                        "spfirewall_loggingenabled": "No",
                        "spfirewall_services": {"File Sharing (SMB)": "spfirewall_allow_all"},
                        "spfirewall_stealthenabled": "No",
                    }
                ]
            },
            indent=2,
        )
        + "\n",
        returncode=0,
    )
    command(
        commands,
        ["/bin/launchctl", "print-disabled", "system"],
        stdout='\tdisabled services = {\n\t\t"com.apple.CSCSupportd" => disabled\n'
        '\t\t"com.apple.ftpd" => disabled\n\t\t"com.apple.mdmclient.daemon.runatboot" => disabled\n'
        '\t\t"com.openssh.sshd" => disabled\n\t\t"com.apple.smbd" => enabled\n'
        '\t\t"com.apple.AppleFileServer" => disabled\n\t\t"com.apple.ODSAgent" => disabled\n'
        "\t}\n\n\tlogin item associations = {\n\t}\n\n",
        returncode=0,
    )
    commands += MACOS_PRESENCE
    hosts_file(folder, "macos")
    dump(
        folder / "commands.yaml",
        commands,
        "Every command the macos collector runs, as a standard user. Tabs in launchctl's\n"
        "output are real. Screen lock off, no screen saver time: as in macos15-sequoia.",
    )
    dump(
        folder / "listeners.yaml",
        load(system / "listeners.yaml"),
        "psutil cannot list other programs' sockets on macOS without administrator rights.",
    )
    processes = [p for p in load(system / "processes.yaml") if "TeamViewer" not in p["name"]]
    dump(folder / "processes.yaml", processes, "Running programs.")

    old_home = browsers / "files" / "Users" / "ana"
    new_home = files / "Users" / "nadia"
    support = "Library/Application Support"
    firefox_target = new_home / support / "Firefox"
    firefox_profile(
        old_home / support / "Firefox/Profiles",
        "kzklzdy5.risky",
        firefox_target / "Profiles",
        "kzklzdy5.default-release",
        {
            "/home/ana/.config/mozilla/firefox/kzklzdy5.risky": "/Users/nadia/"
            + support
            + "/Firefox/Profiles/kzklzdy5.default-release",
            "/home/ana/Downloads": "/Users/nadia/Downloads",
        },
    )
    firefox_root(firefox_target, "kzklzdy5.default-release", "default-release", "Profiles/")
    chromium_profile(
        old_home / support / "BraveSoftware/Brave-Browser",
        "Profile 2",
        new_home / support / "BraveSoftware/Brave-Browser",
        "Nadia",
    )


# --- Linux ---------------------------------------------------------------------------------


def linux_laptop(out: Path) -> None:
    """Nadia's Ubuntu laptop: careful with accounts, but installed with default options."""
    folder = fresh(out, "linux-laptop")
    system = HOSTS / "ubuntu2404-plain"
    firefox = HOSTS / "linux-firefox"
    accounts = HOSTS / "linux-accounts"
    messengers = HOSTS / "debian12-messengers"
    host_yaml(
        folder,
        "Nadia's Ubuntu 24.04 laptop, installed with default options (no disk encryption,\n"
        "ufw off). System from tests/fixtures/hosts/ubuntu2404-plain (Secure Boot on, the\n"
        "screen blanks and locks after 5 minutes as Ubuntu ships it, no x11vnc); Firefox ESR\n"
        "profile from linux-firefox; SSH keys, photos, git identity and KeePassXC from\n"
        "linux-accounts; Telegram Desktop's real tdata from debian12-messengers (signed in:\n"
        "an account folder added, no passcode) and Signal with its key in GNOME's keyring.",
        {
            "platform": "linux",
            "home": "/home/nadia",
            "user": "nadia",
            "hostname": "nadia-laptop",
            "env": {
                "HOME": "/home/nadia",
                "USER": "nadia",
                "LANG": "en_GB.UTF-8",
                "XDG_CURRENT_DESKTOP": "ubuntu:GNOME",
            },
            "modified": {"/home/nadia/Pictures/old_located.jpg": "2025-01-02T09:00:00+00:00"},
            "ids": load(system / "host.yaml")["ids"],
        },
    )

    copy(system / "files", folder / "files")
    for name in ("passwd", "group"):
        accounts_file = folder / "files" / "etc" / name
        text = accounts_file.read_text(encoding="utf-8")
        accounts_file.write_text(
            text.replace("Reporter", "Nadia").replace("reporter", "nadia"), encoding="utf-8"
        )
    secure_boot = "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d0-aa0d-00e098032b8c"
    (folder / "files" / secure_boot).write_bytes(b"\x06\x00\x00\x00\x01")
    hosts_file(folder, "linux")

    commands = load(system / "commands.yaml")
    command(
        commands,
        ["gsettings", "get", "org.gnome.desktop.session", "idle-delay"],
        stdout="uint32 300\n",
    )
    dump(
        folder / "commands.yaml",
        commands,
        "systemctl, gsettings (as the person, never sudo) and apt-config.",
    )
    listeners = [e for e in load(system / "listeners.yaml") if e["program"] != "x11vnc"]
    dump(
        folder / "listeners.yaml",
        listeners,
        "Sockets of other users' processes carry no program name for an unprivileged psutil.",
    )
    processes = [p for p in load(system / "processes.yaml") if p["name"] != "x11vnc"]
    processes.append({"name": "keepassxc", "exe": "/usr/bin/keepassxc"})
    dump(folder / "processes.yaml", processes, "Running programs: KeePassXC is open.")

    old_home = accounts / "files" / "home" / "ana"
    new_home = folder / "files" / "home" / "nadia"
    for item in (".ssh", "Pictures"):
        copy(old_home / item, new_home / item)
    (new_home / ".gitconfig").write_text(
        "[user]\n\tname = Nadia\n\temail = nadia.demo@riseup.net\n[core]\n\teditor = nano\n",
        encoding="utf-8",
    )
    firefox_source = firefox / "files/home/ana/.config/mozilla/firefox"
    firefox_target = new_home / ".config/mozilla/firefox"
    firefox_profile(
        firefox_source, "oskvm87o.default-esr", firefox_target, "oskvm87o.default-esr", {}
    )
    firefox_root(firefox_target, "oskvm87o.default-esr", "default-esr", "")
    tdata = new_home / ".local/share/TelegramDesktop/tdata"
    copy(messengers / "files/home/ana/.local/share/TelegramDesktop/tdata", tdata)
    (tdata / "D877F783D5D3EF8C").mkdir()
    signal = new_home / ".config/Signal"
    # NOTE: the shape Signal's getSQLKey writes with GNOME's keyring; a made-up value.
    locked = hashlib.sha512(b"nadia's signal, locked").hexdigest()
    config = {"encryptedKey": locked, "safeStorageBackend": "gnome_libsecret"}
    (signal / "sql").mkdir(parents=True)
    (signal / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (signal / "sql" / "db.sqlite").write_bytes(b"")


def main(argv: list[str]) -> None:
    """Build the three demo machines in demo/, or in the folder given (for the tests)."""
    if not HOSTS.is_dir():
        raise SystemExit(f"{HOSTS} is missing: run this script in a shadowaudit source tree.")
    out = Path(argv[0]) if argv else DEMO
    windows_laptop(out)
    macbook(out)
    linux_laptop(out)
    mark_empty_folders(out)


if __name__ == "__main__":
    main(sys.argv[1:])
