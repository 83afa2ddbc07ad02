"""What Linux shows the person about the camera and microphone: Flatpak's answers, and now.

Linux keeps no record of past use. Two things are readable without admin rights:

* Flatpak's permission store, `~/.local/share/flatpak/db/devices` (a GVDB file the portals
  write when the person answers "allow" or "deny"; `flatpak permissions devices` prints it):
  table "main", keys camera / microphone / speakers, each `(v, a{sas})`: app -> ["yes"|"no"].
* The programs holding a camera (/dev/video*) or a microphone (/dev/snd/pcmC*D*c, the
  capture side) open now, from /proc/<pid>/fd: the person's own programs only.
"""

from __future__ import annotations

from datetime import UTC

from shadowaudit.errors import NotFound
from shadowaudit.facts.base import FactValue
from shadowaudit.facts.presence.camera.gvdb import read_gvdb
from shadowaudit.host.base import Host

Item = dict[str, FactValue]
#: The devices of Flatpak's permission table, as the fact names them.
FLATPAK_DEVICES = {"camera": "camera", "microphone": "microphone"}
#: Device files of cameras and of sound cards (the capture ones end in "c").
DEVICE_PREFIXES = ("/dev/video", "/dev/snd/pcmC")
#: Sound and video servers hold a device for the apps behind them, and some keep a microphone
#: open while idle: their names tell nothing of who records, so they are left out (with none
#: else found, the recent uses stay "could not check", never "none").
MEDIA_SERVERS = frozenset({"pipewire", "pipewire-pulse", "wireplumber", "pulseaudio", "jackd"})
#: Largest permission table read (a real one is a few hundred bytes).
MAX_TABLE = 1024 * 1024


def flatpak_table(host: Host) -> str:
    """Where Flatpak keeps the person's device answers ($XDG_DATA_HOME when absolute)."""
    data_home = host.env("XDG_DATA_HOME") or ""
    base = host.path(data_home) if data_home.startswith("/") else host.home / ".local" / "share"
    return str(base / "flatpak" / "db" / "devices")


def flatpak_answers(host: Host) -> list[Item]:
    """Each Flatpak app's answer for the camera and microphone (none when never asked).
    Raises ValueError for a damaged table, HostError when it cannot be read."""
    try:
        data = host.read_bytes(host.path(flatpak_table(host)), MAX_TABLE)
    except NotFound:
        return []
    found: list[Item] = []
    main = read_gvdb(data).get("main", {})
    for key, device in FLATPAK_DEVICES.items():
        entry = main.get(key)
        apps = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else []
        for pair in apps if isinstance(apps, list) else []:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                continue
            app, answers = pair
            if not isinstance(answers, list):
                continue
            found.append(
                {
                    "name": str(app),
                    "program": "",
                    "device": device,
                    "scope": "user",
                    "allowed": "yes" in answers,
                    "in_use": False,
                }
            )
    return found


def device_kind(path: str) -> str:
    """camera, microphone, or "" for a device that neither films nor records."""
    if path.startswith("/dev/video"):
        return "camera"
    if path.startswith("/dev/snd/pcmC") and path.endswith("c"):
        return "microphone"
    return ""


def in_use_now(host: Host) -> list[Item]:
    """The person's programs holding a camera or a microphone open at the scan."""
    when = host.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    found: dict[tuple[str, str], Item] = {}
    for use in host.device_users(DEVICE_PREFIXES):
        device = device_kind(use.device)
        if device and use.program not in MEDIA_SERVERS:
            found[(use.program, device)] = {
                "name": use.program,
                "program": "",
                "device": device,
                "scope": "user",
                "allowed": True,
                "in_use": True,
                "last_used": when,
                "days_since_used": 0,
            }
    return list(found.values())
