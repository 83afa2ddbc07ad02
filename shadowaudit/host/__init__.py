"""The Host: the one door to the computer being checked (real or recorded).

LocalHost and RecordedHost (psutil, the recorder's YAML) are imported when first asked for, so
that modules needing only the Host's types (`host.base`) do not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shadowaudit.host.base import CommandResult, Host, Listener, Platform, ProcessInfo

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    """LocalHost, current_platform and RecordedHost, imported on first use."""
    if name in ("LocalHost", "current_platform"):
        from shadowaudit.host import local

        return getattr(local, name)
    if name == "RecordedHost":
        from shadowaudit.host.recorded import RecordedHost

        return RecordedHost
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
