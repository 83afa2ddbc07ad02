"""Known signs of spyware, offline (`presence.indicators`): indicator sets matched against the
facts other collectors read, in a step that runs after them (scan.py `derive`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import ClassVar

from shadowaudit.errors import HostError
from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec, FactValue
from shadowaudit.facts.presence.indicators.files import Loaded, load_indicator_file
from shadowaudit.facts.presence.indicators.matching import find_matches, signals
from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind, Unusable
from shadowaudit.facts.presence.indicators.shipped import shipped_set
from shadowaudit.host.base import Host, Platform

INDICATORS = "presence.indicators"
BROWSER_PROFILES = ("browser.firefox.profiles", "browser.chromium.profiles")
AUTOSTART = "presence.autostart"
CERTIFICATES = "presence.certificates"
MANAGEMENT = "presence.management"

#: Indicator files named for this scan (--iocs, a checklist's `iocs:`), read once.
_named: list[PurePath] = []


@contextlib.contextmanager
def indicator_files(paths: Iterable[PurePath]) -> Iterator[None]:
    """Use these indicator files too, for the scans run inside the block."""
    saved = list(_named)
    _named[:] = [*saved, *paths]
    try:
        yield
    finally:
        _named[:] = saved


def _load(paths: Iterable[PurePath]) -> list[Loaded | Unusable]:
    """The named files, read afresh for each scan (a trainer may have replaced one)."""
    return [load_indicator_file(path) for path in paths]


def _items(value: FactValue, key: str) -> list[dict[str, FactValue]]:
    """The mappings in a list fact, or in a list under `key` of each subject."""
    items = value if isinstance(value, list) else []
    found = []
    for item in items:
        if not isinstance(item, dict):
            continue
        inner = item.get(key) if key else [item]
        found += [x for x in inner if isinstance(x, dict)] if isinstance(inner, list) else []
    return found


def _home_path(host: Host, program: str) -> str:
    """A program path with ~ spelled out as the home folder, as indicators write paths."""
    return str(host.home) + program[1:] if program.startswith("~") else program


def observe(host: Host, facts: FactMap) -> dict[Kind, set[str]]:
    """The values on this computer that indicators are compared with, by kind."""
    seen: dict[Kind, set[str]] = {kind: set() for kind in Kind}
    try:
        for process in host.processes():
            seen[Kind.process].add(process.name)
            if process.exe:
                seen[Kind.program_path].add(process.exe)
    except HostError:
        pass  # the programs that start by themselves and the browsers still count
    for entry in _items(facts.get(AUTOSTART), ""):
        if isinstance(entry.get("program"), str):
            seen[Kind.program_path].add(_home_path(host, str(entry["program"])))
    for profiles in BROWSER_PROFILES:
        for extension in _items(facts.get(profiles), "extensions"):
            if isinstance(extension.get("id"), str):
                seen[Kind.extension].add(str(extension["id"]))
        for profile in _items(facts.get(profiles), ""):
            panels = profile.get("spying_panel_cookies")
            if isinstance(panels, list):
                seen[Kind.panel_host].update(p for p in panels if isinstance(p, str))
    for certificate in _items(facts.get(CERTIFICATES), ""):
        if isinstance(certificate.get("sha256"), str):
            seen[Kind.certificate].add(str(certificate["sha256"]))
    # NOTE: presence.management is a list of managers (interception/management.py), each
    # with the host of its server when the system names it.
    for manager in _items(facts.get(MANAGEMENT), ""):
        if isinstance(manager.get("mdm_host"), str) and manager["mdm_host"]:
            seen[Kind.mdm_host].add(str(manager["mdm_host"]))
    return seen


def _set_fact(found: IndicatorSet, file: str, skipped: int) -> FactValue:
    """What the report says about one set used."""
    return {
        "name": found.name,
        "file": file,
        "date": found.date,
        "count": found.count,
        "skipped": skipped,
    }


def indicators_fact(host: Host, facts: FactMap, named: Iterable[PurePath]) -> FactValue:
    """The sets used, the files that could not be used, the matches and how many
    independent signs they are."""
    sets = [shipped_set()]
    used: list[FactValue] = [_set_fact(sets[0], "", 0)]
    unusable: list[Unusable] = []
    for result in _load(named):
        if isinstance(result, Unusable):
            unusable.append(result)
        else:
            sets.append(result.found)
            used.append(_set_fact(result.found, result.file, result.skipped))
    matches = find_matches(sets, observe(host, facts))
    return {
        "sets": used,
        "unusable": [{"file": u.file, "problem": u.problem.value} for u in unusable],
        "matches": [
            {"set": m.set, "kind": m.kind.value, "category": m.category, "value": m.value}
            for m in matches
        ],
        "signals": signals(matches),
        # NOTE: the same, one line each, as the report shows them under "What shadowaudit read".
        "sets_used": [f"{s.name} {s.date} ({s.count})" for s in sets],
        "signs_found": [f"{m.category}: {m.kind.value} {m.value} ({m.set})" for m in matches],
        "files_unusable": [f"{u.file} ({u.problem.value})" for u in unusable],
    }


class IndicatorsCollector(Collector):
    """Matches indicator sets against programs, extensions, certificates and management.

    It reads the running programs itself, and the facts in `needs` from the other
    collectors: the scan runs it after them (`derive`)."""

    name = "indicators"
    platforms = frozenset(Platform)
    needs: ClassVar[tuple[str, ...]] = (*BROWSER_PROFILES, AUTOSTART, CERTIFICATES, MANAGEMENT)
    facts = (
        FactSpec(
            INDICATORS,
            FactKind.mapping,
            "Known signs of spyware: the indicator sets used (the shipped list and --iocs "
            "files), the files that could not be used, and what matched on this computer.",
            fields={
                "sets": "[{name, file, date, count, skipped}]: each set used, its date, how "
                "many indicators it holds, and how many cannot be checked on a computer",
                "unusable": "[{file, problem}]: indicator files that could not be used "
                "(unreadable, too_large, broken, unknown_format, empty)",
                "matches": "[{set, kind, category, value}]: kind is process, program_path, "
                "extension, certificate, mdm_host or panel_host (a spying product's control "
                "panel among cookie hosts); value is the matched indicator, nothing more",
                "signals": "how many different kinds of sign matched (independent signs)",
                "sets_used": "each set used as one line: name, date (count)",
                "signs_found": "each match as one line: category: kind value (set)",
                "files_unusable": "each file that could not be used as one line: file (problem)",
            },
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Match with no other collector's facts (the running programs only)."""
        return self.derive(host, {})

    def derive(self, host: Host, facts: FactMap) -> FactMap:
        """Match the indicator sets against the running programs and the facts collected."""
        return {INDICATORS: indicators_fact(host, facts, _named)}
