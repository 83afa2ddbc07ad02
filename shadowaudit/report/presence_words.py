"""Startup items and camera or microphone uses in words: where each starts, whose it is."""

from __future__ import annotations

from collections.abc import Mapping

from shadowaudit.i18n.translator import N_, _

#: Where an item of presence.autostart starts from, by its `source` code.
SOURCES = {
    "run_key": N_("starts at sign-in (Run key)"),
    "run_once_key": N_("starts once, at the next sign-in (RunOnce key)"),
    "startup_folder": N_("starts at sign-in (Startup folder)"),
    "winlogon": N_("starts with Windows sign-in (Winlogon)"),
    "service": N_("Windows service"),
    "scheduled_task": N_("scheduled task"),
    "launch_agent": N_("starts at sign-in (LaunchAgent)"),
    "launch_daemon": N_("starts with the Mac (LaunchDaemon)"),
    "system_extension": N_("system extension"),
    "login_item": N_("Login Item"),
    "xdg_autostart": N_("starts with the desktop (autostart)"),
    "systemd_user": N_("starts at sign-in (systemd user service)"),
    "crontab": N_("runs on a schedule (your crontab)"),
    "system_cron": N_("runs on a schedule (system cron)"),
    "ld_preload": N_("loaded into every program (/etc/ld.so.preload)"),
    "shell_preload": N_("loaded into programs run from a terminal (LD_PRELOAD)"),
}
#: Whose an item is, by its `known` code.
KNOWN = {
    "os": N_("part of the system"),
    "app": N_("a well-known app"),
    "unknown": N_("not known to shadowaudit"),
}
#: The devices of presence.camera_microphone.
DEVICES = {"camera": N_("camera"), "microphone": N_("microphone"), "location": N_("location")}


def is_startup_item(value: Mapping[str, object]) -> bool:
    """True for an item of presence.autostart."""
    return "source" in value and "known" in value and "name" in value


def is_device_use(value: Mapping[str, object]) -> bool:
    """True for an item of presence.camera_microphone."""
    return "device" in value and "name" in value and "allowed" in value


def startup_details(value: Mapping[str, object]) -> list[str]:
    """What is noticed about a startup item: where it starts, whose it is, its program."""
    details = [_(SOURCES.get(str(value["source"]), str(value["source"])))]
    details.append(_(KNOWN.get(str(value["known"]), KNOWN["unknown"])))
    if value.get("enabled") is False:
        details.append(_("turned off"))
    if value.get("program"):
        details.append(str(value["program"]))
    return details


def device_details(value: Mapping[str, object]) -> list[str]:
    """What is noticed about an app's use of a device: which, when, whether now."""
    details = [_(DEVICES.get(str(value["device"]), str(value["device"])))]
    if value.get("last_used"):
        details.append(_("last used %(time)s") % {"time": value["last_used"]})
    if value.get("in_use") is True:
        details.append(_("in use now"))
    if value.get("allowed") is False:
        details.append(_("not allowed now"))
    if value.get("program"):
        details.append(str(value["program"]))
    return details
