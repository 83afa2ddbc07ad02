"""Linux screen lock: which desktop runs, and its lock settings (GNOME gsettings, KDE rc file).

GNOME keeps the settings in dconf; `gsettings get` prints the value in use (the person's
choice, else the distribution's override, else the schema default) and needs no D-Bus for
reading. KDE writes ~/.config/kscreenlockerrc only when the person changes something, so a
missing key or file means KDE's default (kscreenlocker `kscreenlockersettings.kcfg`).
"""

from __future__ import annotations

import logging
import math

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactMap, FactValue, Missing, Reason, missing_from, reader
from shadowaudit.facts.system.linux.ini import parse_ini
from shadowaudit.host.base import Host

log = logging.getLogger(__name__)

GNOME = "gnome"
KDE = "kde"
OTHER = "other"

# NOTE: the person's own desktop shell shows in the process list even where /proc hides
# other users' processes. KDE is looked for first: a GDM greeter may still run gnome-shell
# for its own user while the person works in Plasma.
_KDE_PROCESSES = {"plasmashell", "ksmserver", "kwin_wayland", "kwin_x11", "startplasma-way"}
_GNOME_PROCESSES = {"gnome-shell"}
_OTHER_PROCESSES = {
    "xfce4-session",
    "cinnamon",
    "cinnamon-session",
    "mate-session",
    "lxqt-session",
    "lxsession",
    "budgie-panel",
    "gala",
    "cosmic-comp",
    "sway",
    "Hyprland",
    "i3",
    "openbox",
    "enlightenment",
}

#: KDE's defaults when kscreenlockerrc does not say (kscreenlockersettings.kcfg).
KDE_DEFAULTS = {
    "Autolock": "true",
    "Timeout": "5",
    "LockOnResume": "true",
    "LockGrace": "5",
    "RequirePassword": "true",
}
_TRUE = {"true", "on", "yes", "1"}
_FALSE = {"false", "off", "no", "0"}


def desktop_from_env(value: str | None) -> str | None:
    """The desktop named by XDG_CURRENT_DESKTOP ("ubuntu:GNOME" is GNOME); None when unset."""
    if not value or not value.strip():
        return None
    names = {part.strip().lower() for part in value.split(":")}
    if "kde" in names:
        return KDE
    if "gnome" in names:
        return GNOME
    return OTHER


def desktop_from_processes(names: set[str]) -> str | None:
    """The desktop whose shell is running; None when no known desktop shell runs."""
    if names & _KDE_PROCESSES:
        return KDE
    if names & _GNOME_PROCESSES:
        return GNOME
    if names & _OTHER_PROCESSES:
        return OTHER
    return None


def parse_gsettings_bool(text: str) -> bool | None:
    """A GVariant boolean as gsettings prints it (`true`), or None."""
    word = text.strip()
    return {"true": True, "false": False}.get(word)


def parse_gsettings_uint(text: str) -> int | None:
    """A GVariant integer as gsettings prints it (`uint32 300`, or a bare `300`), or None."""
    words = text.split()
    if len(words) == 2 and words[0] in {"uint32", "int32", "uint64", "int64", "uint16"}:
        words = words[1:]
    if len(words) != 1 or not (words[0].isascii() and words[0].isdigit()):
        return None
    return int(words[0])


@reader()
def _gsettings(host: Host, schema: str, key: str) -> str | Missing:
    """What `gsettings get SCHEMA KEY` prints, or why it could not say."""
    result = host.run(["gsettings", "get", schema, key], timeout=5)
    if result.returncode != 0:
        # NOTE: "No such schema" / "No such key" when GNOME's schemas are not installed.
        if "No such" in result.stderr:
            return Missing(Reason.not_installed, f"gsettings has no {schema} {key}")
        return Missing(Reason.parse_error, f"gsettings exit {result.returncode}")
    return result.stdout


def _typed(raw: str | Missing, parse: type[bool] | type[int]) -> FactValue:
    """Parse one gsettings answer as a boolean or an integer; Missing when it does not parse."""
    if isinstance(raw, Missing):
        return raw
    value = parse_gsettings_bool(raw) if parse is bool else parse_gsettings_uint(raw)
    if value is None:
        return Missing(Reason.parse_error, "gsettings printed an unexpected value")
    return value


def gnome_lock(host: Host) -> FactMap:
    """GNOME's lock settings, each a value or a Missing."""
    enabled = _typed(_gsettings(host, "org.gnome.desktop.screensaver", "lock-enabled"), bool)
    if enabled is True:
        # NOTE: an administrator's lockdown switch turns the lock screen off whatever
        # lock-enabled says (org.gnome.desktop.lockdown disable-lock-screen).
        lockdown = _typed(
            _gsettings(host, "org.gnome.desktop.lockdown", "disable-lock-screen"), bool
        )
        if isinstance(lockdown, Missing) and lockdown.reason is not Reason.not_installed:
            enabled = lockdown
        elif lockdown is True:
            enabled = False
    return {
        "desktop": GNOME,
        "lock_enabled": enabled,
        "idle_seconds": _typed(_gsettings(host, "org.gnome.desktop.session", "idle-delay"), int),
        "lock_delay_seconds": _typed(
            _gsettings(host, "org.gnome.desktop.screensaver", "lock-delay"), int
        ),
    }


