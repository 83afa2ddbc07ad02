"""Checks on rules beyond the schema: catalogued facts, fix steps per platform, for_each shape."""

from __future__ import annotations

from collections.abc import Mapping

from shadowaudit.engine.facts_read import rule_paths, subject_fields, top_level_paths
from shadowaudit.engine.model import Rule
from shadowaudit.engine.paths import top_fact
from shadowaudit.facts.base import FactKind, FactSpec
from shadowaudit.facts.redact import CHROMIUM_PREFS, FIREFOX_PREFS, is_kept


def lint_rule(rule: Rule, catalogue: Mapping[str, FactSpec]) -> list[str]:
    """Problems with a rule that the schema cannot see, as plain sentences (empty when fine)."""
    problems: list[str] = []
    for path in top_level_paths(rule):
        if top_fact(path, catalogue) is None:
            problems.append(
                f"reads '{path}', which no collector provides (see `shadowaudit facts --catalogue`)"
            )
    subject_facts = set()
    for platform in rule.applies_to.platforms:
        check = rule.check.for_platform(platform)
        if check is None:
            problems.append(f"applies to {platform} but has no check for it")
            continue
        if check.for_each is not None:
            spec = catalogue.get(check.for_each)
            if spec is not None and spec.kind is not FactKind.subjects:
                problems.append(f"for_each '{check.for_each}' is not a list of subjects")
            elif spec is not None:
                subject_facts.add(spec.name)
        elif any(p.startswith("item.") for p in rule_paths(rule)):
            problems.append(f"uses 'item.' on {platform} without for_each")
        if not rule.fix.for_platform(platform):
            problems.append(f"has no fix steps for {platform}")
        if not rule.check_by_hand.for_platform(platform):
            problems.append(f"has no check_by_hand steps for {platform}")
    for field in subject_fields(rule):
        known = {"id", "label"}
        for name in subject_facts:
            known.update(catalogue[name].fields)
        if subject_facts and field not in known:
            problems.append(f"reads item.{field}, which the subjects do not have")
    for path in rule_paths(rule):
        name = path.removeprefix('item.prefs["').removesuffix('"]')
        if path.startswith('item.prefs["') and not (
            is_kept(name, FIREFOX_PREFS) or is_kept(name, CHROMIUM_PREFS)
        ):
            problems.append(
                f"reads the setting '{name}', which shadowaudit does not keep "
                "(the allow-list is in shadowaudit/facts/redact.py)"
            )
    return problems


def falsification_problems(rule: Rule) -> list[str]:
    """What a rule that can pass lacks of its falsification review: a `falsify` note saying
    how it could pass while the person is exposed, and a trap example that must not pass."""
    problems: list[str] = []
    if not (rule.falsify or "").strip():
        problems.append("has no 'falsify' note (how could it say 'fine' while exposed?)")
    if not any(example.trap for example in rule.examples):
        problems.append("has no trap example ('trap: true': a case that must not pass)")
    return problems
