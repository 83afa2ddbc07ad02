"""Read several places for one fact: what each found, or why none could be read."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from shadowaudit.errors import HostError, NotFound
from shadowaudit.facts.base import FactValue, Missing, missing_from

log = logging.getLogger(__name__)

Found = list[dict[str, FactValue]]


def gather(readers: Iterable[Callable[[], Found]], what: str) -> FactValue:
    """Every subject the readers found, once each (by id). A place that is absent counts as
    empty; one that cannot be read is noted, and when nothing was found at all the fact is
    Missing (never an empty list that would look like "none")."""
    found: Found = []
    problems: list[Missing] = []
    for read in readers:
        try:
            found += read()
        except NotFound:
            continue
        except HostError as exc:
            log.info("%s: a place could not be read: %s", what, type(exc).__name__)
            problems.append(missing_from(exc))
    unique: list[FactValue] = list({str(item["id"]): item for item in found}.values())
    if not unique and problems:
        return problems[0]
    return unique
