"""The room summary: what a room of people most needs to learn, from their share summaries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import msgspec
from msgspec import Struct, field

from shadowaudit.engine.model import Rule, Severity, Status
from shadowaudit.engine.strict import located
from shadowaudit.errors import HostError, NotAFile, TooLarge
from shadowaudit.facts.decode import json_loads
from shadowaudit.host.files import read_regular
from shadowaudit.i18n.translator import N_, _
from shadowaudit.report.values import visible
from shadowaudit.workshop.share import ShareSummary
from shadowaudit.workshop.watching import may_watch

#: Largest share file read (a real one is a few kilobytes).
MAX_SHARE_BYTES = 1024 * 1024


class ShareFileError(ValueError):
    """A file that is not a shadowaudit share summary: a plain sentence with %(file)s for the
    room summary (`pattern`), and a technical detail for the trainer's terminal only."""

    def __init__(self, path: Path, pattern: str, detail: str = "") -> None:
        """The file, the sentence pattern (N_), and an optional technical detail."""
        self.path, self.pattern, self.detail = path, pattern, detail
        english = pattern % {"file": path}
        super().__init__(f"{english[:-1]} ({detail})." if detail else english)

    def shown(self) -> str:
        """The sentence for the room summary, with the file's name only, in the language in use."""
        return _(self.pattern) % {"file": visible(self.path.name)}


TOO_LARGE = N_("%(file)s is too large to be a share summary.")
NOT_A_FILE = N_("%(file)s is not a file (a device or a pipe).")
UNREADABLE = N_("%(file)s cannot be read.")
NOT_JSON = N_("%(file)s is not a share summary (it is not JSON).")
NOT_A_SHARE = N_("%(file)s is not a shadowaudit share summary.")
TWICE = N_("%(file)s gives a result twice for one check, so it was changed by hand.")


class RuleInRoom(Struct):
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


class Room(Struct):
    """The room: how many people, which files were duplicates, and every rule's outcome."""

    people: int
    duplicates: list[str] = field(default_factory=list)
    #: Files left out, with the sentence that says why (the room is summed up without them).
    skipped: list[str] = field(default_factory=list)
    rules: list[RuleInRoom] = field(default_factory=list)
    platforms: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[RuleInRoom]:
        """Rules someone fails, those most people need to fix first (then the larger share
        of those it applied to, then the most severe): 5 of 8 comes before 1 of 1."""
        failing = [r for r in self.rules if r.fail]
        return sorted(
            failing, key=lambda r: (-r.fail, -r.fail / r.checked, r.severity.rank, r.effort)
        )

    @property
    def topics(self) -> list[RuleInRoom]:
        """A suggested order for the session: severe and common first, quick fixes early."""
        return sorted(self.problems, key=lambda r: (r.severity.rank, -r.fail, r.effort))


def read_share(path: Path) -> ShareSummary:
    """One share summary file, or ShareFileError saying in plain words what is wrong."""
    try:
        # NOTE: utf-8-sig: a file opened and saved again in Windows Notepad starts with a BOM.
        data = json_loads(read_regular(path, MAX_SHARE_BYTES).decode("utf-8-sig"))
    except TooLarge as exc:
        raise ShareFileError(path, TOO_LARGE) from exc
    except NotAFile as exc:
        raise ShareFileError(path, NOT_A_FILE) from exc
    except HostError as exc:
        raise ShareFileError(path, UNREADABLE) from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ShareFileError(path, NOT_JSON) from exc
    try:
        summary = msgspec.convert(data, ShareSummary)
    except msgspec.ValidationError as exc:
        where, problem = located(exc)
        raise ShareFileError(path, NOT_A_SHARE, f"{where or 'the file'}: {problem}") from exc
    rules = [result.rule for result in summary.results]
    if len(set(rules)) != len(rules):
        raise ShareFileError(path, TWICE)
    return summary


def _expand(paths: Iterable[Path]) -> list[Path]:
    """The paths given, each folder replaced by the .json files directly inside it."""
    found: list[Path] = []
    for path in paths:
        try:
            inside = sorted(path.glob("*.json")) if path.is_dir() else [path]
        except OSError:
            inside = [path]
        found.extend(p for p in inside if not p.is_dir())
    return found


def read_shares(
    paths: Iterable[Path],
) -> tuple[list[tuple[str, ShareSummary]], list[ShareFileError]]:
    """The share summaries that can be read, by file name, and the files left out (and why).
    A folder stands for the .json files in it (a trainer collects them on one USB stick)."""
    summaries: list[tuple[str, ShareSummary]] = []
    refused: list[ShareFileError] = []
    for path in _expand(paths):
        try:
            summaries.append((path.name, read_share(path)))
        except ShareFileError as exc:
            refused.append(exc)
    return summaries, refused


def summarize(summaries: Iterable[tuple[str, ShareSummary]], rules: Mapping[str, Rule]) -> Room:
    """The room from (file name, summary) pairs; a run id seen twice counts once. Results about
    monitoring or remote-control programs are left out, even from a file made by hand or by an
    older shadowaudit: a room must never learn that one of its people may be watched."""
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
            if known is not None and may_watch(known.tags):
                continue
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
