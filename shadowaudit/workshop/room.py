"""The room summary: what a room of people most needs to learn, from their share summaries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from shadowaudit.engine.model import Rule, Severity, Status
from shadowaudit.errors import HostError, NotAFile, TooLarge
from shadowaudit.facts.decode import json_loads
from shadowaudit.host.files import read_regular
from shadowaudit.workshop.share import ShareSummary

#: Largest share file read (a real one is a few kilobytes).
MAX_SHARE_BYTES = 1024 * 1024


class ShareFileError(ValueError):
    """A file that is not a shadowaudit share summary, with a one-line reason."""


@dataclass
class RuleInRoom:
    """How one rule came out across the room."""

    rule: str
    title: str
    severity: Severity
    effort: int
    fail: int = 0
    fine: int = 0
    unknown: int = 0

    @property
    def checked(self) -> int:
        """People for whom the rule applied."""
        return self.fail + self.fine + self.unknown

    def share(self, count: int) -> int:
        """A count as a whole percentage of the people it applied to."""
        return round(100 * count / self.checked) if self.checked else 0


@dataclass
class Room:
    """The room: how many people, which files were duplicates, and every rule's outcome."""

    people: int
    duplicates: list[str] = field(default_factory=list)
    rules: list[RuleInRoom] = field(default_factory=list)
    platforms: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[RuleInRoom]:
        """Rules someone fails, the most common (then most severe) first."""
        failing = [r for r in self.rules if r.fail]
        return sorted(failing, key=lambda r: (-r.fail / r.checked, r.severity.rank, r.effort))

    @property
    def topics(self) -> list[RuleInRoom]:
        """A suggested order for the session: severe and common first, quick fixes early."""
        return sorted(self.problems, key=lambda r: (r.severity.rank, -r.fail, r.effort))


def read_share(path: Path) -> ShareSummary:
    """One share summary file, or ShareFileError saying in plain words what is wrong."""
    try:
        data = json_loads(read_regular(path, MAX_SHARE_BYTES).decode("utf-8"))
    except TooLarge as exc:
        raise ShareFileError(f"{path} is too large to be a share summary") from exc
    except NotAFile as exc:
        raise ShareFileError(f"{path} is not a file (a device or a pipe)") from exc
    except HostError as exc:
        raise ShareFileError(f"{path} cannot be read") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ShareFileError(f"{path} is not a share summary (it is not JSON)") from exc
    try:
        return ShareSummary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise ShareFileError(
            f"{path} is not a shadowaudit share summary ({where}: {first['msg']})"
        ) from exc


def summarize(summaries: Iterable[tuple[str, ShareSummary]], rules: Mapping[str, Rule]) -> Room:
    """The room from (file name, summary) pairs; a run id seen twice counts once."""
    seen: set[str] = set()
    room = Room(people=0)
    by_rule: dict[str, RuleInRoom] = {}
    for name, summary in summaries:
        if summary.run_id in seen:
            room.duplicates.append(name)
            continue
        seen.add(summary.run_id)
        room.people += 1
        room.platforms[summary.platform.value] = room.platforms.get(summary.platform.value, 0) + 1
        for result in summary.results:
            known = rules.get(result.rule)
            entry = by_rule.setdefault(
                result.rule,
                RuleInRoom(
                    rule=result.rule,
                    title=known.title if known else result.rule,
                    severity=result.severity,
                    effort=known.effort if known else 10,
                ),
            )
            if result.status is Status.fail:
                entry.fail += 1
            elif result.status is Status.pass_:
                entry.fine += 1
            elif result.status in (Status.unknown, Status.error):
                entry.unknown += 1
    room.rules = sorted(by_rule.values(), key=lambda r: r.rule)
    return room
