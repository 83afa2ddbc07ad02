"""The example runner catches a wrong expectation and a verdict made from missing evidence."""

from __future__ import annotations

from typing import Any

from shadowaudit.engine.examples import check_rule_examples
from shadowaudit.engine.lint import lint_rule
from shadowaudit.engine.model import Rule
from shadowaudit.facts.collectors import catalogue
from tests.engine.test_evaluate import make_rule


def test_wrong_expectation_is_reported() -> None:
    rule = make_rule(
        examples=[
            {
                "name": "on",
                "facts": {
                    "browser.firefox.profiles": [{"id": "a", "label": "A", "prefs": {"p": True}}]
                },
                "expect": "fail",
            },
            {
                "name": "off",
                "facts": {"browser.firefox.profiles": [{"id": "a", "label": "A", "prefs": {}}]},
                "expect": "fail",
            },
            {
                "name": "pass",
                "facts": {
                    "browser.firefox.profiles": [{"id": "a", "label": "A", "prefs": {"p": True}}]
                },
                "expect": "pass",
            },
        ]
    )
    failures = check_rule_examples(rule, catalogue())
    assert [(f.example, f.message) for f in failures] == [("on", "expected fail, got pass")]


def test_missing_evidence_mutations_pass_for_honest_rules() -> None:
    facts: dict[str, Any] = {"system.linux.ufw": "enabled", "system.linux.firewalld": "inactive"}
    rule = make_rule(
        check={
            "pass_if": {
                "any": [
                    {"fact": "system.linux.ufw", "equals": "enabled"},
                    {"fact": "system.linux.firewalld", "equals": "active"},
                ]
            }
        },
        examples=[
            {"name": "on", "facts": facts, "expect": "pass"},
            {"name": "off", "facts": {**facts, "system.linux.ufw": "disabled"}, "expect": "fail"},
        ],
    )
    assert check_rule_examples(rule, catalogue()) == []


def test_lint_finds_uncatalogued_facts_and_missing_fix_steps() -> None:
    rule: Rule = make_rule(
        applies_to={"platforms": ["linux", "windows"]},
        check={"pass_if": {"fact": "system.made_up", "equals": True}},
        fix={"linux": ["Do it."]},
    )
    problems = lint_rule(rule, catalogue())
    assert any("system.made_up" in p and "no collector" in p for p in problems)
    assert "has no fix steps for windows" in problems
    field_rule = make_rule(
        check={
            "for_each": "browser.firefox.profiles",
            "pass_if": {"fact": "item.colour", "equals": 1},
        }
    )
    assert "reads item.colour, which the subjects do not have" in lint_rule(field_rule, catalogue())


def test_a_setting_outside_the_allow_list_is_reported() -> None:
    rule = make_rule(
        check={
            "for_each": "browser.firefox.profiles",
            "pass_if": {"fact": 'item.prefs["network.proxy.http"]', "equals": ""},
        }
    )
    assert any(
        "'network.proxy.http'" in p and "redact.py" in p for p in lint_rule(rule, catalogue())
    )
