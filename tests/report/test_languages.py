"""Reports in another language: rule texts, the program's words, direction, and fallback."""

from __future__ import annotations

import gettext
import io
import shutil
from pathlib import Path

import pytest

from shadowaudit.engine.model import Status
from shadowaudit.host import RecordedHost
from shadowaudit.i18n.translator import Translator, translator_for
from shadowaudit.maintain.catalogues import compiled, read
from shadowaudit.report.render import Format, render
from shadowaudit.resources import rules_dir
from shadowaudit.scan import load_selected_rules, run_scan
from tests.conftest import HOSTS

MACHINE = HOSTS / "windows11-browsers"


def _report(tr: Translator, extra: list[Path] | None = None):  # type: ignore[no-untyped-def]
    return run_scan(RecordedHost(MACHINE), load_selected_rules(extra or []), tr=tr)


@pytest.mark.parametrize("language", ["es", "fr", "ar", "fa", "ru"])
def test_a_whole_report_is_in_the_language(language: str) -> None:
    english = _report(translator_for("en"))
    report = _report(translator_for(language))
    assert report.language == language
    assert report.untranslated == []
    pairs = list(zip(report.findings, english.findings, strict=True))
    # NOTE: a few titles are the same word in both ("Firewall" in Spanish).
    assert sum(mine.title != theirs.title for mine, theirs in pairs) > 0.9 * len(pairs)
    for mine, theirs in pairs:
        assert mine.rule == theirs.rule
        if mine.status is Status.fail:
            assert mine.why != theirs.why
            assert len(mine.fix) == len(theirs.fix)
    text = render(report, Format.text)
    for heading in ("Fix these first", "Why it matters", "How to fix it", "Not yet translated"):
        assert heading.upper() not in text.upper(), heading


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("es", "ltr")])
def test_the_html_page_says_its_language_and_direction(language: str, direction: str) -> None:
    page = render(_report(translator_for(language)), Format.html)
    assert f'<html lang="{language}" dir="{direction}">' in page


def _french_without(context: str | None, message: str) -> Translator:
    """The shipped French, less one translation (as after the English text changed)."""
    catalog = read("fr")
    catalog.delete(message, context=context)
    return Translator("fr", gettext.GNUTranslations(io.BytesIO(compiled(catalog))))


def test_a_missing_translation_falls_back_for_that_string_only() -> None:
    rule = next(r for r in load_selected_rules() if r.id == "system.screen_lock")
    steps = rule.fix.for_platform(RecordedHost(MACHINE).platform)
    step = steps[0]
    report = _report(_french_without(rule.id, step))
    finding = next(f for f in report.findings if f.rule == rule.id)
    assert finding.fix[0] == step
    assert finding.title != rule.title
    assert all(mine != english for mine, english in zip(finding.fix[1:], steps[1:], strict=True))
    assert report.untranslated == [rule.id]
    text = render(report, Format.text)
    french = translator_for("fr")
    assert french.text("Not yet translated, so shown in English:") in text
    assert finding.title in text.split(french.text("Not yet translated, so shown in English:"))[1]


def test_a_missing_heading_is_named_as_the_program_s_own_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shadowaudit.report import render as module

    report = _report(translator_for("fr"))
    assert report.untranslated == []
    monkeypatch.setattr(
        module, "translator_for", lambda _language: _french_without(None, "Fix these first")
    )
    with_notice = render(report, Format.text)
    french = translator_for("fr")
    assert "FIX THESE FIRST" in with_notice
    notice = with_notice.split(french.text("Not yet translated, so shown in English:"))[1]
    assert french.text("some of shadowaudit's own words") in notice.replace("\n", " ")


def test_a_rule_of_ones_own_stays_english_and_the_report_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "rules" / "local"
    folder.mkdir(parents=True)
    source = rules_dir() / "system" / "firewall.yaml"
    text = source.read_text(encoding="utf-8").replace("id: system.firewall", "id: local.firewall")
    (folder / "firewall.yaml").write_text(text.replace("title: Firewall", "title: Our firewall"))
    report = _report(translator_for("es"), [tmp_path / "rules"])
    ours = next(f for f in report.findings if f.rule == "local.firewall")
    assert ours.title == "Our firewall"
    assert report.untranslated == ["local.firewall"]
    notice = translator_for("es").text("Not yet translated, so shown in English:")
    for fmt in (Format.text, Format.md, Format.html):
        rendered = render(report, fmt)
        assert "Our firewall" in rendered.split(notice)[1], fmt  # listed, one item a line


def test_the_json_report_records_the_language() -> None:
    data = render(_report(translator_for("fa")), Format.json)
    assert '"language": "fa"' in data
    assert '"untranslated": []' in data


def test_a_catalogue_that_cannot_be_read_means_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shadowaudit.i18n import translator as module

    broken = tmp_path / "locale" / "xx" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "shadowaudit.mo").write_bytes(b"not a catalogue")
    monkeypatch.setattr(module, "locale_dir", lambda: tmp_path / "locale")
    module._compiled.cache_clear()
    try:
        tr = translator_for("xx")
        assert tr.text("Firewall", "system.firewall") == "Firewall"
    finally:
        module._compiled.cache_clear()
    shutil.rmtree(tmp_path / "locale")
