"""Linux login screens (GDM, LightDM, SDDM): automatic login and LightDM's guest session.

Which display manager starts is read from the running processes, else from Debian's
/etc/X11/default-display-manager, else from systemd's display-manager.service. Each one's
setting files are merged the way it merges them. User names are read only to see whether
one is set; they are never kept.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from shadowaudit.errors import HostError
from shadowaudit.facts.base import FactValue, Missing, Reason, missing_from
from shadowaudit.facts.system.linux.ini import Sections, drop_ins, merge_ini, read_layers
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

GDM = "gdm"
LIGHTDM = "lightdm"
SDDM = "sddm"
NONE = "none"

_BY_PROGRAM = {"gdm": GDM, "gdm3": GDM, "lightdm": LIGHTDM, "sddm": SDDM}
_OTHER_PROGRAMS = {"lxdm", "lxdm-binary", "slim", "xdm", "ly", "greetd", "nodm", "entrance"}
#: Where GDM keeps its settings: Debian builds it with daemon.conf, Ubuntu and Fedora with
#: custom.conf. GDM reads one of them; any that turns auto-login on counts.
GDM_FILES = ("/etc/gdm3/daemon.conf", "/etc/gdm3/custom.conf", "/etc/gdm/custom.conf")
#: LightDM's search path for programs such as its guest-account script.
_LIGHTDM_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")


def display_manager_from_program(program: str) -> str | None:
    """gdm, lightdm or sddm for a program name or path; the name itself for other known ones."""
    name = program.strip().rsplit("/", 1)[-1]
    if name in _BY_PROGRAM:
        return _BY_PROGRAM[name]
    return name if name in _OTHER_PROGRAMS else None


def display_manager_from_unit(text: str) -> str | None:
    """The display manager a display-manager.service starts (its ExecStart program)."""
    for line in text.splitlines():
        key, _, value = line.strip().partition("=")
        if key.strip() == "ExecStart" and value.strip():
            return display_manager_from_program(value.split()[0].lstrip("@-:+!"))
    return None


def find_display_manager(host: Host) -> str:
    """The display manager that runs or starts at boot; `none` when there is none."""
    try:
        names = [process.name for process in host.processes()]
    except HostError as exc:
        log.info("login: no process list (%s)", exc)
        names = []
    for name in names:
        found = display_manager_from_program(name)
        if found is not None:
            return found
    sources = (
        ("/etc/X11/default-display-manager", display_manager_from_program),
        ("/etc/systemd/system/display-manager.service", display_manager_from_unit),
    )
    for path, read in sources:
        try:
            found = read(host.read_text(host.path(path), limit=64 * 1024))
        except HostError:
            continue
        if found is not None:
            return found
    return NONE


def _gdm_true(value: str | None) -> bool:
    """GDM's reading of a boolean: "true" in any case, or "1"."""
    return value is not None and (value.strip().lower() == "true" or value.strip() == "1")


def _keyfile_true(value: str | None) -> bool:
    """GKeyFile's reading of a boolean (LightDM): exactly "true" or "1"; anything else is false."""
    return value is not None and value.strip() in ("true", "1")


def gdm_auto_login(layers: list[Sections]) -> bool:
    """True when a GDM settings file turns on automatic or timed login for a user."""
    for layer in layers:
        daemon = layer.get("daemon", {})
        automatic = _gdm_true(daemon.get("AutomaticLoginEnable")) and bool(
            daemon.get("AutomaticLogin", "").strip()
        )
        timed = _gdm_true(daemon.get("TimedLoginEnable")) and bool(
            daemon.get("TimedLogin", "").strip()
        )
        if automatic or timed:
            return True
    return False


def lightdm_seat(layers: list[Sections]) -> dict[str, str]:
    """The settings of LightDM's first seat: [Seat:*] (old name [SeatDefaults]), then seat0."""
    merged = merge_ini(
        {("Seat:*" if name == "SeatDefaults" else name): values for name, values in layer.items()}
        for layer in layers
    )
    return {**merged.get("Seat:*", {}), **merged.get("Seat:seat0", {})}


def lightdm_auto_login(seat: dict[str, str]) -> bool:
    """True when LightDM logs a user, or the guest, in without a password."""
    return bool(seat.get("autologin-user", "").strip()) or _keyfile_true(
        seat.get("autologin-guest")
    )


def sddm_auto_login(merged: Sections) -> bool:
    """True when SDDM's [Autologin] names a user."""
    return bool(merged.get("Autologin", {}).get("User", "").strip())


def _lightdm_files(host: Host) -> list[PurePath]:
    """LightDM's setting files in the order it reads them (later ones win)."""
    paths: list[PurePath] = []
    for folder in (
        "/usr/share/lightdm/lightdm.conf.d",
        "/usr/local/share/lightdm/lightdm.conf.d",
        "/etc/xdg/lightdm/lightdm.conf.d",
        "/etc/lightdm/lightdm.conf.d",
    ):
        paths.extend(drop_ins(host, host.path(folder)))
    paths.append(host.path("/etc/lightdm/lightdm.conf"))
    return paths


def _sddm_files(host: Host) -> list[PurePath]:
    """SDDM's setting files in the order it reads them (later ones win)."""
    paths = drop_ins(host, host.path("/usr/lib/sddm/sddm.conf.d"))
    paths.extend(drop_ins(host, host.path("/etc/sddm.conf.d")))
    paths.append(host.path("/etc/sddm.conf"))
    return paths


def _guest_script_installed(host: Host, layers: list[Sections]) -> bool:
    """True when LightDM finds its guest-account script, without which no guest can log in."""
    script = merge_ini(layers).get("LightDM", {}).get("guest-account-script", "guest-account")
    script = script.split()[0] if script.split() else "guest-account"
    if script.startswith("/"):
        return host.is_file(host.path(script))
    return any(host.is_file(host.path(folder, script)) for folder in _LIGHTDM_PATH)


def read_login(host: Host) -> tuple[FactValue, FactValue]:
    """The auto-login fact and the guest-account fact."""
    manager = find_display_manager(host)
    log.debug("login: display manager %s", manager)
    if manager == NONE:
        return {"enabled": False, "display_manager": NONE}, False
    if manager not in (GDM, LIGHTDM, SDDM):
        missing = Missing(Reason.unsupported, f"display manager {manager} is not checked")
        return missing, missing
    enabled: FactValue
    guest: FactValue = False
    try:
        if manager == GDM:
            enabled = gdm_auto_login(read_layers(host, (host.path(p) for p in GDM_FILES)))
        elif manager == SDDM:
            enabled = sddm_auto_login(merge_ini(read_layers(host, _sddm_files(host))))
        else:
            layers = read_layers(host, _lightdm_files(host))
            seat = lightdm_seat(layers)
            enabled = lightdm_auto_login(seat)
            # NOTE: LightDM allows the guest unless told not to (allow-guest defaults to
            # true in lightdm.c), but only where the guest-account script is installed.
            allowed = "allow-guest" not in seat or _keyfile_true(seat["allow-guest"])
            guest = allowed and _guest_script_installed(host, layers)
    except HostError as exc:
        missing = missing_from(exc)
        return {"enabled": missing, "display_manager": manager}, missing
    return {"enabled": enabled, "display_manager": manager}, guest
