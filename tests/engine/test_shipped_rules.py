"""Every shipped rule: its examples pass, missing evidence never decides, and it lints clean."""

from __future__ import annotations

import pytest

from shadowaudit.engine.examples import check_rule_examples
from shadowaudit.engine.lint import falsification_problems, lint_rule
from shadowaudit.engine.loader import load_rules
from shadowaudit.engine.model import Rule
from shadowaudit.resources import rules_dir
from shadowaudit.scan import full_catalogue, load_questions

RULES = load_rules([rules_dir()])
CATALOGUE = full_catalogue(load_questions(RULES))


def test_the_foundation_rules_ship() -> None:
    assert {r.id for r in RULES} >= {
        "browser.firefox.https_only",
        "browser.firefox.tracking_protection",
        "system.disk_encryption",
        "system.firewall",
    }


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    assert check_rule_examples(rule, CATALOGUE) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_lints_clean(rule: Rule) -> None:
    assert lint_rule(rule, CATALOGUE) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_file_points_editors_at_the_schema(rule: Rule) -> None:
    path = rules_dir().joinpath(*rule.id.split(".")).with_suffix(".yaml")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == (
        rules_dir().parent / "schema" / "rule.schema.json"
    ).resolve()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_its_falsification_review(rule: Rule) -> None:
    """A falsify note and a trap example (a trap never expects a pass: the model refuses it)."""
    assert falsification_problems(rule) == []
