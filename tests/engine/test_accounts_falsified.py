"""The falsification review of rules/accounts: "not sure" is never fine."""

from __future__ import annotations

import pytest

from shadowaudit.engine.evaluate import evaluate_rule
from shadowaudit.engine.examples import example_facts
from shadowaudit.engine.model import Status
from shadowaudit.facts.base import Missing, Reason
from shadowaudit.facts.collectors import catalogue
from shadowaudit.scan import load_selected_rules

ACCOUNTS = {rule.id: rule for rule in load_selected_rules(only=["accounts."])}


def test_the_ten_account_rules_are_reviewed() -> None:
    # Their falsify notes and traps are held by tests/engine/test_shipped_rules.py.
    assert len(ACCOUNTS) == 10


@pytest.mark.parametrize("rule_id", sorted(ACCOUNTS))
def test_not_sure_never_passes(rule_id: str) -> None:
    """Every passing example, with each answer it reads turned into "I'm not sure"."""
    rule = ACCOUNTS[rule_id]
    known = catalogue()
    for example in rule.examples:
        facts = example_facts(example)
        answers = [name for name in facts if name.startswith("answers.")]
        if example.expect is not Status.pass_ or not answers:
            continue
        for name in answers:
            unsure = {**facts, name: Missing(Reason.not_sure, "not sure")}
            platform = example.platform or rule.applies_to.platforms[0]
            statuses = {r.status for r in evaluate_rule(rule, unsure, platform, known)}
            assert Status.pass_ not in statuses, f"{rule_id}: {example.name} with {name} unsure"


def test_an_installed_password_manager_is_not_one_in_use() -> None:
    rule = ACCOUNTS["accounts.password_manager"]
    installed = {"accounts.password_managers": ["KeePassXC"]}
    for answer, expected in [
        ("no", Status.fail),
        (Missing(Reason.not_sure), Status.unknown),
        (Missing(Reason.not_answered), Status.unknown),
        ("yes", Status.pass_),
    ]:
        facts = {**installed, "answers.uses_password_manager": answer}
        (result,) = evaluate_rule(rule, facts, rule.applies_to.platforms[0], catalogue())
        assert result.status is expected, answer
