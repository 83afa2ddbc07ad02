"""Linux system facts: the release, automatic updates, the SSH server, admin rights, Secure Boot."""

from __future__ import annotations

import logging
import re

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    Reason,
    missing_from,
)
from shadowaudit.facts.system.linux.groups import read_user_is_admin
from shadowaudit.facts.system.linux.units import unit_enabled
from shadowaudit.facts.system.linux.updates import read_updates
from shadowaudit.facts.system.sshd_config import read_sshd
from shadowaudit.host.base import Host, Listener, Platform, ProcessInfo

log = logging.getLogger(__name__)

OS_RELEASE = "system.linux.os_release"
UPDATES = "system.linux.updates"
SSHD = "system.linux.sshd"
USER_IS_ADMIN = "system.linux.user_is_admin"
SECURE_BOOT = "system.linux.secure_boot"

#: os-release(5) variables kept, and the names they take in the fact.
_OS_RELEASE_KEYS = {
    "ID": "id",
    "VERSION_ID": "version_id",
    "ID_LIKE": "id_like",
    "VERSION_CODENAME": "codename",
    "PRETTY_NAME": "name",
    "UBUNTU_CODENAME": "ubuntu_codename",
}
_ASSIGNMENT = re.compile(r"""^([A-Za-z0-9_]+)=(["']?)(.*)\2$""")
_UNESCAPE = re.compile(r"""\\([\\$"'`])""")
_SSH_PROGRAMS = {"sshd", "dropbear"}
_SSHD_BINARIES = ("/usr/sbin/sshd", "/usr/bin/sshd")
# NOTE: Debian and Ubuntu call the socket unit ssh.socket, Fedora and Arch sshd.socket.
_SSH_SOCKETS = ("ssh.socket", "sshd.socket")
_EFI = "/sys/firmware/efi"
_EFIVARS = "/sys/firmware/efi/efivars"
_SECURE_BOOT_VAR = "SecureBoot-8be4df61-93ca-11d0-aa0d-00e098032b8c"


def parse_os_release(text: str) -> dict[str, str]:
    """Every variable of an os-release file, shell quoting and escapes removed."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _ASSIGNMENT.match(line.strip())
        if match:
            value = match.group(3)
            found[match.group(1)] = _UNESCAPE.sub(r"\1", value) if match.group(2) else value
    return found


def judge_os_release(variables: dict[str, str]) -> FactValue:
    """The os_release fact: the kept variables that are set (NAME when PRETTY_NAME is not)."""
    if "PRETTY_NAME" not in variables and variables.get("NAME"):
        variables = {**variables, "PRETTY_NAME": variables["NAME"]}
    kept: dict[str, FactValue] = {
        name: variables[key] for key, name in _OS_RELEASE_KEYS.items() if variables.get(key)
    }
    if "id" not in kept and "version_id" not in kept and "name" not in kept:
        return Missing(Reason.parse_error, "os-release names no system")
    return kept


def read_os_release(host: Host) -> FactValue:
    """The system's release from /etc/os-release, else /usr/lib/os-release (os-release(5))."""
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            text = host.read_text(host.path(path), limit=64 * 1024)
        except NotFound:
            continue
        except HostError as exc:
            return missing_from(exc)
        return judge_os_release(parse_os_release(text))
    return Missing(Reason.unsupported, "no os-release file")


def ssh_server_running(processes: list[ProcessInfo], listeners: list[Listener]) -> bool:
    """True when an SSH server runs or something listens on TCP port 22 (systemd included)."""
    if any(process.name in _SSH_PROGRAMS for process in processes):
        return True
    return any(entry.port == 22 and entry.protocol == "tcp" for entry in listeners)


def _ssh_running(host: Host) -> bool:
    """Whether an SSH server runs now, from the process list and the listening sockets."""
    try:
        processes = host.processes()
    except HostError as exc:
        log.info("sshd: no process list (%s)", exc)
        processes = []
    try:
        listeners = host.listeners()
    except HostError as exc:
        log.info("sshd: no listening sockets (%s)", exc)
        listeners = []
    return ssh_server_running(processes, listeners)


def _socket_activated(host: Host) -> FactValue:
    """Whether systemd listens for SSH on the server's behalf (Ubuntu 22.10 and later)."""
    states = [unit_enabled(host, unit) for unit in _SSH_SOCKETS]
    if True in states:
        return True
    for state in states:
        # NOTE: without systemd there is no socket activation, so "cannot say" means no.
        if isinstance(state, Missing) and state.reason is not Reason.unsupported:
            return state
    return False


