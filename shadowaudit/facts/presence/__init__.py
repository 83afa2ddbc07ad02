"""Facts about who else may be on this computer (`presence.*`): what starts by itself, who
used the camera and microphone, who may read the traffic or manage the computer, and known
signs of spyware (derived last, from the others)."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.presence.autostart.collector import AutostartCollector
from shadowaudit.facts.presence.camera.collector import CameraMicrophoneCollector
from shadowaudit.facts.presence.indicators.collector import IndicatorsCollector
from shadowaudit.facts.presence.interception import INTERCEPTION

PRESENCE: list[type[Collector]] = [
    AutostartCollector,
    CameraMicrophoneCollector,
    *INTERCEPTION,
    IndicatorsCollector,
]

__all__ = ["PRESENCE"]
