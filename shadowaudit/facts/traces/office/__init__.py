"""The office suites' settings that write the person's name into every document they save."""

from __future__ import annotations

from shadowaudit.facts.traces.office.collector import AUTHORING, AuthoringCollector

__all__ = ["AUTHORING", "AuthoringCollector"]
