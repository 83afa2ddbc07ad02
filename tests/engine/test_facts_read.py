"""Which facts a rule reads: walked once per rule, and each caller gets its own list."""

from __future__ import annotations

import pytest

from shadowaudit.engine import facts_read
from shadowaudit.engine.facts_read import rule_paths, top_level_paths
from shadowaudit.engine.loader import load_rules
from shadowaudit.host.base import Platform
from shadowaudit.resources import rules_dir


def test_a_rule_is_walked_once_and_each_caller_gets_its_own_list() -> None:
    rule = next(r for r in load_rules([rules_dir()]) if r.id == "system.firewall")
    first = rule_paths(rule)
    first.append("changed.by.a.caller")
    assert "changed.by.a.caller" not in rule_paths(rule)
    assert rule_paths(rule) == facts_read._walk(rule, False, None)
    linux = rule_paths(rule, platform=Platform.linux)
    assert linux == facts_read._walk(rule, False, Platform.linux) and linux
    assert set(top_level_paths(rule)) <= set(rule_paths(rule))


def test_other_rules_never_share_their_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = load_rules([rules_dir()])
    monkeypatch.setattr(facts_read, "MOST_WALKED", 3)
    for rule in rules:
        assert rule_paths(rule, judged_only=True) == facts_read._walk(rule, True, None)
    assert len(facts_read._WALKED) <= 3
