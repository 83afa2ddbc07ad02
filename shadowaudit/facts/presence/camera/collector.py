"""The `presence.camera_microphone` fact: which programs used the camera, microphone, location.

Windows records it for every user to read. macOS keeps it in its privacy database, which only
Full Disk Access opens: "could not check", with the place to look by hand. Linux keeps no
record of past use: it shows Flatpak apps' answers and the programs using a device now; when
none uses one, the recent uses are "could not check", never "none".
"""

from __future__ import annotations

from shadowaudit.errors import HostError
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
from shadowaudit.facts.presence.camera.consent import read_consent_store
from shadowaudit.facts.presence.camera.linux import flatpak_answers, in_use_now
from shadowaudit.host.base import Host, Platform

CAMERA_MICROPHONE = "presence.camera_microphone"
RECENT = "presence.camera_microphone_recent"
#: How far back a use counts as recent: a person remembers a month of calls.
RECENT_DAYS = 30


class CameraMicrophoneCollector(Collector):
    """Reads which apps may use, and last used, the camera, microphone and location."""

    name = "presence.camera_microphone"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            CAMERA_MICROPHONE,
            FactKind.list,
            "Apps allowed or denied the camera, microphone or location, and when each last "
            "used it (Windows); on Linux, Flatpak apps' answers and the person's programs "
            "using a camera or microphone now; missing on macOS (needs Full Disk Access).",
            fields={
                "name": "the program's file name, or the app's package name",
                "program": "the program's path, home folder as ~ (desktop programs only)",
                "device": "camera, microphone or location",
                "scope": "user (this person's record) or system (the machine's)",
                "allowed": "true when the app may use the device",
                "last_used": "when it last started using it (UTC; absent if never)",
                "in_use": "true when it started and has not stopped yet",
                "days_since_used": "days from its last use to the scan (absent if never)",
            },
            none_found="No app has used the camera or microphone.",
        ),
        FactSpec(
            RECENT,
            FactKind.list,
            f"The apps of presence.camera_microphone that used the camera or microphone in the "
            f"{RECENT_DAYS} days before the scan, the most recent first. On Linux, the "
            f"programs using one at the scan; missing when none does (no record of the past).",
            none_found="No app used the camera or microphone in the last month.",
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read the record where the system keeps one the person may read."""
        if host.platform is Platform.macos:
            return self.all_missing(Reason.permission_denied, "TCC.db needs Full Disk Access")
        if host.platform is Platform.linux:
            return linux_facts(host)
        try:
            uses = read_consent_store(host)
        except HostError as exc:
            return self.all_missing(missing_from(exc).reason, str(exc))
        recent: list[FactValue] = [
            use
            for use in uses
            if use["device"] in ("camera", "microphone")
            and isinstance(use.get("days_since_used"), int)
            and int(str(use["days_since_used"])) <= RECENT_DAYS
        ]
        return {CAMERA_MICROPHONE: [*uses], RECENT: recent}


def linux_facts(host: Host) -> FactMap:
    """Flatpak's answers and the programs using a camera or microphone now. Linux keeps no
    record of past use, so "none now" leaves the recent uses missing, never empty."""
    found: FactMap = {}
    try:
        answers: list[FactValue] = [*flatpak_answers(host)]
    except HostError as exc:
        answers = []
        found[CAMERA_MICROPHONE] = missing_from(exc)
    except ValueError as exc:
        answers = []
        found[CAMERA_MICROPHONE] = Missing(Reason.parse_error, f"Flatpak permissions: {exc}")
    try:
        now: list[FactValue] = [*in_use_now(host)]
    except HostError as exc:
        return {CAMERA_MICROPHONE: found.get(CAMERA_MICROPHONE, answers), RECENT: missing_from(exc)}
    found.setdefault(CAMERA_MICROPHONE, [*now, *answers])
    found[RECENT] = now or Missing(
        Reason.not_recorded, "Linux keeps no record of past camera use; none is in use now"
    )
    return found
