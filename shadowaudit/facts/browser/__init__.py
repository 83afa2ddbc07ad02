"""Facts about browsers (`browser.*`): one folder per browser family, and what they share."""

from __future__ import annotations

from shadowaudit.facts.base import Collector
from shadowaudit.facts.browser.chromium.collector import ChromiumCollector
from shadowaudit.facts.browser.firefox.collector import FirefoxCollector

BROWSER: list[type[Collector]] = [FirefoxCollector, ChromiumCollector]

__all__ = ["BROWSER"]
