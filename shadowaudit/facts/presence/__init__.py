"""Facts about who else may be on this computer (`presence.*`): what starts by itself,
who used the camera and microphone."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.presence.autostart.collector import AutostartCollector
from shadowaudit.facts.presence.camera.collector import CameraMicrophoneCollector

PRESENCE: list[type[Collector]] = [AutostartCollector, CameraMicrophoneCollector]

__all__ = ["PRESENCE"]
