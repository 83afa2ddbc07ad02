"""What on this computer matches an indicator: pure functions over observed values."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from msgspec import Struct

from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind


class Match(Struct, frozen=True):
    """One indicator found: which set, what kind, the category (product or campaign) and the
    matched indicator value (never more of the person's data than that)."""

    set: str
    kind: Kind
    category: str
    value: str


def _path(value: str) -> str:
    """A program path compared without case or slash style (C:\\A\\b.exe is c:/a/b.exe)."""
    return value.replace("\\", "/").lower().rstrip("/")


def _lookup(values: dict[str, str], kind: Kind, observed: str) -> tuple[str, str] | None:
    """The (indicator, category) an observed value matches, or None."""
    if kind is Kind.program_path:
        path = _path(observed)
        for indicator, category in values.items():
            known = _path(indicator)
            if path == known or path.startswith(known + "/"):
                return indicator, category
        return None
    key = observed.strip().lower().rstrip(".")
    if kind is Kind.certificate:
        key = key.replace(":", "")
    if key in values:
        return key, values[key]
    if kind is Kind.process:
        for indicator, category in values.items():
            if "*" in indicator and fnmatch.fnmatchcase(key, indicator):
                return indicator, category
    return None


def find_matches(sets: Iterable[IndicatorSet], observed: dict[Kind, set[str]]) -> list[Match]:
    """Every (set, kind, indicator) found among the observed values, once each."""
    found: dict[tuple[str, Kind, str], Match] = {}
    for indicators in sets:
        for kind, values in indicators.values.items():
            for seen in sorted(observed.get(kind, set())):
                hit = _lookup(values, kind, seen)
                if hit is not None:
                    found.setdefault(
                        (indicators.name, kind, hit[0]),
                        Match(indicators.name, kind, hit[1], hit[0]),
                    )
    return list(found.values())


def signals(matches: Iterable[Match]) -> int:
    """How many independent signs: the different kinds of indicator found (a program's name
    and its path are two; the same name found twice is one)."""
    return len({m.kind for m in matches})
