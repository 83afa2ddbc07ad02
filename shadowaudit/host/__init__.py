"""The Host: the one door to the computer being checked (real or recorded)."""

from shadowaudit.host.base import CommandResult, Host, Platform
from shadowaudit.host.local import LocalHost, current_platform
from shadowaudit.host.recorded import RecordedHost

__all__ = ["CommandResult", "Host", "LocalHost", "Platform", "RecordedHost", "current_platform"]