def read_ssh_server(host: Host) -> FactValue:
    """The sshd fact: whether an SSH server accepts connections, and what its config allows."""
    installed = any(host.is_file(host.path(path)) for path in _SSHD_BINARIES)
    enabled: FactValue = _ssh_running(host)
    if not enabled and installed:
        enabled = _socket_activated(host)
    if not installed and enabled is False:
        return {"enabled": False}
    fact: dict[str, FactValue] = {"enabled": enabled}
    settings = read_sshd(host, host.path("/etc/ssh/sshd_config"))
    if isinstance(settings, dict):
        fact.update(settings)
    elif isinstance(settings, Missing) and (
        enabled is not False or settings.reason is not Reason.not_installed
    ):
        fact.update(password_login=settings, root_login=settings)
    return fact


def parse_secure_boot(data: bytes) -> bool | None:
    """The SecureBoot EFI variable: 4 attribute bytes, then 1 (on) or 0 (off); else None."""
    if len(data) < 5 or data[-1] not in (0, 1):
        return None
    return data[-1] == 1


def read_secure_boot(host: Host) -> FactValue:
    """Whether the firmware enforces Secure Boot, from the world-readable efivarfs."""
    if not host.is_dir(host.path(_EFI)):
        return Missing(Reason.unsupported, "legacy BIOS boot or not visible")
    try:
        names = host.list_dir(host.path(_EFIVARS))
    except NotFound:
        names = []
    except HostError as exc:
        return missing_from(exc)
    if not names:
        return Missing(Reason.unsupported, "efivarfs is not mounted")
    if _SECURE_BOOT_VAR not in names:
        # NOTE: the firmware defines SecureBoot whenever it supports Secure Boot.
        return False
    try:
        data = host.read_bytes(host.path(_EFIVARS, _SECURE_BOOT_VAR), limit=1024)
    except HostError as exc:
        return missing_from(exc)
    value = parse_secure_boot(data)
    if value is None:
        return Missing(Reason.parse_error, "unexpected SecureBoot variable")
    return value


class LinuxSystemCollector(Collector):
    """Reads the release, update, SSH, admin and Secure Boot settings without root."""

    name = "linux_system"
    platforms = frozenset({Platform.linux})
    facts = (
        FactSpec(
            OS_RELEASE,
            FactKind.mapping,
            "The Linux release from /etc/os-release (else /usr/lib/os-release); only the "
            "variables that are set.",
            fields={
                "id": "ID, e.g. 'ubuntu', 'debian', 'fedora'",
                "version_id": "VERSION_ID, e.g. '24.04', '12', '41'",
                "id_like": "ID_LIKE, e.g. 'debian'",
                "codename": "VERSION_CODENAME, e.g. 'noble'",
                "name": "PRETTY_NAME, e.g. 'Ubuntu 24.04.1 LTS'",
                "ubuntu_codename": "UBUNTU_CODENAME, which names the Ubuntu base of Mint or Pop",
            },
        ),
        FactSpec(
            UPDATES,
            FactKind.mapping,
            "The package manager and whether it installs updates by itself "
            "(unattended-upgrades for apt, a dnf-automatic timer for dnf).",
            fields={
                "manager": "'apt', 'dnf' or 'other'",
                "automatic": "true when updates are set to be downloaded and installed "
                "without asking",
                "scheduled": "true when something runs that setting: apt's daily timers (or "
                "Debian's cron job without systemd), the dnf-automatic timer; only read when "
                "automatic is true",
                "last_upgrade_days": "days since apt last installed updates by itself "
                "(/var/lib/apt/periodic/upgrade-stamp); absent before the first run",
            },
        ),
        FactSpec(
            SSHD,
            FactKind.mapping,
            "Whether an SSH server accepts connections (an sshd process, a listener on TCP "
            "port 22, or an enabled ssh.socket), and what /etc/ssh/sshd_config allows. Only "
            "{enabled: false} when no SSH server is installed.",
            fields={
                "enabled": "true when the SSH server runs or systemd listens for it",
                "password_login": "logins with a password are allowed",
                "root_login": "root may log in with a password or a key (PermitRootLogin yes)",
            },
        ),
        FactSpec(
            USER_IS_ADMIN,
            FactKind.boolean,
            "True when the person may act as administrator: a member of sudo, wheel or admin, "
            "or root. Read from /etc/passwd, /etc/group and the scan's own group ids, never "
            "through the name service; missing (directory) for an account or group that only "
            "a directory (LDAP, SSSD, Active Directory, NIS) knows.",
        ),
        FactSpec(
            SECURE_BOOT,
            FactKind.boolean,
            "True when the firmware enforces Secure Boot (the SecureBoot EFI variable). "
            "Missing on computers started the old BIOS way.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read each system fact on its own, so one failure spoils only its own fact."""
        return {
            OS_RELEASE: read_os_release(host),
            UPDATES: read_updates(host),
            SSHD: read_ssh_server(host),
            USER_IS_ADMIN: read_user_is_admin(host),
            SECURE_BOOT: read_secure_boot(host),
        }
