"""Which facts a rule reads: walked out of its conditions, for collection, linting and tests."""

from __future__ import annotations

from collections.abc import Iterator

from shadowaudit.engine.model import AllOf, AnyOf, Condition, CountTest, FactTest, NotOf, Rule
from shadowaudit.engine.paths import parse_path
from shadowaudit.host.base import Platform


def condition_paths(condition: Condition) -> Iterator[str]:
    """Every fact path a condition reads, including those inside `count.where`."""
    if isinstance(condition, FactTest):
        yield condition.fact
        reference = condition.reference()
        if reference is not None:
            yield reference
        if isinstance(condition.count, CountTest) and condition.count.where is not None:
            yield from condition_paths(condition.count.where)
    elif isinstance(condition, NotOf):
        yield from condition_paths(condition.not_)
    else:
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        assert isinstance(condition, AllOf | AnyOf)
        for part in parts:
            yield from condition_paths(part)


#: The paths of each rule already walked, by the rule's identity (the rule is kept with them,
#: so that its identity is never another's): a scan asks four times for each rule.
_WALKED: dict[tuple[int, bool, Platform | None], tuple[Rule, list[str]]] = {}
#: The most rules' paths kept (a scan has about 80 rules, each asked in up to 4 ways).
MOST_WALKED = 4096


def rule_paths(
    rule: Rule, judged_only: bool = False, platform: Platform | None = None
) -> list[str]:
    """Every path a rule reads, on every platform (or on `platform` only: none where the rule
    does not apply), in order and without repeats.

    With `judged_only`, leave out the facts a rule only shows as evidence.
    """
    key = (id(rule), judged_only, platform)
    walked = _WALKED.get(key)
    if walked is None or walked[0] is not rule:
        if len(_WALKED) >= MOST_WALKED:  # a program that loads rules again and again
            _WALKED.clear()
        walked = _WALKED[key] = (rule, _walk(rule, judged_only, platform))
    return list(walked[1])


def _walk(rule: Rule, judged_only: bool, platform: Platform | None) -> list[str]:
    """The paths of `rule_paths`, walked out of the rule."""
    paths: list[str] = []
    platforms = rule.applies_to.platforms
    if platform is not None:
        platforms = [platform] if platform in platforms else []
    if rule.applies_to.when is not None and platforms:
        paths.extend(condition_paths(rule.applies_to.when))
    for where in platforms:
        check = rule.check.for_platform(where)
        if check is None:
            continue
        if check.for_each:
            paths.append(check.for_each)
        if check.where is not None:
            paths.extend(condition_paths(check.where))
        paths.extend(condition_paths(check.pass_if))
        if not judged_only:
            paths.extend(check.evidence)
    return list(dict.fromkeys(paths))


def subject_fields(rule: Rule, judged_only: bool = False) -> list[str]:
    """The subject fields (`item.X`) a rule reads."""
    parsed = [parse_path(p) for p in rule_paths(rule, judged_only)]
    return list(dict.fromkeys(p[1] for p in parsed if p[0] == "item" and len(p) > 1))


def top_level_paths(rule: Rule, judged_only: bool = False) -> list[str]:
    """The paths a rule reads that do not start with `item.` or `each.`."""
    return [p for p in rule_paths(rule, judged_only) if parse_path(p)[0] not in ("item", "each")]