def _kconfig_key(raw: str) -> tuple[str, bool] | None:
    """A KConfig key without its `[$...]` markers and whether `[$i]` locks it.

    None for a translated value such as `Key[de]`, which is not the setting itself.
    """
    key, _, rest = raw.partition("[")
    markers = [m.rstrip("]") for m in ("[" + rest).split("[")[1:]] if rest else []
    if any(not marker.startswith("$") for marker in markers):
        return None
    return key.strip(), "$i" in markers


def kscreenlocker_settings(texts: list[str]) -> dict[str, str]:
    """The [Daemon] group of kscreenlockerrc files, system ones first, the person's last.

    Later files win, except over keys an earlier file locked with KDE's `[$i]` marker
    (on the key, on the `[Daemon][$i]` group, or on a `[$i]` line heading the file).
    """
    settings: dict[str, str] = {}
    locked: set[str] = set()
    for text in texts:
        sections = parse_ini(text)
        file_locked = "$i" in sections
        for header, values in sections.items():
            group, *extra = header.split("][")
            if group != "Daemon" or extra not in ([], ["$i"]):
                continue
            for raw_key, value in values.items():
                parsed = _kconfig_key(raw_key)
                if parsed is None or parsed[0] in locked:
                    continue
                key, key_locked = parsed
                settings[key] = value
                if key_locked or file_locked or extra:
                    locked.add(key)
    return settings


def _kde_bool(value: str) -> bool | None:
    """A KConfig boolean (true/on/yes/1, false/off/no/0, any case), or None."""
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def judge_kde(settings: dict[str, str]) -> FactMap:
    """The lock facts from kscreenlockerrc [Daemon] settings, KDE's defaults filling gaps."""
    values = {**KDE_DEFAULTS, **settings}
    autolock = _kde_bool(values["Autolock"])
    on_resume = _kde_bool(values["LockOnResume"])
    password = _kde_bool(values["RequirePassword"])
    try:
        minutes = float(values["Timeout"])
        grace = int(values["LockGrace"])
    except ValueError:
        minutes, grace = math.nan, -1
    bad = Missing(Reason.parse_error, "kscreenlockerrc holds an unexpected value")
    # NOTE: a lock that needs no password protects nothing, so it counts as no lock.
    return {
        "desktop": KDE,
        "lock_enabled": bad if None in (autolock, password) else bool(autolock and password),
        "idle_seconds": bad if not math.isfinite(minutes) or minutes < 0 else round(minutes * 60),
        "lock_on_resume": bad if None in (on_resume, password) else bool(on_resume and password),
        "lock_delay_seconds": bad if grace < 0 else grace,
    }


def kde_lock(host: Host) -> FactMap:
    """KDE's lock settings from the system-wide and the person's kscreenlockerrc."""
    user_dir = host.config_home()
    system_dirs = [d for d in (host.env("XDG_CONFIG_DIRS") or "/etc/xdg").split(":") if d]
    paths = [host.path(d, "kscreenlockerrc") for d in reversed(system_dirs)]
    paths.append(user_dir / "kscreenlockerrc")
    texts = []
    for path in paths:
        try:
            texts.append(host.read_text(path, limit=1024 * 1024))
        except NotFound:
            continue
        except HostError as exc:
            missing = missing_from(exc)
            keys = ("lock_enabled", "idle_seconds", "lock_on_resume", "lock_delay_seconds")
            return {"desktop": KDE, **dict.fromkeys(keys, missing)}
    log.debug("kscreenlockerrc: %d file(s) found", len(texts))
    return judge_kde(kscreenlocker_settings(texts))


def detect_desktop(host: Host) -> str | None:
    """GNOME, KDE or other from the session's environment, else from the running shells.

    Only when no process list can be read does a GNOME schema that answers count as GNOME:
    gsettings answers on many computers that have GNOME's schemas but run another desktop.
    """
    found = desktop_from_env(host.env("XDG_CURRENT_DESKTOP"))
    if found is not None:
        return found
    try:
        names = {process.name for process in host.processes()}
    except HostError as exc:
        log.info("screen lock: no process list (%s)", exc)
        names = set()
    found = desktop_from_processes(names)
    if found is not None or names:
        return found
    answer = _gsettings(host, "org.gnome.desktop.screensaver", "lock-enabled")
    return GNOME if not isinstance(answer, Missing) else None


def read_screen_lock(host: Host) -> FactValue:
    """The screen-lock fact: the desktop and its lock settings, or Missing with no desktop."""
    desktop = detect_desktop(host)
    if desktop is None:
        return Missing(Reason.unsupported, "no graphical desktop found")
    if desktop == GNOME:
        return with_lock_after(gnome_lock(host))
    if desktop == KDE:
        return with_lock_after(kde_lock(host))
    return {"desktop": OTHER}


def with_lock_after(facts: FactMap) -> FactMap:
    """Add `lock_after_seconds`: idle time plus the delay before a password is needed, the
    time the computer really stays open (a 5-minute blank with a 1-hour delay is 65 minutes).
    Absent when the screen never blanks; the first Missing when either part is unknown."""
    idle, delay = facts.get("idle_seconds"), facts.get("lock_delay_seconds")
    if idle == 0:
        return facts
    for part in (idle, delay):
        if isinstance(part, Missing):
            return {**facts, "lock_after_seconds": part}
    if isinstance(idle, int) and isinstance(delay, int):
        return {**facts, "lock_after_seconds": idle + delay}
    return facts
