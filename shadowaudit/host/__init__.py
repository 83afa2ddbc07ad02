"""The Host: the one door to the computer being checked (real or recorded)."""

from shadowaudit.host.base import CommandResult, Host, Listener, Platform, ProcessInfo
from shadowaudit.host.local import LocalHost, current_platform
from shadowaudit.host.recorded import RecordedHost

__all__ = [
    "CommandResult",
    "Host",
    "Listener",
    "LocalHost",
    "Platform",
    "ProcessInfo",
    "RecordedHost",
    "current_platform",
]
