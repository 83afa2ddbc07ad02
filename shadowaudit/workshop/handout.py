"""Printable handouts: a checklist's items in harm order, each step once, under its own heading."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from shadowaudit.engine.model import Rule
from shadowaudit.host.base import Platform
from shadowaudit.i18n.translator import _
from shadowaudit.report.harm import harm_key
from shadowaudit.report.opening import counted, duration
from shadowaudit.workshop.watching import may_watch

#: The order of the platform headings on a handout.
PLATFORM_ORDER = (Platform.windows, Platform.macos, Platform.linux)


def handout_order(items: Iterable[Rule]) -> list[Rule]:
    """Handout items in the report's own order, most harmful first (report/harm.py): the
    same first fixes on paper as on screen."""
    return sorted(items, key=harm_key)


class StepGroup(Struct, frozen=True):
    """Steps shared by some platforms; `platforms` is empty when they hold for every one."""

    platforms: tuple[Platform, ...]
    fix: tuple[str, ...]
    check_by_hand: tuple[str, ...]


class HandoutItem(Struct, frozen=True):
    """One rule on the handout, with its steps grouped by the platforms they are written for."""

    rule: Rule
    groups: tuple[StepGroup, ...]


def step_groups(rule: Rule) -> tuple[StepGroup, ...]:
    """The rule's steps, each distinct list once, headed by the platforms it is written for.

    Steps written for every platform (a phone's settings, or one text naming each system) stand
    under no platform heading, so that Android steps never sit under "Windows:". Under a
    heading, a shared step for another system ("On Linux, ...") is left out.
    """
    platforms = [p for p in PLATFORM_ORDER if p in rule.applies_to.platforms]
    found: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Platform]] = {}
    for platform in platforms:
        key = (tuple(rule.fix_for(platform)), tuple(rule.check_by_hand.for_platform(platform)))
        found.setdefault(key, []).append(platform)
    if len(found) == 1:
        ((fix, check),) = found
        return (StepGroup((), fix, check),)
    return tuple(
        StepGroup(tuple(ps), _only_for(fix, ps), _only_for(check, ps))
        for (fix, check), ps in found.items()
    )


def _only_for(steps: tuple[str, ...], platforms: list[Platform]) -> tuple[str, ...]:
    """The steps without those that say they are for another system ("On Linux, ...")."""
    others = [p.shown for p in Platform if p not in platforms]
    return tuple(s for s in steps if not s.startswith(tuple(f"On {name}," for name in others)))


def handout_items(rules: Iterable[Rule]) -> list[HandoutItem]:
    """The handout's items: no result about monitoring or remote control (those belong in the
    person's own report only), in harm order, each with its step groups."""
    return [
        HandoutItem(rule, step_groups(rule))
        for rule in handout_order(r for r in rules if not may_watch(r.tags))
    ]


def total_time(minutes: int) -> str:
    """'about 45 minutes', 'about 2 hours', 'about 2 hours and 40 minutes' (to 5 minutes)."""
    rounded = 5 * round(minutes / 5)
    hours, rest = divmod(rounded, 60)
    if minutes < 60 or rest == 0:
        return duration(minutes)
    return _("about %(hours)s and %(minutes)s") % {
        "hours": counted("%(num)d hour", "%(num)d hours", hours),
        "minutes": counted("%(num)d minute", "%(num)d minutes", rest),
    }
