"""Fix steps come in the order a person does them: what the others need comes first."""

from __future__ import annotations

import re

import pytest

from shadowaudit.engine.model import Rule
from shadowaudit.host.base import Platform
from shadowaudit.i18n.translator import shipped_languages, translator_for
from shadowaudit.scan import load_selected_rules

#: A step that prepares the others ("First, put a code app on your phone", "Back up your files
#: first"): it is the first step of its list, or the person meets it too late.
PREPARES = re.compile(r"^(?:First\b|Back up\b|Start with\b)")


def _blocks(rule: Rule) -> list[tuple[str, list[str]]]:
    blocks = [(f"fix.{p.value}", rule.fix.for_platform(p)) for p in Platform]
    for kind, text in rule.fix_by_kind.items():
        blocks += [(f"fix_by_kind.{kind}.{p.value}", text.for_platform(p)) for p in Platform]
    return blocks


@pytest.mark.parametrize("rule", load_selected_rules(), ids=lambda r: r.id)
def test_a_step_that_prepares_the_others_comes_first(rule: Rule) -> None:
    for where, steps in _blocks(rule):
        late = [s for s in steps[1:] if PREPARES.match(s)]
        assert not late, f"{rule.id} {where}: move to the first step: {late}"


@pytest.mark.parametrize("language", shipped_languages())
def test_the_code_app_comes_before_the_steps_that_need_it_in_every_language(
    language: str,
) -> None:
    rule = next(r for r in load_selected_rules() if r.id == "accounts.email_second_factor")
    tr = translator_for(language)
    steps = tr.texts(rule.fix_for(Platform.windows), rule.id)
    assert steps[0] == tr.text(
        'First, put a code app on your phone, for example "Aegis" on Android or "2FAS" on iPhone.',
        rule.id,
    )
    assert "myaccount.google.com" in steps[1]  # the first step that needs the app
