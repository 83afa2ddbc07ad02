"""Fact paths: `system.linux.ufw`, `item.prefs["dom.security.https_only_mode"]`, and lookups."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from msgspec import Struct

from shadowaudit.facts.base import FactValue, Missing, Reason

_PART = re.compile(r"""\.?([A-Za-z0-9_\-]+)|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\]""")

#: The names a rule uses for the current subject (`for_each`) and the counted item (`count`).
SCOPES = ("item", "each")


@lru_cache(maxsize=8192)
def parse_path(path: str) -> tuple[str, ...]:
    """Split a fact path into its parts; raise ValueError when it is not a valid path.
    (Kept: a scan looks up the same few hundred paths of its rules for every subject.)"""
    parts: list[str] = []
    position = 0
    while position < len(path):
        match = _PART.match(path, position)
        if match is None or (position == 0 and match.group().startswith(".")):
            raise ValueError(f"'{path}' is not a fact path (problem at character {position + 1})")
        parts.append(next(g for g in match.groups() if g is not None))
        position = match.end()
    if not parts:
        raise ValueError("a fact path cannot be empty")
    return tuple(parts)


def top_fact(path: str, known: Mapping[str, object] | set[str] | frozenset[str]) -> str | None:
    """The longest catalogued fact name a path starts with (None for item./each. paths)."""
    parts = parse_path(path)
    if parts[0] in SCOPES:
        return None
    for size in range(len(parts), 0, -1):
        name = ".".join(parts[:size])
        if name in known:
            return name
    return None


class Lookup(Struct, frozen=True):
    """The result of reading a path: a value, a Missing, or absent (the last key is not there)."""

    value: FactValue
    absent: bool = False


def lookup(
    path: str, facts: Mapping[str, FactValue], scopes: Mapping[str, FactValue] | None = None
) -> Lookup:
    """Read a path from the facts, or from `item`/`each` when it starts with one of them."""
    parts = parse_path(path)
    current: FactValue
    if parts[0] in SCOPES:
        if not scopes or parts[0] not in scopes:
            return Lookup(Missing(Reason.collector_error, f"'{parts[0]}' used outside its scope"))
        current, rest = scopes[parts[0]], parts[1:]
    else:
        for size in range(len(parts), 0, -1):
            name = ".".join(parts[:size])
            if name in facts:
                current, rest = facts[name], parts[size:]
                break
        else:
            return Lookup(Missing(Reason.not_set, f"fact {path} was not collected"))
    for index, key in enumerate(rest):
        if isinstance(current, Missing):
            return Lookup(current)
        if isinstance(current, dict):
            if key not in current:
                last = index == len(rest) - 1
                return Lookup(None, absent=True) if last else Lookup(Missing(Reason.not_set))
            current = current[key]
        elif isinstance(current, list) and key.isdigit() and int(key) < len(current):
            current = current[int(key)]
        else:
            return Lookup(Missing(Reason.parse_error, f"cannot read '{key}' in {path}"))
    return Lookup(current)
