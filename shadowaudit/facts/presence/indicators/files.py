"""Reading an indicator file the person or a trainer named: bounded in size, depth and work,
through the one door for named files (host/files.py); a file that cannot be used says why."""

from __future__ import annotations

import logging
from pathlib import PurePath

from msgspec import Struct

from shadowaudit import yamlio
from shadowaudit.errors import HostError, TooLarge
from shadowaudit.facts.decode import json_loads
from shadowaudit.facts.presence.indicators.echap import looks_like_echap, parse_echap
from shadowaudit.facts.presence.indicators.idlist import looks_like_id_list, parse_id_list
from shadowaudit.facts.presence.indicators.model import IndicatorSet, Problem, Unusable
from shadowaudit.facts.presence.indicators.stix import looks_like_stix, parse_stix
from shadowaudit.host.files import modified_on, read_regular

log = logging.getLogger(__name__)

#: Largest indicator file read (Amnesty's largest bundle is 2.2 MB, chrome-mal-ids' CSV 1.7 MB).
MAX_BYTES = 16 * 1024 * 1024
#: Most values (lists, mappings and strings) a YAML file may hold: an alias repeated inside
#: aliases ("billion laughs") would otherwise make walking it endless.
MAX_NODES = 2_000_000
#: Deepest nesting read (Echap's ioc.yaml is 4 levels deep).
MAX_DEPTH = 16


class Loaded(Struct, frozen=True):
    """An indicator set read from a file, and how many of its values cannot be checked here."""

    file: str
    found: IndicatorSet
    skipped: int


def _yaml_within(data: object) -> bool:
    """True when YAML data holds at most MAX_NODES values nested at most MAX_DEPTH deep
    (walked with a budget, so shared aliases cannot multiply the work)."""
    budget = MAX_NODES
    level: list[object] = [data]
    for _ in range(MAX_DEPTH + 1):
        inner: list[object] = []
        for item in level:
            values = item.values() if isinstance(item, dict) else item
            if isinstance(values, list | type({}.values())):
                for value in values:
                    budget -= 1
                    if budget < 0:
                        return False
                    if isinstance(value, dict | list):
                        inner.append(value)
        if not inner:
            return True
        level = inner
    return False


def _parse(data: bytes, path: PurePath) -> tuple[IndicatorSet, int] | Problem:
    """The set in a file's bytes, or why there is none."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not text.strip():
        return Problem.empty
    date = modified_on(path).date().isoformat()
    if text.lstrip().startswith("{"):
        try:
            parsed: object = json_loads(data)
        except ValueError:
            return Problem.broken
        if looks_like_stix(parsed):
            assert isinstance(parsed, dict)
            return parse_stix(parsed, path.stem)
        return Problem.unknown_format
    if looks_like_id_list(text):
        return parse_id_list(text, path.stem, date)
    import yaml  # only for a file that is neither JSON nor a list of IDs

    try:
        parsed = yamlio.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return Problem.broken
    if parsed is None or parsed == []:
        return Problem.empty
    if not _yaml_within(parsed):
        return Problem.too_large
    if looks_like_echap(parsed):
        assert isinstance(parsed, list)
        return parse_echap(parsed, path.stem, date)
    return Problem.unknown_format


def load_indicator_file(path: PurePath) -> Loaded | Unusable:
    """Read one indicator file: a STIX 2.1 bundle, an Echap ioc.yaml or an extension-ID list.
    Anything else, broken, empty (no indicator at all) or too large is Unusable, with why."""
    try:
        data = read_regular(path, MAX_BYTES)
        parsed = _parse(data, path)
    except TooLarge:
        return Unusable(path.name, Problem.too_large)
    except HostError as exc:
        log.info("indicator file %s: %s", path.name, type(exc).__name__)
        return Unusable(path.name, Problem.unreadable)
    if isinstance(parsed, Problem):
        return Unusable(path.name, parsed)
    found, skipped = parsed
    if found.count == 0:
        return Unusable(path.name, Problem.empty)
    return Loaded(path.name, found, skipped)
